package io.clientele.fuzz;

import io.clientele.dialect.airpay.Checksum;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Makes hostile requests for every route of every dialect, the admin API, the public endpoints and
 * paths no route serves, from a seeded {@link Random}, so that a seed names one sequence of
 * requests. Most requests carry valid credentials and mostly valid fields, so that they pass
 * authentication and reach parsing, the rules and the database; the rest carry none, wrong ones or
 * another dialect's.
 */
final class HostileRequests {
  static final String AIRPAY_PATH = "/airpay/ms/cards/api/update-customer";

  /** The route families, each with its own credentials. */
  enum Family {
    JUSPAY,
    FLOWWISE,
    AIRPAY,
    ADMIN,
    PUBLIC,
    NONE
  }

  /** Valid credentials of every family, made through the admin API before the run. */
  record Keys(
      String juspay,
      String juspayOfOtherMerchant,
      String flowwiseId,
      String flowwiseSecret,
      String otherProjectId,
      String otherProjectSecret,
      String airpayToken,
      String airpaySecret,
      String adminToken) {}

  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String JSON = "application/json";

  private static final String[] HOSTILE_TEXT = {
    "",
    " ",
    "   ",
    "\t",
    "\u0000",
    "a\u0000b",
    "abcdefgh\u0000",
    "\ud800",
    "abcdefgh\udc00",
    "\udbff\udfff",
    "\ud83d\ude00\ud83d\ude00",
    "\u202e",
    "\u200b",
    "e\u0301",
    "\ufeff",
    "\uffff",
    "\ufffe",
    "\u0085",
    "\u007f",
    "\u001b[31m",
    "\r\n",
    "a\nb",
    "'; drop table customers; --",
    "\" or \"1\"=\"1",
    "%00",
    "%u0041",
    "%2F",
    "%25",
    "${jndi:ldap://127.0.0.1/x}",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "null",
    "true",
    "0",
    "-1",
    "1e309",
    "NaN",
    "\\",
    "\\u0000",
    "+",
    "&",
    "=",
    "%",
    "?",
    "#",
    "/",
    ";",
    "@",
    "@@",
    "a@b",
    "a@b@c.com",
    ".a@example.com",
    "a.@example.com",
    "_a@example.com",
    "a_@example.com",
    "a@-example.com",
    "a@example",
    "a@example..com",
    "a b@example.com",
    "ü@example.com",
    "a@exämple.com",
    "cst_aaaaaaaaaaaaaaaa",
    "山田",
    "José",
    "मनोज",
    "Ωμέγα",
    "İstanbul",
    "ǅ",
    "Ⅻ",
    "²",
    "٣",
    "\u00a0",
    "\u3000",
    "\ud835\udd18\ud835\udd2b",
    "+919876543210",
    "+1",
    "+0000000000",
    "+91 98765 43210",
    "+91-9876543210",
    "+919876543210;ext=12",
    "+919876543210 x12",
    "919876543210",
    "++919876543210",
    "India",
    "INDIA ",
    " india",
    "GLOBAL",
    "PROJECT",
    "global",
  };

  private static final String[] HOSTILE_PATH_IDS = {
    "%00",
    "a%00b",
    "%2F",
    "a%2Fb%2Fc",
    "%25",
    "%2525",
    "%u0041",
    "%u0041bcdefghij",
    "abc%u00e9defgh",
    "%uD800",
    "%U0041",
    "%C0%AF",
    "%C0%AFabcdefgh",
    "%FF",
    "%FE%FF",
    "%ED%A0%80",
    "%ED%A0%80abcdefgh",
    "%E0%80%80",
    "%F4%90%80%80",
    "%C3",
    "%C3%28",
    "%",
    "%%",
    "%G1",
    "%1",
    "abcdefgh%",
    "abcdefgh%4",
    "%2541%2542",
    "%252F",
    "%2e",
    "%2e%2e",
    ".",
    "..",
    "...",
    "%2E%2E%2F",
    "..%2F..%2Fadmin",
    "%5C",
    "a\\b",
    "%20",
    "%20%20%20%20%20%20%20%20",
    "+",
    "++++++++",
    "a+b@example.com",
    "%40",
    "@",
    "%3B",
    ";",
    "a;b=c",
    "%3F",
    "%23",
    "%09",
    "%0D%0A",
    "%0d%0aSet-Cookie:x",
    "%7F",
    "%1F",
    "%C2%85",
    "%E2%80%AE",
    "%EF%BB%BF",
    "%F0%9F%98%80",
    "%E5%B1%B1%E7%94%B0abcdef",
    "cst_aaaaaaaaaaaaaaaa",
    "CST_AAAAAAAAAAAAAAAA",
    "cst_",
    "null",
    "undefined",
    "[object Object]",
    "*",
    "~",
    "%7E",
    "'",
    "%27%20or%201%3D1",
    "%22",
    "\u00e5\u00b1\u00b1",
    "\u00ff",
    "\u0080abcdefgh",
  };

  private static final String[] UNKNOWN_PATHS = {
    "/",
    "/customers/a/b",
    "/customers/a/b/c",
    "/customer",
    "/router",
    "/router/",
    "/router/customers",
    "/router/customer/a/b",
    "/airpay",
    "/airpay/ms/cards/api",
    AIRPAY_PATH + "/extra",
    AIRPAY_PATH + "s",
    "/admin",
    "/admin/",
    "/admin/unknown",
    "/admin/merchants/a1/credentials/x",
    "/admin/merchants/a1/allowed-ips/x",
    "/v1/customers",
    "/favicon.ico",
    "/console",
    "/docs",
    "/openapi/juspay.json",
    "/.env",
    "/WEB-INF/web.xml",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/health",
    "/health/ready/x",
    "/health/unknown",
    "/metrics/x",
    "/CUSTOMERS",
    "/Customers",
    "//customers",
    "/customers//x",
    "/customers/./x",
    "/customers/x/..",
    "/customers/x/../../admin/merchants",
    "/customers;x=1",
    "/customers%2Fx",
    "/customers%00",
    "/%u0063ustomers",
    "/\u00e5\u00b1\u00b1",
    "/null",
  };

  private static final String[] ODD_METHODS = {
    "GET",
    "POST",
    "PUT",
    "DELETE",
    "PATCH",
    "HEAD",
    "OPTIONS",
    "TRACE",
    "FOO",
    "get",
    "Post",
    "BREW",
    "PROPFIND",
    "M-SEARCH",
    "LOCK",
    "PURGE",
  };

