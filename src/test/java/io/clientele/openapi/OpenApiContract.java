package io.clientele.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One OpenAPI 3.1 document as the server serves it, and the check of a real exchange against it:
 * the operation its method and path name, its parameters, credentials and body, the status it got,
 * the headers and body that status documents. Schemas are validated by networknt's JSON Schema
 * 2020-12 validator with the OpenAPI 3.1 dialect, formats asserted; the walk from the request to
 * the schemas is what OpenAPI specifies and is done here.
 */
final class OpenApiContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TEMPLATE_PARAMETER = Pattern.compile("\\{([^}/]+)}");

  /**
   * A documented operation: its method, its path on the server, where it stands in the document.
   */
  record Operation(String method, String path, String pointer, Pattern matcher, int parameters) {
    String key() {
      return method + " " + path;
    }
  }

  private final String name;
  private final JsonNode document;
  private final String iri;
  private final SchemaRegistry registry;
  private final List<Operation> operations;
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

  OpenApiContract(String name, String text) {
    this.name = name;
    try {
      this.document = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new AssertionError("the " + name + " document is not JSON", e);
    }
    this.iri = "https://clientele.invalid/openapi/" + name + ".json";
    this.registry =
        SchemaRegistry.withDialect(
            Dialects.getOpenApi31(),
            builder ->
                builder
                    .schemas(Map.of(iri, text))
                    .schemaRegistryConfig(
                        SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    this.operations = operations(document);
  }

  String name() {
    return name;
  }

  JsonNode document() {
    return document;
  }

  List<Operation> operations() {
    return operations;
  }

  /** The server's base path of the document's operations: its first server's, else none. */
  static String basePath(JsonNode document) {
    String url = document.path("servers").path(0).path("url").asText("");
    String path = URI.create(url.isEmpty() ? "/" : url).getPath();
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /** The operation a request names; HEAD is the GET without a body. Literal segments win. */
  Optional<Operation> find(String method, String rawPath) {
    String documented = method.equals("HEAD") ? "GET" : method;
    return operations.stream()
        .filter(o -> o.method().equals(documented) && o.matcher().matcher(rawPath).matches())
        .min(Comparator.comparingInt(Operation::parameters));
  }

  /** What is wrong with the request as the operation documents requests; empty when nothing. */
  List<String> requestProblems(Operation operation, Exchange exchange) {
    List<String> problems = new ArrayList<>();
    checkParameters(operation, exchange, problems);
    checkCredentials(operation, exchange, problems);
    checkRequestBody(operation, exchange, problems);
    return problems;
  }

  /** What is wrong with the answer as the operation documents its answers; empty when nothing. */
  List<String> responseProblems(Operation operation, Exchange exchange) {
    JsonNode responses = node(operation.pointer() + "/responses");
    String status = Integer.toString(exchange.status());
    String key =
        responses.has(status)
            ? status
            : responses.has(status.charAt(0) + "XX") ? status.charAt(0) + "XX" : "default";
    if (!responses.has(key)) {
      return List.of(operation.key() + " does not document status " + status);
    }
    return responseObjectProblems(operation.pointer() + "/responses/" + escape(key), exchange);
  }

  /** What is wrong with the answer as {@code #/components/responses/<name>} documents it. */
  List<String> componentResponseProblems(String response, Exchange exchange) {
    String pointer = "/components/responses/" + response;
    if (document.at(pointer).isMissingNode()) {
      return List.of(name + " has no response " + response);
    }
    return responseObjectProblems(pointer, exchange);
  }

  private List<String> responseObjectProblems(String pointer, Exchange exchange) {
    Resolved response = resolve(pointer);
    List<String> problems = new ArrayList<>();
    response
        .node()
        .path("headers")
        .properties()
        .forEach(
            header -> {
              Resolved declared =
                  resolve(response.pointer() + "/headers/" + escape(header.getKey()));
              Optional<String> value = exchange.responseHeader(header.getKey());
              if (value.isEmpty()) {
                if (declared.node().path("required").asBoolean(false)) {
                  problems.add("response header " + header.getKey() + " is missing");
                }
              } else {
                validate(
                    declared.pointer() + "/schema", textInstance(value.get()).toString(), problems);
              }
            });
    JsonNode content = response.node().path("content");
    String type = mediaType(exchange.responseHeader("Content-Type").orElse(""));
    if (content.isMissingNode() || content.isEmpty()) {
      if (!exchange.responseBody().isEmpty() || !type.isEmpty()) {
        problems.add("a response without content has a body or a Content-Type " + type);
      }
      return problems;
    }
    if (!content.has(type)) {
      problems.add("response Content-Type " + type + " is not one of " + fieldNames(content));
      return problems;
    }
    if (exchange.method().equals("HEAD")) {
      if (!exchange.responseBody().isEmpty()) {
        problems.add("a HEAD answer has a body");
      }
      return problems;
    }
    String instance =
        type.endsWith("json")
            ? exchange.responseBody()
            : textInstance(exchange.responseBody()).toString();
    validate(
        response.pointer() + "/content/" + escape(type) + "/schema", instance, problems, "body");
    return problems;
  }

  private void checkParameters(Operation operation, Exchange exchange, List<String> problems) {
    Map<String, String> documented = new LinkedHashMap<>();
    String pathItem = operation.pointer().substring(0, operation.pointer().lastIndexOf('/'));
    for (String owner : List.of(pathItem, operation.pointer())) {
      JsonNode parameters = node(owner + "/parameters");
      for (int i = 0; i < parameters.size(); i++) {
        Resolved parameter = resolve(owner + "/parameters/" + i);
        documented.put(
            parameter.node().path("in").asText() + ":" + parameter.node().path("name").asText(),
            parameter.pointer());
      }
    }
    Map<String, String> path = pathParameters(operation, exchange.path());
    Map<String, String> query = formFields(exchange.query());
    for (String pointer : documented.values()) {
      JsonNode parameter = node(pointer);
      String in = parameter.path("in").asText();
      String parameterName = parameter.path("name").asText();
      Optional<String> value =
          switch (in) {
            case "path" -> Optional.ofNullable(path.get(parameterName));
            case "query" -> Optional.ofNullable(query.get(parameterName));
            case "header" -> exchange.requestHeader(parameterName);
            default -> Optional.empty();
          };
      if (value.isEmpty()) {
        if (parameter.path("required").asBoolean(false)) {
          problems.add(in + " parameter " + parameterName + " is missing");
        }
      } else {
        validate(
            pointer + "/schema",
            typedInstance(value.get(), node(pointer + "/schema")),
            problems,
            in + " parameter " + parameterName);
      }
    }
  }

  /** Each security requirement names schemes that must all be presented; one must be met. */
  private void checkCredentials(Operation operation, Exchange exchange, List<String> problems) {
    JsonNode operationNode = node(operation.pointer());
    JsonNode requirements =
        operationNode.has("security") ? operationNode.get("security") : document.path("security");
    if (requirements.isMissingNode() || requirements.isEmpty()) {
      return;
    }
    for (JsonNode requirement : requirements) {
      boolean met = true;
      for (String scheme : fieldNames(requirement)) {
        met &= presents(document.at("/components/securitySchemes/" + escape(scheme)), exchange);
      }
      if (met) {
        return;
      }
    }
    problems.add("no documented credentials presented");
  }

  private static boolean presents(JsonNode scheme, Exchange exchange) {
    String type = scheme.path("type").asText();
    if (type.equals("apiKey") && scheme.path("in").asText().equals("header")) {
      return exchange.requestHeader(scheme.path("name").asText()).isPresent();
    }
    if (type.equals("http")) {
      String prefix = scheme.path("scheme").asText().toLowerCase(Locale.ROOT) + " ";
      return exchange
          .requestHeader("Authorization")
          .filter(value -> value.toLowerCase(Locale.ROOT).startsWith(prefix))
          .isPresent();
    }
    throw new AssertionError("security scheme this check does not know: " + scheme);
  }

  private void checkRequestBody(Operation operation, Exchange exchange, List<String> problems) {
    if (!node(operation.pointer()).has("requestBody")) {
      if (!exchange.requestBody().isEmpty()) {
        problems.add(operation.key() + " documents no request body");
      }
      return;
    }
    Resolved body = resolve(operation.pointer() + "/requestBody");
    if (exchange.requestBody().isEmpty()) {
      if (body.node().path("required").asBoolean(false)) {
        problems.add("the request body is required");
      }
      return;
    }
    String type = mediaType(exchange.requestHeader("Content-Type").orElse(""));
    JsonNode content = body.node().path("content");
    if (!content.has(type)) {
      problems.add("request Content-Type " + type + " is not one of " + fieldNames(content));
      return;
    }
    String instance;
    if (type.equals("application/x-www-form-urlencoded")) {
      instance = formInstance(exchange.requestBody());
    } else {
      instance = exchange.requestBody();
      try {
        JSON.readTree(instance);
      } catch (JsonProcessingException e) {
        problems.add("the request body is not JSON");
        return;
      }
    }
    validate(
        body.pointer() + "/content/" + escape(type) + "/schema",
        instance,
        problems,
        "request body");
  }

  private void validate(String pointer, String instance, List<String> problems) {
    validate(pointer, instance, problems, "value");
  }

  private void validate(String pointer, String instance, List<String> problems, String what) {
    Schema schema =
        schemas.computeIfAbsent(
            pointer, p -> registry.getSchema(SchemaLocation.of(iri + "#" + fragment(p))));
    for (Error error : schema.validate(instance, InputFormat.JSON)) {
      problems.add(what + " " + error);
    }
  }

  /** Follows {@code $ref}s from the node at {@code pointer} to the object they name. */
  private Resolved resolve(String pointer) {
    JsonNode node = node(pointer);
    for (int hops = 0; node.has("$ref"); hops++) {
      String ref = node.get("$ref").asText();
      if (!ref.startsWith("#/") || hops > 8) {
        throw new AssertionError(name + ": cannot follow " + ref + " at " + pointer);
      }
      pointer = ref.substring(1);
      node = node(pointer);
    }
    return new Resolved(pointer, node);
  }

  private record Resolved(String pointer, JsonNode node) {}

  private JsonNode node(String pointer) {
    return document.at(pointer);
  }

  private static List<Operation> operations(JsonNode document) {
    String base = basePath(document);
    List<Operation> found = new ArrayList<>();
    document
        .path("paths")
        .properties()
        .forEach(
            path -> {
              for (String method : fieldNames(path.getValue())) {
                if (method.equals("parameters")) {
                  continue;
                }
                found.add(
                    new Operation(
                        method.toUpperCase(Locale.ROOT),
                        base + path.getKey(),
                        "/paths/" + escape(path.getKey()) + "/" + method,
                        matcher(base + path.getKey()),
                        countParameters(path.getKey())));
              }
            });
    return List.copyOf(found);
  }

  private static Pattern matcher(String template) {
    StringBuilder regex = new StringBuilder();
    Matcher parameter = TEMPLATE_PARAMETER.matcher(template);
    int last = 0;
    while (parameter.find()) {
      regex.append(Pattern.quote(template.substring(last, parameter.start())));
      regex.append("(?<").append(groupName(parameter.group(1))).append(">[^/]+)");
      last = parameter.end();
    }
    regex.append(Pattern.quote(template.substring(last)));
    return Pattern.compile(regex.toString());
  }

  private static int countParameters(String template) {
    return (int) TEMPLATE_PARAMETER.matcher(template).results().count();
  }

  private static String groupName(String parameter) {
    return "p" + parameter.replaceAll("[^A-Za-z0-9]", "");
  }

  /** Path parameters percent-decoded, {@code +} kept: the path is not a form. */
  private static Map<String, String> pathParameters(Operation operation, String rawPath) {
    Map<String, String> values = new LinkedHashMap<>();
    Matcher matched = operation.matcher().matcher(rawPath);
    if (!matched.matches()) {
      return values;
    }
    TEMPLATE_PARAMETER
        .matcher(operation.path())
        .results()
        .forEach(
            p ->
                values.put(
                    p.group(1),
                    URLDecoder.decode(
                        matched.group(groupName(p.group(1))).replace("+", "%2B"),
                        StandardCharsets.UTF_8)));
    return values;
  }

  /** A form's or query's fields; the first value of a name sent twice. */
  private static Map<String, String> formFields(String form) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : form.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String key = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      fields.putIfAbsent(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return fields;
  }

  /** A form body as the object OpenAPI validates: each field a string, a repeated one an array. */
  private static String formInstance(String form) {
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    for (String pair : form.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String key =
          URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      String value =
          URLDecoder.decode(equals < 0 ? "" : pair.substring(equals + 1), StandardCharsets.UTF_8);
      if (object.has(key)) {
        JsonNode earlier = object.get(key);
        ArrayNode values =
            earlier.isArray()
                ? (ArrayNode) earlier
                : JsonNodeFactory.instance.arrayNode().add(earlier);
        object.set(key, values.add(value));
      } else {
        object.put(key, value);
      }
    }
    return object.toString();
  }

  /** A parameter's text as the JSON value its schema's type asks for, when it reads as one. */
  private static String typedInstance(String text, JsonNode schema) {
    String type = schema.path("type").asText("");
    if ((type.equals("integer") || type.equals("number") || type.equals("boolean"))) {
      try {
        JsonNode value = JSON.readTree(text);
        if (value != null && (value.isNumber() || value.isBoolean())) {
          return value.toString();
        }
      } catch (JsonProcessingException notTyped) {
        // left a string, which the schema then refuses
      }
    }
    return textInstance(text).toString();
  }

  private static JsonNode textInstance(String text) {
    return JsonNodeFactory.instance.textNode(text);
  }

  static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .strip()
        .toLowerCase(Locale.ROOT);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  /** A JSON pointer as a URI fragment: characters a fragment may not hold, percent-encoded. */
  private static String fragment(String pointer) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : pointer.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (Character.isLetterOrDigit(c) && c < 128 || "/~-._!$&'()*+,;=:@".indexOf(c) >= 0) {
        encoded.append(c);
      } else {
        encoded.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return encoded.toString();
  }
}
