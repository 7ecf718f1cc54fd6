package io.clientele.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The image tarball {@code mvn -B -Pimage package} writes for {@code docker load}: its manifest,
 * its configuration and the entries of its layers, read without Docker. Without the tarball the
 * calling test is skipped, saying how to build it, unless {@code CLIENTELE_REQUIRE_IMAGE=1}, which
 * makes it fail instead (as {@code Browser} treats Chromium).
 */
final class ImageTarball {
  static final Path PATH = Path.of("target", "clientele-image.tar");
  private static final String REQUIRE_IMAGE = "CLIENTELE_REQUIRE_IMAGE";
  private static final ObjectMapper JSON = new ObjectMapper();

  final JsonNode manifest;
  final JsonNode config;

  /** Each layer's file in the tarball, in the order they are laid down. */
  final List<Path> layers;

  private ImageTarball(JsonNode manifest, JsonNode config, List<Path> layers) {
    this.manifest = manifest;
    this.config = config;
    this.layers = layers;
  }

  /** Skips the calling test when there is no tarball, or fails it under the variable. */
  static void assumeBuilt() {
    if (Files.isRegularFile(PATH)) {
      return;
    }
    String reason =
        "no image tarball at " + PATH + " (build it with: mvn -B -Pimage package -DskipTests)";
    if ("1".equals(System.getenv(REQUIRE_IMAGE))) {
      Assertions.fail(reason + " and " + REQUIRE_IMAGE + "=1");
    }
    Assumptions.abort(
        reason + "; image tests skipped (set " + REQUIRE_IMAGE + "=1 to fail instead)");
  }

  /** Unpacks the tarball's members (not the layers) into {@code directory} and reads them. */
  static ImageTarball open(Path directory) throws IOException {
    assumeBuilt();
    List<TarEntries.Entry> members;
    try (InputStream in = Files.newInputStream(PATH)) {
      members = TarEntries.read(in, Long.MAX_VALUE);
    }
    for (TarEntries.Entry member : members) {
      Files.write(directory.resolve(member.name().substring(1)), member.content());
    }
    JsonNode manifest = JSON.readTree(directory.resolve("manifest.json").toFile());
    Assertions.assertEquals(1, manifest.size(), "images in " + PATH);
    JsonNode image = manifest.get(0);
    JsonNode config = JSON.readTree(directory.resolve(image.get("Config").asText()).toFile());
    List<Path> layers = new ArrayList<>();
    image.get("Layers").forEach(layer -> layers.add(directory.resolve(layer.asText())));
    return new ImageTarball(image, config, layers);
  }

  /** Every path of every layer, the later layer's entry winning, small files with their content. */
  Map<String, TarEntries.Entry> files() throws IOException {
    Map<String, TarEntries.Entry> files = new LinkedHashMap<>();
    for (Path layer : layers) {
      try (InputStream in = new GZIPInputStream(Files.newInputStream(layer), 1 << 16)) {
        for (TarEntries.Entry entry : TarEntries.read(in, 64 * 1024)) {
          files.put(entry.name(), entry);
        }
      }
    }
    return files;
  }
}