  private static final String[] CONTENT_TYPES = {
    ";",
    "; ",
    "",
    " ",
    ";;",
    ";charset=utf-8",
    "application/json; charset=bogus",
    "application/json; charset=",
    "application/json; charset=\"utf-8\"",
    "application/json;charset=UTF-16",
    "application/json; charset=utf-8; charset=latin1",
    "application/x-www-form-urlencoded; charset=bogus",
    "application/x-www-form-urlencoded; charset=ISO-8859-1",
    "application/x-www-form-urlencoded;",
    "APPLICATION/JSON",
    "Application/X-WWW-Form-Urlencoded",
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "multipart/form-data; boundary=xyz",
    "text/plain",
    "text/html; charset=utf-8",
    "application/xml",
    "application/merge-patch+json",
    "application/json-patch+json",
    "*/*",
    "application/*",
    "application",
    "/",
    "json",
    "application/json, text/plain",
    "application/json\u00e9",
    "\u00ff\u00fe",
    "x".repeat(3000),
    "application/json; " + "p=v; ".repeat(300),
  };

  private final Random rnd;
  private final Keys keys;
  private final List<String> references;
  private final List<String> adminMerchants;
  private final int port;

  /**
   * @param references the references of the customers made before the run, which most requests
   *     name, so that updates, reads and deletes find a customer
   * @param adminMerchants merchants the admin requests may change, never the one the dialects use
   */
  HostileRequests(
      long seed, Keys keys, List<String> references, List<String> adminMerchants, int port) {
    this.rnd = new Random(seed);
    this.keys = keys;
    this.references = List.copyOf(references);
    this.adminMerchants = List.copyOf(adminMerchants);
    this.port = port;
  }

  /** The next request of the sequence. */
  HostileRequest next() {
    int pick = rnd.nextInt(1000);
    if (pick < 25) {
      return protocolBreaker();
    }
    Draft draft;
    if (pick < 170) {
      draft = juspayCreate();
    } else if (pick < 280) {
      draft = juspayUpdate();
    } else if (pick < 350) {
      draft = juspayGet();
    } else if (pick < 400) {
      draft = juspayList();
    } else if (pick < 500) {
      draft = flowwiseCreate();
    } else if (pick < 560) {
      draft = flowwiseGet();
    } else if (pick < 660) {
      draft = flowwiseUpdate();
    } else if (pick < 680) {
      draft = flowwiseDelete();
    } else if (pick < 820) {
      draft = airpay();
    } else if (pick < 910) {
      draft = admin();
    } else if (pick < 930) {
      draft = publicRoute();
    } else {
      draft = unknownPath();
    }
    mutate(draft);
    return draft.build();
  }

  // ---------------------------------------------------------------- routes

  private Draft juspayCreate() {
    Draft d = new Draft(Family.JUSPAY, "juspay.create", "POST", "/customers");
    List<String[]> fields = new ArrayList<>();
    boolean clean = rnd.nextInt(3) == 0;
    if (rnd.nextInt(20) != 0) {
      fields.add(pair("object_reference_id", clean ? freshOrPooled() : reference()));
    }
    if (rnd.nextInt(20) != 0) {
      fields.add(pair("mobile_number", clean ? digits(10) : mobile()));
    }
    juspayOptionalFields(fields, clean);
    juspayBody(d, fields);
    return d;
  }

  private Draft juspayUpdate() {
    String id = rnd.nextInt(5) == 0 ? hostilePathId() : encodedPoolId();
    Draft d = new Draft(Family.JUSPAY, "juspay.update", "POST", "/customers/" + id);
    List<String[]> fields = new ArrayList<>();
    boolean clean = rnd.nextInt(3) == 0;
    if (rnd.nextInt(5) == 0) {
      fields.add(pair("object_reference_id", rnd.nextBoolean() ? decodedOrSelf(id) : reference()));
    }
    if (rnd.nextBoolean()) {
      fields.add(pair("mobile_number", clean ? digits(10) : mobile()));
    }
    juspayOptionalFields(fields, clean);
    juspayBody(d, fields);
    return d;
  }

  private void juspayOptionalFields(List<String[]> fields, boolean clean) {
    if (rnd.nextInt(3) == 0) {
      fields.add(pair("mobile_country_code", clean ? oneOf("91", "1", "44", "65") : countryCode()));
    }
    if (rnd.nextBoolean()) {
      fields.add(pair("email_address", clean ? email() : value(this::email)));
    }
    if (rnd.nextBoolean()) {
      fields.add(pair("first_name", clean ? name() : value(this::name)));
    }
    if (rnd.nextInt(3) == 0) {
      fields.add(pair("last_name", clean ? name() : value(this::name)));
    }
    if (rnd.nextInt(4) == 0) {
      fields.add(
          pair("options.get_client_auth_token", oneOf("true", "false", "TRUE", "1", "", "yes")));
    }
    if (rnd.nextInt(8) == 0) {
      fields.add(pair(oneOf("udf1", "x", "", "metadata", "id", "object"), hostile()));
    }
    if (rnd.nextInt(10) == 0 && !fields.isEmpty()) {
      fields.add(fields.get(rnd.nextInt(fields.size())).clone());
      Collections.shuffle(fields, rnd);
    }
  }

  private void juspayBody(Draft d, List<String[]> fields) {
    if (rnd.nextInt(3) == 0) {
      d.json(fields, true);
    } else {
      d.form(fields);
      d.contentType = rnd.nextInt(5) == 0 ? null : FORM;
    }
    d.juspaySdkHeaders();
  }

  private Draft juspayGet() {
    String id = rnd.nextInt(4) == 0 ? hostilePathId() : encodedPoolId();
    Draft d = new Draft(Family.JUSPAY, "juspay.get", "GET", "/customers/" + id);
    if (rnd.nextInt(3) == 0) {
      d.query =
          rnd.nextBoolean()
              ? "options.get_client_auth_token=" + oneOf("true", "false", "1", "%FF", "", "true&x")
              : hostileQuery();
    }
    d.juspaySdkHeaders();
    return d;
  }

  private Draft juspayList() {
    Draft d = new Draft(Family.JUSPAY, "juspay.list", "GET", "/customers");
    List<String> params = new ArrayList<>();
    if (rnd.nextBoolean()) {
      params.add("count=" + oneOf("1", "10", "100", "0", "101", "-1", "abc", "1e2", "99999999999"));
    }
    if (rnd.nextBoolean()) {
      params.add(
          "offset=" + oneOf("0", "5", "999999999", "9999999999", "-1", "%00", "1.5", "0x10"));
    }
    if (rnd.nextInt(4) == 0) {
      params.add(hostileQuery());
    }
    d.query = params.isEmpty() ? null : String.join("&", params);
    d.juspaySdkHeaders();
    return d;
  }

