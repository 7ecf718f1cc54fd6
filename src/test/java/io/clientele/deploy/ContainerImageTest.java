package io.clientele.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clientele.testing.JsonAssert;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image as {@code docker load} would take it: what it runs, as whom, on which ports
 * and with which volume, read from its tarball's manifest, configuration and layers.
 */
class ContainerImageTest {
  static final String IMAGE = System.getProperty("clientele.image", "clientele:0.1.0-SNAPSHOT");
  static final String UID = "65532";

  @TempDir Path work;

  @Test
  void isTaggedWithTheNameTheComposeFileLoads() throws IOException {
    ImageTarball image = ImageTarball.open(work);

    assertThat(image.manifest.get("RepoTags").toString()).isEqualTo("[\"" + IMAGE + "\"]");
  }

  @Test
  void runsTheJarsServeCommandAsANonRootUserWithPortsVolumeAndLabels() throws IOException {
    ImageTarball image = ImageTarball.open(work);

    String version = IMAGE.substring(IMAGE.indexOf(':') + 1);
    JsonAssert.assertJson(
        new ObjectMapper().writeValueAsString(image.config.get("config")),
        JsonAssert.fixture("image/config.json").replace("@VERSION@", version));
    assertThat(image.config.get("os").asText() + "/" + image.config.get("architecture").asText())
        .isIn("linux/amd64", "linux/arm64");
  }

  @Test
  void givesTheDataDirectoryToTheImageUserAndEverythingElseToRoot() throws IOException {
    Map<String, TarEntries.Entry> files = ImageTarball.open(work).files();

    TarEntries.Entry data = files.get("/var/lib/clientele");
    assertThat(List.of(data.type(), data.uid(), data.gid(), Integer.toOctalString(data.mode())))
        .containsExactly('5', 65532, 65532, "700");
    List<String> notRoots =
        files.values().stream()
            .filter(entry -> entry.uid() != 0 || entry.gid() != 0)
            .map(TarEntries.Entry::name)
            .toList();
    assertThat(notRoots).containsExactly("/var/lib/clientele");
    List<String> writableByOthers = new ArrayList<>();
    files.values().stream()
        .filter(entry -> entry.type() != '2' && (entry.mode() & 0002) != 0)
        .filter(entry -> !entry.name().equals("/tmp"))
        .forEach(entry -> writableByOthers.add(entry.name()));
    assertThat(writableByOthers).isEmpty();
    assertThat(Integer.toOctalString(files.get("/tmp").mode())).isEqualTo("1777");
  }

  @Test
  void namesItsUserInPasswdAndHoldsTheRuntimeTheJarAndTheHealthProbe() throws IOException {
    Map<String, TarEntries.Entry> files = ImageTarball.open(work).files();

    assertThat(files.get("/etc/passwd").text())
        .isEqualTo(
            "root:x:0:0:root:/root:/sbin/nologin\n"
                + "clientele:x:65532:65532:Clientele:/var/lib/clientele:/sbin/nologin\n");
    assertThat(files.get("/etc/group").text()).isEqualTo("root:x:0:\nclientele:x:65532:\n");
    assertThat(Integer.toOctalString(files.get("/opt/java/bin/java").mode())).isEqualTo("755");
    assertThat(files.get("/opt/clientele/clientele.jar").size()).isGreaterThan(1_000_000);
    assertThat(files).containsKey("/opt/clientele/healthcheck/HealthCheck.class");
    assertThat(files.keySet()).noneMatch(name -> name.startsWith("/app"));
    List<String> topLevel =
        files.keySet().stream()
            .map(name -> name.split("/"))
            .filter(parts -> parts.length == 2)
            .map(parts -> "/" + parts[1])
            .toList();
    assertThat(topLevel)
        .containsExactlyInAnyOrder("/etc", "/lib", "/lib64", "/opt", "/tmp", "/var");
  }
}
