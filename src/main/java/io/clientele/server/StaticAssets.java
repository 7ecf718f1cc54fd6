package io.clientele.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Files shipped in the jar (the console, the API documentation pages), served under one path prefix
 * by GET and HEAD with the security headers a page needs; no network, no file system.
 */
public final class StaticAssets {
  /** A file path under the prefix: segments of letters, digits, {@code . _ -}, never {@code ..}. */
  private static final Pattern FILE =
      Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*");

  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html;charset=utf-8",
          "js", "text/javascript;charset=utf-8",
          "css", "text/css;charset=utf-8",
          "json", "application/json",
          "yaml", "application/yaml;charset=utf-8",
          "png", "image/png",
          "svg", "image/svg+xml;charset=utf-8",
          "map", "application/json");

  private final String prefix;
  private final String resourceRoot;
  private final String index;
  private final Map<String, String> headers;
  private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();

  /**
   * @param prefix the path the files are served under, {@code /console}; the prefix itself answers
   *     {@code index}
   * @param resourceRoot the class-path folder holding the files, {@code console}
   * @param index the file the bare prefix answers, {@code index.html}
   * @param headers sent with every file, a {@code Content-Security-Policy} say
   */
  public StaticAssets(
      String prefix, String resourceRoot, String index, Map<String, String> headers) {
    this.prefix = prefix;
    this.resourceRoot = resourceRoot.endsWith("/") ? resourceRoot : resourceRoot + "/";
    this.index = index;
    this.headers = new LinkedHashMap<>(headers);
    this.headers.putIfAbsent("X-Content-Type-Options", "nosniff");
    this.headers.putIfAbsent("Cache-Control", "no-cache");
  }

  /** Adds {@code GET}/{@code HEAD} of the prefix and of every file below it. */
  public void addRoutes(RoutesConfig routes) {
    ApiServer.get(routes, prefix, ctx -> send(ctx, index));
    ApiServer.get(routes, prefix + "/<file>", ctx -> send(ctx, ctx.pathParam("file")));
  }

  private void send(Context ctx, String file) {
    if (file.isEmpty()) {
      file = index;
    }
    if (!FILE.matcher(file).matches() || file.contains("..")) {
      throw new ServerFault.UnknownPath();
    }
    byte[] body = load(file).orElseThrow(ServerFault.UnknownPath::new);
    headers.forEach(ctx::header);
    String type = typeOf(file);
    ctx.status(200).result(body);
    if (!type.contains("charset=")) {
      // Bytes, not text: without this the servlet response would add its default character set.
      ctx.res().setCharacterEncoding(null);
    }
    ctx.contentType(type);
  }

  /**
   * The file's bytes, read from the class path once; empty when the jar has no such file. Only
   * files found are kept, so requests for made-up names cannot grow the map.
   */
  Optional<byte[]> load(String file) {
    byte[] kept = loaded.get(file);
    if (kept != null) {
      return Optional.of(kept);
    }
    Optional<byte[]> found = read(file);
    found.ifPresent(bytes -> loaded.put(file, bytes));
    return found;
  }

  private Optional<byte[]> read(String file) {
    URL url = StaticAssets.class.getClassLoader().getResource(resourceRoot + file);
    if (url == null || isFolder(url)) {
      return Optional.empty();
    }
    try (InputStream in = url.openStream()) {
      return Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("read " + resourceRoot + file + " from the jar", e);
    }
  }

  /**
   * A folder of the class path, which is no file: read as one, a jar's folder gave an empty 200 and
   * a directory on disk the list of its files.
   */
  private static boolean isFolder(URL url) {
    if (url.getPath().endsWith("/")) {
      return true;
    }
    if (!"file".equals(url.getProtocol())) {
      return false;
    }
    try {
      return Files.isDirectory(Path.of(url.toURI()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return true;
    }
  }

  static String typeOf(String file) {
    int dot = file.lastIndexOf('.');
    String extension = dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
    return TYPES.getOrDefault(extension, "application/octet-stream");
  }
}