  private Draft flowwiseCreate() {
    Draft d = new Draft(Family.FLOWWISE, "flowwise.create", "POST", "/router/customer");
    d.json(flowwiseFields(rnd.nextInt(5) == 0 ? reference() : freshOrPooled()), false);
    return d;
  }

  private Draft flowwiseUpdate() {
    boolean hostileId = rnd.nextInt(5) == 0;
    String reference = pooled();
    String id = hostileId ? hostilePathId() : encode(reference);
    Draft d = new Draft(Family.FLOWWISE, "flowwise.update", "PUT", "/router/customer/" + id);
    String bodyId = rnd.nextInt(5) == 0 ? reference() : hostileId ? decodedOrSelf(id) : reference;
    d.json(flowwiseFields(bodyId), false);
    return d;
  }

  private List<String[]> flowwiseFields(String customerId) {
    List<String[]> fields = new ArrayList<>();
    boolean clean = rnd.nextInt(3) == 0;
    if (rnd.nextInt(15) != 0) {
      fields.add(pair("customer_id", customerId));
    }
    if (rnd.nextInt(15) != 0) {
      fields.add(pair("scope", clean ? oneOf("GLOBAL", "PROJECT") : value(() -> "GLOBAL")));
    }
    if (rnd.nextBoolean()) {
      fields.add(pair("name", clean ? name() : value(this::name)));
    }
    if (rnd.nextBoolean()) {
      fields.add(pair("phone", clean ? internationalPhone() : value(this::internationalPhone)));
    }
    if (rnd.nextBoolean()) {
      fields.add(pair("email", clean ? email() : value(this::email)));
    }
    if (rnd.nextInt(3) == 0) {
      fields.add(pair("address", clean ? address() : value(this::address)));
    }
    if (rnd.nextInt(10) == 0) {
      fields.add(pair(oneOf("project_id", "id", "status", "", "metadata"), hostile()));
    }
    return fields;
  }

  private Draft flowwiseGet() {
    String id = rnd.nextInt(4) == 0 ? hostilePathId() : encodedPoolId();
    Draft d = new Draft(Family.FLOWWISE, "flowwise.get", "GET", "/router/customer/" + id);
    if (rnd.nextInt(10) == 0) {
      d.query = hostileQuery();
    }
    return d;
  }

  private Draft flowwiseDelete() {
    String id = rnd.nextInt(3) == 0 ? hostilePathId() : encodedPoolId();
    return new Draft(Family.FLOWWISE, "flowwise.delete", "DELETE", "/router/customer/" + id);
  }

  private Draft airpay() {
    Draft d = new Draft(Family.AIRPAY, "airpay.update", "POST", AIRPAY_PATH);
    List<String[]> fields = new ArrayList<>();
    boolean clean = rnd.nextInt(3) == 0;
    if (rnd.nextInt(15) != 0) {
      fields.add(pair("entity_id", rnd.nextInt(8) == 0 ? reference() : pooled()));
    }
    if (rnd.nextInt(3) == 0) {
      fields.add(pair("email", clean ? email() : value(this::email)));
    }
    if (rnd.nextInt(3) == 0) {
      fields.add(pair("mobile_no", clean ? digits(1 + rnd.nextInt(15)) : value(this::mobile)));
    }
    if (rnd.nextInt(3) == 0) {
      fields.add(pair("address", clean ? asciiAddress() : value(this::asciiAddress)));
    }
    boolean india = rnd.nextInt(3) == 0;
    if (rnd.nextInt(3) == 0) {
      String country = india ? oneOf("India", "india", " INDIA ") : countryName();
      fields.add(pair("country", clean ? country : value(() -> country)));
    }
    if (rnd.nextInt(3) == 0) {
      fields.add(pair("city", clean ? letters(1 + rnd.nextInt(12)) : value(() -> letters(8))));
    }
    if (rnd.nextInt(3) == 0) {
      fields.add(pair("state", clean ? letters(1 + rnd.nextInt(12)) : value(() -> letters(8))));
    }
    if (rnd.nextInt(3) == 0) {
      String pin = rnd.nextBoolean() ? digits(6) : digits(1 + rnd.nextInt(6));
      fields.add(pair("pincode", clean ? pin : value(() -> pin)));
    }
    if (rnd.nextInt(8) == 0) {
      fields.add(pair(oneOf("merchant_id", "x", "", "checksum"), hostile()));
    }
    if (rnd.nextInt(12) == 0 && !fields.isEmpty()) {
      fields.add(fields.get(rnd.nextInt(fields.size())).clone());
    }
    Collections.shuffle(fields, rnd);
    d.form(fields);
    d.contentType = rnd.nextInt(6) == 0 ? null : FORM;
    return d;
  }

  private Draft admin() {
    int pick = rnd.nextInt(10);
    if (pick < 3) {
      Draft d = new Draft(Family.ADMIN, "admin.createMerchant", "POST", "/admin/merchants");
      List<String[]> fields = new ArrayList<>();
      if (rnd.nextInt(10) != 0) {
        fields.add(pair("merchant_id", rnd.nextInt(3) == 0 ? hostile() : "fz" + token(8)));
      }
      if (rnd.nextInt(10) != 0) {
        fields.add(pair("name", value(this::name)));
      }
      if (rnd.nextInt(12) == 0) {
        fields.add(pair(oneOf("id", "", "allowed_ip"), hostile()));
      }
      d.json(fields, false);
      if (rnd.nextBoolean()) {
        d.insertIntoJsonObject("\"allowed_ips\":" + allowedIps());
      }
      return d;
    }
    if (pick < 4) {
      return new Draft(Family.ADMIN, "admin.listMerchants", "GET", "/admin/merchants");
    }
    if (pick < 6) {
      String id = rnd.nextInt(3) == 0 ? hostilePathId() : oneOf("m1", "m2", "a1", "zz-none");
      return new Draft(Family.ADMIN, "admin.getMerchant", "GET", "/admin/merchants/" + id);
    }
    if (pick < 8) {
      String id = rnd.nextInt(3) == 0 ? hostilePathId() : oneOf("m1", "m2", "a2", "zz-none");
      Draft d =
          new Draft(
              Family.ADMIN,
              "admin.createCredential",
              "POST",
              "/admin/merchants/" + id + "/credentials");
      List<String[]> fields = new ArrayList<>();
      if (rnd.nextInt(10) != 0) {
        fields.add(
            pair("dialect", value(() -> oneOf("juspay", "flowwise", "airpay", "JUSPAY", "v1"))));
      }
      if (rnd.nextBoolean()) {
        fields.add(pair("project_id", rnd.nextBoolean() ? "p" + token(4) : hostile()));
      }
      d.json(fields, false);
      return d;
    }
    String id = rnd.nextInt(3) == 0 ? hostilePathId() : adminMerchant();
    if (decodesToDialectMerchant(id)) {
      id = adminMerchant();
    }
    Draft d =
        new Draft(
            Family.ADMIN,
            "admin.replaceAllowedIps",
            "PUT",
            "/admin/merchants/" + id + "/allowed-ips");
    d.json(List.<String[]>of(), false);
    if (rnd.nextInt(10) != 0) {
      d.insertIntoJsonObject("\"allowed_ips\":" + allowedIps());
    }
    return d;
  }

  /**
   * Lists that, when valid, still admit the suite's own address, so no admin request can lock the
   * dialects' merchant out should a path reach it.
   */
  private String allowedIps() {
    return oneOf(
        "[]",
        "[\"127.0.0.1\"]",
        "[\"127.0.0.0/8\",\"10.0.0.0/8\"]",
        "[\"127.0.0.1/32\",\"::1/128\"]",
        "[\"127.0.0.1\",\"" + jsonEscape(hostile()) + "\"]",
        "[\"127.0.0.1\",\"127.0.0.1/33\"]",
        "[\"127.0.0.1\",\"999.1.1.1\"]",
        "[\"127.0.0.1\",\"::ffff:127.0.0.1/200\"]",
        "[\"127.0.0.1\",1]",
        "[\"127.0.0.1\",null]",
        "[\"127.0.0.1\",[\"x\"]]",
        "\"127.0.0.1\"",
        "null",
        "{}",
        "[" + "\"127.0.0.1\",".repeat(300) + "\"127.0.0.1\"]");
  }

  private boolean decodesToDialectMerchant(String id) {
    String decoded = decodedOrSelf(id).strip().toLowerCase(Locale.ROOT);
    return decoded.contains("m1") || decoded.contains("m2") || decoded.contains("..");
  }

  private Draft publicRoute() {
    String path = oneOf("/health/live", "/health/ready", "/metrics");
    Draft d = new Draft(Family.PUBLIC, "public" + path.replace('/', '.'), "GET", path);
    if (rnd.nextInt(4) == 0) {
      d.query = hostileQuery();
    }
    return d;
  }

  private Draft unknownPath() {
    String path =
        rnd.nextInt(4) == 0
            ? "/" + hostilePathId() + (rnd.nextBoolean() ? "/" + hostilePathId() : "")
            : oneOf(UNKNOWN_PATHS);
    Draft d =
        new Draft(Family.NONE, "unknown", oneOf("GET", "POST", "PUT", "DELETE", "HEAD"), path);
    d.plainPath = false;
    if (!d.method.equals("GET") && !d.method.equals("HEAD") && rnd.nextBoolean()) {
      d.json(List.<String[]>of(pair("customer_id", reference())), false);
    }
    return d;
  }

  /** A request broken below HTTP's semantics: request line, framing, header syntax. */
  private HostileRequest protocolBreaker() {
    String creds = "Authorization: Basic " + base64(keys.juspay()) + "\r\n";
    String host = "Host: 127.0.0.1\r\n";
    String form = "object_reference_id=" + pooled().replace(" ", "+") + "&mobile_number=123";
    String[] raws = {
      "GET  /customers HTTP/1.1\r\n" + host + creds + "\r\n",
      "GET /customers HTTP/9.9\r\n" + host + creds + "\r\n",
      "GET /customers HTTP/1.1 extra\r\n" + host + creds + "\r\n",
      "GET /customers\r\n\r\n",
      "GET /customers http/1.1\r\n" + host + "\r\n",
      "GET /customers HTTP/1.0\r\n" + creds + "\r\n",
      "GET /customers HTTP/1.1\n" + host.replace("\r", "") + creds.replace("\r", "") + "\n",
      "GET\t/customers\tHTTP/1.1\r\n" + host + "\r\n",
      "GET /cus\u0000tomers HTTP/1.1\r\n" + host + "\r\n",
      "GET /customers HTTP/1.1\r\n" + creds + "\r\n",
      "GET /customers HTTP/1.1\r\n" + host + "Host: other\r\n" + creds + "\r\n",
      "GET /customers HTTP/1.1\r\n" + host + "Bad Header: x\r\n" + creds + "\r\n",
      "GET /customers HTTP/1.1\r\n" + host + "NoColon\r\n" + creds + "\r\n",
      "GET /customers HTTP/1.1\r\n" + host + ": empty-name\r\n" + creds + "\r\n",
      "GET /customers HTTP/1.1\r\n" + host + creds + " folded continuation\r\n\r\n",
      "GET /customers HTTP/1.1\r\n" + host + "X-Nul: a\u0000b\r\n" + creds + "\r\n",
      "GET /customers HTTP/1.1\r\n" + host + "X-Ctl: a\u0001b\r\n" + creds + "\r\n",
      "POST /customers HTTP/1.1\r\n" + host + creds + "Content-Length: -1\r\n\r\n" + form,
      "POST /customers HTTP/1.1\r\n" + host + creds + "Content-Length: abc\r\n\r\n" + form,
      "POST /customers HTTP/1.1\r\n" + host + creds + "Content-Length: +5\r\n\r\n" + form,
      "POST /customers HTTP/1.1\r\n"
          + host
          + creds
          + "Content-Length: 3\r\nContent-Length: 4\r\n\r\n"
          + form,
      "POST /customers HTTP/1.1\r\n"
          + host
          + creds
          + "Content-Length: "
          + form.length()
          + "\r\nTransfer-Encoding: chunked\r\n\r\n"
          + Integer.toHexString(form.length())
          + "\r\n"
          + form
          + "\r\n0\r\n\r\n",
      "POST /customers HTTP/1.1\r\n"
          + host
          + creds
          + "Transfer-Encoding: gzip, chunked\r\n\r\n"
          + "3\r\nabc\r\n0\r\n\r\n",
      "POST /customers HTTP/1.1\r\n" + host + creds + "Transfer-Encoding: identity\r\n\r\n",
      "POST /customers HTTP/1.1\r\n"
          + host
          + creds
          + "Transfer-Encoding: chunked\r\n\r\n"
          + Integer.toHexString(form.length())
          + ";ext=1\r\n"
          + form
          + "\r\n0\r\nX-Trailer: t\r\n\r\n",
      "POST /customers HTTP/1.1\r\n"
          + host
          + creds
          + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
      "POST "
          + AIRPAY_PATH
          + " HTTP/1.1\r\n"
          + host
          + "token: "
          + keys.airpayToken()
          + "\r\nContent-Length: 5\r\n\r\nentity_id=x&x=y",
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
      "OPTIONS * HTTP/1.1\r\n" + host + "\r\n",
      "GET http://127.0.0.1:" + port + "/health/ready HTTP/1.1\r\n" + host + "\r\n",
      "GET http://evil.example/customers HTTP/1.1\r\n" + host + creds + "\r\n",
      "CONNECT 127.0.0.1:" + port + " HTTP/1.1\r\n" + host + "\r\n",
      "GET /customers?" + "a".repeat(9000) + " HTTP/1.1\r\n" + host + creds + "\r\n",
      "GET /customers HTTP/1.1\r\n" + host + creds + "X-Big: " + "b".repeat(20_000) + "\r\n\r\n",
      "GET /customers HTTP/1.1\r\n" + host + creds + "X-Many: x\r\n".repeat(2000) + "\r\n",
      "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003",
      "\r\n\r\nGET /health/live HTTP/1.1\r\n" + host + "\r\n",
      "G".repeat(300) + " /customers HTTP/1.1\r\n" + host + "\r\n",
    };
    int pick = rnd.nextInt(raws.length);
    return new HostileRequest(
        "protocol#" + pick, "RAW", "", List.of(), new byte[0], List.of(), true, false, raws[pick]);
  }

  // ---------------------------------------------------------------- mutations

  private void mutate(Draft d) {
    if (rnd.nextInt(12) == 0) {
      d.method = oneOf(ODD_METHODS);
      d.label("method=" + d.method);
    }
    if (rnd.nextInt(14) == 0) {
      mutatePath(d);
    }
    if (rnd.nextInt(20) == 0) {
      d.query = hostileQuery();
      d.label("query");
    }
    credentials(d);
    if (rnd.nextInt(d.body.length > 0 ? 6 : 20) == 0) {
      String type = rnd.nextInt(8) == 0 ? oneOf(FORM, JSON) : oneOf(CONTENT_TYPES);
      d.contentType = type;
      d.label("content-type=" + HostileRequest.shortenRuns(type));
      if (rnd.nextInt(10) == 0) {
        d.extraHeaders.add("Content-Type: " + oneOf(FORM, JSON, "text/plain"));
        d.label("content-type twice");
      }
    }
    if (rnd.nextInt(8) == 0) {
      mutateBody(d);
    }
    if (rnd.nextInt(10) == 0) {
      oddHeader(d);
    }
    if (d.body.length > 0 && rnd.nextInt(7) == 0) {
      d.chunked = true;
    }
  }

  private void mutatePath(Draft d) {
    d.plainPath = false;
    int pick = rnd.nextInt(11);
    d.path =
        switch (pick) {
          case 0 -> d.path + "/";
          case 1 -> "/" + d.path;
          case 2 -> d.path.replaceFirst("/", "/./");
          case 3 -> "/x/.." + d.path;
          case 4 -> d.path.replaceFirst("/", "/%2e/");
          case 5 -> d.path.toUpperCase(Locale.ROOT);
          case 6 -> d.path + ";jsessionid=1";
          case 7 -> d.path + "/" + hostilePathId();
          case 8 -> d.path.replace("/", "%2F");
          case 9 -> d.path + "%";
          default -> d.path.replaceFirst("/", "/\u00e5\u00b1\u00b1/../");
        };
    d.label("path#" + pick);
  }

  private void credentials(Draft d) {
    int pick = rnd.nextInt(100);
    if (d.family == Family.PUBLIC || d.family == Family.NONE) {
      if (pick < 50) {
        d.auth.add("Authorization: Basic " + base64(keys.juspay()));
      }
      return;
    }
    if (pick < 78) {
      d.validCredentials();
    } else if (pick < 84) {
      d.label("credentials=none");
    } else if (pick < 94) {
      d.wrongCredentials();
    } else if (pick < 97) {
      d.foreignCredentials();
    } else {
      d.validCredentials();
      d.auth.add(rnd.nextInt(d.auth.size() + 1), "Authorization: " + oneOf("Basic", "Bearer x"));
      d.ambiguous = true;
      d.label("credentials=twice");
    }
  }

  private void mutateBody(Draft d) {
    int pick = rnd.nextInt(14);
    byte[] body = d.body;
    d.label("body#" + pick);
    d.body =
        switch (pick) {
          case 0 ->
              body.length < 2 ? body : java.util.Arrays.copyOf(body, rnd.nextInt(body.length));
          case 1 -> insert(body, oneOfBytes());
          case 2 -> insert(body, new byte[] {0});
          case 3 -> concat(body, utf8(oneOf("&&&=%", "}", "xx", "{}", "&x", "=", "%zz", "\n")));
          case 4 -> new byte[0];
          case 5 -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, body);
          case 6 -> new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16LE);
          case 7 -> deeplyNested(oneOf(50, 999, 1001, 5000, 100_000));
          case 8 -> manyParameters(oneOf(1000, 10_000));
          case 9 -> hugeParameter(d);
          case 10 -> tooLarge(d);
          case 11 -> utf8(oneOf("[]", "null", "1", "\"x\"", "true", "[{}]", " ", "{", "{\"a\":}"));
          case 12 ->
              utf8(
                  "--xyz\r\nContent-Disposition: form-data; name=\"object_reference_id\"\r\n\r\n"
                      + pooled()
                      + "\r\n--xyz--\r\n");
          default -> utf8(oneOf("{\"a\":1,\"a\":2}", "{'a':1}", "{a:1}", "{\"a\":NaN}", "/*c*/{}"));
        };
  }

  private byte[] hugeParameter(Draft d) {
    String name =
        oneOf("object_reference_id", "first_name", "entity_id", "name", "address", "customer_id");
    String value = "a".repeat(oneOf(256, 70_000, 600_000));
    if (d.family == Family.FLOWWISE || d.family == Family.ADMIN) {
      return utf8("{\"" + name + "\":\"" + value + "\",\"scope\":\"GLOBAL\"}");
    }
    return utf8(name + "=" + value + "&mobile_number=1&entity_id=" + pooled().replace(" ", "+"));
  }

  private byte[] tooLarge(Draft d) {
    d.alone = true;
    return new byte[1024 * 1024 + 1 + rnd.nextInt(100_000)];
  }

  private void oddHeader(Draft d) {
    int pick = rnd.nextInt(12);
    d.label("header#" + pick);
    switch (pick) {
      case 0 -> d.extraHeaders.add("X-Routing-Id: " + "r".repeat(oneOf(100, 4000, 7000)));
      case 1 -> d.extraHeaders.add("User-Agent: " + "u".repeat(oneOf(2000, 9000)));
      case 2 -> {
        for (int i = 0; i < oneOf(50, 150); i++) {
          d.extraHeaders.add("X-Junk-" + i + ": " + token(20));
        }
      }
      case 3 -> d.extraHeaders.add("X-Routing-Id: \u00e9\u00ff\u0080");
      case 4 -> d.extraHeaders.add("x-merchantid: " + oneOf("m2", "", "M1", "m1 ", "\u00e9"));
      case 5 -> d.extraHeaders.add("Expect: 100-continue");
      case 6 -> d.extraHeaders.add("Connection: close");
      case 7 -> d.extraHeaders.add("Content-Encoding: " + oneOf("gzip", "br", "bogus"));
      case 8 -> d.extraHeaders.add("Accept: " + oneOf("text/html", "", "*/*;q=x", "\u00ff"));
      case 9 -> d.extraHeaders.add("X-Forwarded-For: " + oneOf("10.0.0.1", "::1", "garbage"));
      case 10 -> d.extraHeaders.add("Authorization: Basic " + "A".repeat(oneOf(4000, 7000)));
      default -> d.extraHeaders.add("Range: bytes=0-1");
    }
  }

  // ---------------------------------------------------------------- values

  private String[] pair(String name, String value) {
    return new String[] {name, value};
  }

  /** A valid value from {@code valid} three times in four, else a hostile one. */
  private String value(java.util.function.Supplier<String> valid) {
    return rnd.nextInt(4) == 0 ? hostile() : valid.get();
  }

  String hostile() {
    int pick = rnd.nextInt(10);
    if (pick < 5) {
      return oneOf(HOSTILE_TEXT);
    }
    if (pick < 8) {
      return atLength(
          oneOf(
              1, 6, 7, 8, 15, 16, 17, 50, 51, 64, 65, 100, 101, 254, 255, 256, 300, 301, 511, 512,
              1000, 1001, 5000),
          oneOf("a", "1", "é", "\ud83d\ude00", " ", "山", "A.", "-", "\u0000"));
    }
    return randomText(1 + rnd.nextInt(40));
  }

  /** {@code length} UTF-16 units of {@code unit} repeated; odd lengths end in half a pair. */
  private static String atLength(int length, String unit) {
    StringBuilder text = new StringBuilder();
    while (text.length() < length) {
      text.append(unit);
    }
    return text.substring(0, length);
  }

  private String randomText(int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      int pick = rnd.nextInt(10);
      char c =
          switch (pick) {
            case 0 -> (char) rnd.nextInt(0x20);
            case 1 -> (char) (0xD800 + rnd.nextInt(0x800));
            case 2 -> (char) (0x80 + rnd.nextInt(0x780));
            case 3 -> (char) (0x4E00 + rnd.nextInt(0x5000));
            case 4 -> (char) (0xFFF0 + rnd.nextInt(0x10));
            default -> (char) (0x20 + rnd.nextInt(0x5F));
          };
      text.append(c);
    }
    return text.toString();
  }

  private String reference() {
    int pick = rnd.nextInt(10);
    return pick < 4 ? pooled() : pick < 7 ? fresh() : hostile();
  }

  private String freshOrPooled() {
    return rnd.nextInt(3) == 0 ? pooled() : fresh();
  }

  private String pooled() {
    return references.get(rnd.nextInt(references.size()));
  }

  private String fresh() {
    return oneOf("fz-", "ref ", "Ref/", "référence-", "user+", "顧客-", "a.b_c-")
        + token(6 + rnd.nextInt(20));
  }

  private String mobile() {
    return rnd.nextInt(3) == 0 ? hostile() : oneOf("+91", "+1", "") + digits(1 + rnd.nextInt(14));
  }

  private String countryCode() {
    return rnd.nextInt(3) == 0 ? hostile() : digits(1 + rnd.nextInt(4));
  }

  private String email() {
    return oneOf("user", "a.b", "x+tag", "o'hara", "first_last", "z")
        + rnd.nextInt(1000)
        + "@"
        + oneOf("example.com", "mail.example.co.in", "ex-ample.org", "a.b.c.d");
  }

  private String name() {
    return oneOf("José", "Anna Maria", "O.Neil", "山田", "Smith-Jones", "Ravi", "A(B)", "n_1");
  }

  private String internationalPhone() {
    return oneOf("+919876543210", "+14155550123", "+393331234567", "+6599887766", "+447911123456");
  }

  private String address() {
    return oneOf("12 Main Road, Pune", "Flat 4B, Residency", "1 Infinite Loop", "Bahnhofstraße 1");
  }

  private String asciiAddress() {
    return oneOf("12 Main Road", "Flat 4B Residency", "1 Infinite Loop", "A") + " " + digits(2);
  }

  private String countryName() {
    return oneOf("United Kingdom", "Singapore", "Nepal", "France", "USA");
  }

  private String digits(int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append((char) ('0' + rnd.nextInt(10)));
    }
    return text.toString();
  }

  private String letters(int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append((char) ('a' + rnd.nextInt(26)));
    }
    return text.toString();
  }

  private String token(int length) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return text.toString();
  }

  private String adminMerchant() {
    return adminMerchants.get(rnd.nextInt(adminMerchants.size()));
  }

  private String encodedPoolId() {
    return encode(pooled());
  }

  /** A path segment for a hostile id: an escape no decoder should trust, or a long segment. */
  private String hostilePathId() {
    int pick = rnd.nextInt(10);
    if (pick < 6) {
      return oneOf(HOSTILE_PATH_IDS);
    }
    if (pick == 6) {
      return "a".repeat(oneOf(256, 1000, 5000, 9000));
    }
    if (pick == 7) {
      return encode(encode(pooled()));
    }
    if (pick == 8) {
      return rawUtf8(oneOf("山田太郎の顧客番号", "référence-0001", "\ud83d\ude00\ud83d\ude00x"));
    }
    return encode(hostile());
  }

  private String hostileQuery() {
    return oneOf(
        "%",
        "%zz",
        "%u0041=1",
        "a=%C0%AF",
        "a=%FF",
        "a=%ED%A0%80",
        "&&&",
        "=",
        "==",
        "a=1&a=2",
        "count=1&count=2",
        "options.get_client_auth_token=true&options.get_client_auth_token=true",
        "x=" + "q".repeat(6000),
        "p=1&".repeat(700),
        "a=%00",
        "a=\u00e9",
        "%2525=%2525",
        "a+b=c+d",
        ";",
        "a=b;c=d");
  }

  // ---------------------------------------------------------------- encoding

  /** Percent-encodes text as UTF-8, an unpaired surrogate as its three bytes (WTF-8). */
  static String encode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : wtf8(text)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }

  /** UTF-8, except that an unpaired surrogate is written as the three bytes UTF-8 forbids. */
  static byte[] wtf8(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.writeBytes(text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
        i++;
      } else if (Character.isSurrogate(c)) {
        out.write(0xE0 | (c >> 12));
        out.write(0x80 | ((c >> 6) & 0x3F));
        out.write(0x80 | (c & 0x3F));
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }

  /** Text as its raw UTF-8 bytes, one char per byte, to go unescaped into a request line. */
  static String rawUtf8(String text) {
    return new String(wtf8(text), StandardCharsets.ISO_8859_1);
  }

  /** A JSON string's content: quotes, backslashes, controls and lone surrogates escaped. */
  static String jsonEscape(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean paired =
          Character.isHighSurrogate(c)
              && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1));
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || (Character.isSurrogate(c) && !paired)) {
        out.append(String.format("\\u%04x", (int) c));
      } else if (paired) {
        out.append(c).append(text.charAt(++i));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private String decodedOrSelf(String segment) {
    try {
      return java.net.URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return segment;
    }
  }

  /** The same text with its last character changed: a key one character off. */
  private static String flipped(String key) {
    char last = key.charAt(key.length() - 1);
    return key.substring(0, key.length() - 1) + (last == 'x' ? 'y' : 'x');
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private byte[] oneOfBytes() {
    int pick = rnd.nextInt(6);
    return switch (pick) {
      case 0 -> new byte[] {(byte) 0xFF, (byte) 0xFE};
      case 1 -> new byte[] {(byte) 0xC0, (byte) 0xAF};
      case 2 -> new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
      case 3 -> new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80};
      case 4 -> new byte[] {(byte) 0xE2, (byte) 0x82};
      default -> new byte[] {(byte) 0x80};
    };
  }

  private byte[] insert(byte[] body, byte[] bytes) {
    int at = body.length == 0 ? 0 : rnd.nextInt(body.length + 1);
    byte[] out = new byte[body.length + bytes.length];
    System.arraycopy(body, 0, out, 0, at);
    System.arraycopy(bytes, 0, out, at, bytes.length);
    System.arraycopy(body, at, out, at + bytes.length, body.length - at);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private byte[] deeplyNested(int depth) {
    String open = rnd.nextBoolean() ? "[" : "{\"a\":";
    String close = open.equals("[") ? "]" : "}";
    return utf8("{\"customer_id\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}");
  }

  private byte[] manyParameters(int count) {
    StringBuilder form = new StringBuilder("entity_id=" + encode(pooled()));
    for (int i = 0; i < count; i++) {
      form.append("&p").append(i).append('=').append(i);
    }
    return utf8(form.toString());
  }

  @SafeVarargs
  private <T> T oneOf(T... choices) {
    return choices[rnd.nextInt(choices.length)];
  }

  // ---------------------------------------------------------------- the draft

  /** A request being made: the route's fields first, then mutations, then {@link #build}. */
  private final class Draft {
    final Family family;
    final List<String> labels = new ArrayList<>();
    String method;
    String path;
    String query;
    boolean plainPath = true;
    final List<String> auth = new ArrayList<>();
    boolean valid;
    boolean ambiguous;
    boolean signed;
    String contentType;
    final List<String> extraHeaders = new ArrayList<>();
    byte[] body = new byte[0];
    boolean chunked;
    boolean alone;

    Draft(Family family, String route, String method, String path) {
      this.family = family;
      this.method = method;
      this.path = path;
      labels.add(route);
    }

    void label(String label) {
      labels.add(label);
    }

    void form(List<String[]> fields) {
      List<String> pairs = new ArrayList<>();
      for (String[] field : fields) {
        String value = encode(field[1]);
        if (rnd.nextInt(4) == 0) {
          value = value.replace("%20", "+");
        }
        pairs.add(encode(field[0]) + "=" + value);
      }
      body = utf8(String.join("&", pairs));
    }

    /** A JSON object of the fields, some of them of the wrong type when {@code loose}. */
    void json(List<String[]> fields, boolean juspayOptions) {
      List<String> members = new ArrayList<>();
      for (String[] field : fields) {
        String name = field[0];
        if (juspayOptions && name.equals("options.get_client_auth_token") && rnd.nextBoolean()) {
          members.add("\"options\":{\"get_client_auth_token\":" + field[1] + "}");
          continue;
        }
        members.add("\"" + jsonEscape(name) + "\":" + jsonValue(field[1]));
      }
      body = utf8("{" + String.join(",", members) + "}");
      contentType = rnd.nextInt(6) == 0 ? null : oneOf(JSON, JSON + "; charset=utf-8");
    }

    private String jsonValue(String text) {
      if (rnd.nextInt(12) != 0) {
        return "\"" + jsonEscape(text) + "\"";
      }
      label("json-type");
      return oneOf(
          "1",
          "-0",
          "1.5",
          "1e400",
          "123456789012345678901234567890",
          "true",
          "null",
          "[]",
          "[\"" + jsonEscape(text) + "\"]",
          "{}",
          "{\"a\":{\"b\":{\"c\":[1,2,{\"d\":null}]}}}",
          "[".repeat(200) + "]".repeat(200),
          "\"\\ud800\"",
          "\"\\u0000\"",
          "\"\\x41\"",
          "\"a\u0001b\"",
          "\"" + "\\\\".repeat(5000) + "\"");
    }

    void insertIntoJsonObject(String member) {
      String text = new String(body, StandardCharsets.UTF_8);
      body = utf8("{" + member + (text.equals("{}") ? "}" : "," + text.substring(1)));
    }

    void juspaySdkHeaders() {
      if (rnd.nextBoolean()) {
        extraHeaders.add("version: 2019-05-07");
        extraHeaders.add("User-Agent: " + oneOf("JAVA_SDK/1.1.2", "NODEJS_SDK/1.0.0"));
      }
      if (rnd.nextInt(4) == 0) {
        extraHeaders.add("x-routing-id: " + oneOf("cust-1", "user@example.com", ""));
      }
    }

    void validCredentials() {
      valid = true;
      switch (family) {
        case JUSPAY -> {
          String key = rnd.nextInt(10) == 0 ? keys.juspayOfOtherMerchant() : keys.juspay();
          String user = rnd.nextBoolean() ? key : key + ":";
          auth.add(oneOf("Authorization: Basic ", "Authorization: basic ") + base64(user));
          if (rnd.nextInt(4) == 0 && key.equals(keys.juspay())) {
            auth.add("x-merchantid: m1");
          }
        }
        case FLOWWISE -> {
          boolean other = rnd.nextInt(5) == 0;
          auth.add(
              oneOf("x-client-id: ", "X-Client-Id: ")
                  + (other ? keys.otherProjectId() : keys.flowwiseId()));
          auth.add(
              "x-client-secret: " + (other ? keys.otherProjectSecret() : keys.flowwiseSecret()));
        }
        case AIRPAY -> {
          auth.add("token: " + keys.airpayToken());
          signed = true;
        }
        case ADMIN ->
            auth.add(oneOf("Authorization: Bearer ", "authorization: bearer ") + keys.adminToken());
        default -> throw new IllegalStateException(family.name());
      }
    }

    void wrongCredentials() {
      int pick = rnd.nextInt(8);
      label("credentials=wrong#" + pick);
      switch (family) {
        case JUSPAY ->
            auth.add(
                switch (pick) {
                  case 0 -> "Authorization: Basic " + base64("wrong-key");
                  case 1 -> "Authorization: Basic";
                  case 2 -> "Authorization: Basic !!!not-base64!!!";
                  case 3 -> "Authorization: Basic " + base64("\u0000" + keys.juspay().substring(1));
                  case 4 -> "Authorization: Bearer " + keys.juspay();
                  case 5 -> "Authorization: Basic " + base64(":" + keys.juspay());
                  case 6 -> "Authorization: Basic " + base64(flipped(keys.juspay()));
                  default ->
                      "Authorization: Basic " + base64(keys.juspay()) + "\r\nx-merchantid: m2";
                });
        case FLOWWISE -> {
          switch (pick) {
            case 0 -> auth.add("x-client-id: " + keys.flowwiseId());
            case 1 -> auth.add("x-client-secret: " + keys.flowwiseSecret());
            case 2 -> {
              auth.add("x-client-id: " + keys.flowwiseId());
              auth.add("x-client-secret: wrong");
            }
            case 3 -> {
              auth.add("x-client-id: ");
              auth.add("x-client-secret: " + keys.flowwiseSecret());
            }
            case 4 -> {
              auth.add("x-client-id: CF\u00e9\u00ff");
              auth.add("x-client-secret: " + keys.flowwiseSecret());
            }
            case 5 -> {
              auth.add("x-client-id: " + keys.otherProjectId());
              auth.add("x-client-secret: " + keys.flowwiseSecret());
            }
            default -> {
              auth.add("x-client-id: " + keys.flowwiseId() + "%00");
              auth.add("x-client-secret: " + keys.flowwiseSecret());
            }
          }
        }
        case AIRPAY -> {
          if (pick < 5) {
            auth.add("token: " + keys.airpayToken());
          }
          auth.add(
              switch (pick) {
                case 0 -> "checksum: " + "0".repeat(64);
                case 1 -> "checksum: ";
                case 2 -> "checksum: not-hex";
                case 3 -> "X-Nothing: no checksum";
                case 4 -> "checksum: " + "a".repeat(5000);
                case 5 -> "token: wrong";
                case 6 -> "token: ";
                default -> "token: " + keys.airpayToken() + "x";
              });
          if (pick >= 5) {
            signed = true;
          }
        }
        case ADMIN ->
            auth.add(
                switch (pick) {
                  case 0 -> "Authorization: Bearer wrong";
                  case 1 -> "Authorization: Bearer";
                  case 2 -> "Authorization: Bearer " + keys.adminToken() + "x";
                  case 3 -> "Authorization: Basic " + base64(keys.adminToken());
                  case 4 -> "Authorization: Bearer \u00e9\u00ff";
                  case 5 -> "Authorization: " + keys.adminToken();
                  default -> "Authorization: Bearer  ";
                });
        default -> throw new IllegalStateException(family.name());
      }
    }

    void foreignCredentials() {
      label("credentials=foreign");
      Family other = family == Family.JUSPAY ? Family.FLOWWISE : Family.JUSPAY;
      switch (other) {
        case JUSPAY -> auth.add("Authorization: Basic " + base64(keys.juspay()));
        default -> {
          auth.add("x-client-id: " + keys.flowwiseId());
          auth.add("x-client-secret: " + keys.flowwiseSecret());
          if (family == Family.JUSPAY) {
            auth.add("Authorization: Bearer " + keys.adminToken());
          }
        }
      }
    }

    HostileRequest build() {
      List<String> headers = new ArrayList<>();
      List<String> rest = new ArrayList<>(auth);
      if (contentType != null) {
        rest.add("Content-Type: " + contentType);
      }
      rest.addAll(extraHeaders);
      if (signed) {
        rest.add("checksum: " + airpayChecksum());
      }
      if (rnd.nextInt(5) == 0) {
        Collections.shuffle(rest, rnd);
      }
      headers.add("Host: 127.0.0.1:" + port);
      headers.addAll(rest);
      List<Integer> chunks = new ArrayList<>();
      if (chunked) {
        headers.add("Transfer-Encoding: chunked");
        int at = 0;
        while (at < body.length) {
          int size = Math.min(body.length - at, 1 + rnd.nextInt(Math.max(1, body.length / 2)));
          chunks.add(size);
          at += size;
        }
        label("chunked");
      } else if (body.length > 0 || !List.of("GET", "HEAD", "DELETE").contains(method)) {
        headers.add("Content-Length: " + body.length);
      }
      String target = path + (query == null ? "" : "?" + query);
      boolean rawControls = target.chars().anyMatch(c -> c <= 0x20 || c == 0x7f);
      boolean big = body.length > 64 * 1024 || target.length() > 4000;
      boolean closes =
          extraHeaders.stream().anyMatch(h -> h.startsWith("Expect")) || method.equals("HEAD");
      boolean protectedRoute = family != Family.PUBLIC && family != Family.NONE;
      boolean mustRefuse =
          protectedRoute && !valid && !ambiguous && plainPath && !method.equals("OPTIONS");
      return new HostileRequest(
          String.join(" ", labels),
          method,
          target,
          headers,
          body,
          chunks,
          alone || rawControls || big || closes,
          mustRefuse,
          null);
    }

    /**
     * The checksum of the values as the server will decode them, with the token's secret key; a
     * body that cannot be decoded gets one over what could be decoded, which the server refuses
     * before comparing.
     */
    private String airpayChecksum() {
      List<String> values = new ArrayList<>();
      for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int equals = pair.indexOf('=');
        values.add(equals < 0 ? "" : lenientFormDecode(pair.substring(equals + 1)));
      }
      String secret = valid ? keys.airpaySecret() : "wrong-secret";
      String sum = Checksum.of(values, secret);
      return rnd.nextInt(10) == 0 ? " " + sum.toUpperCase(Locale.ROOT) + " " : sum;
    }
  }

  /** Percent-decoding with {@code +} as space, bytes that are not UTF-8 replaced. */
  static String lenientFormDecode(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '+') {
        bytes.write(' ');
      } else if (c == '%'
          && i + 2 < text.length()
          && Character.digit(text.charAt(i + 1), 16) >= 0
          && Character.digit(text.charAt(i + 2), 16) >= 0) {
        bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        int end = i + Character.charCount(text.codePointAt(i));
        bytes.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end - 1;
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
