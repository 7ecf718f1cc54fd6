package io.clientele.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.clientele.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/compose.yaml, read as YAML: it must run the image the build tags, with settings the server
 * reads, and wait for PostgreSQL before starting Clientele.
 */
class ComposeFileTest {
  private static final Path COMPOSE = Path.of("deploy", "compose.yaml");
  private static JsonNode clientele;
  private static JsonNode postgres;
  private static JsonNode compose;

  @BeforeAll
  static void read() throws IOException {
    compose = new YAMLMapper().readTree(COMPOSE.toFile());
    clientele = compose.get("services").get("clientele");
    postgres = compose.get("services").get("postgres");
  }

  @Test
  void runsTheImageTheBuildTags() {
    assertThat(clientele.get("image").asText()).isEqualTo(ContainerImageTest.IMAGE);
  }

  @Test
  void publishesTheImagesTwoPorts() {
    assertThat(texts(clientele.get("ports"))).containsExactly("8080:8080", "8443:8443");
  }

  @Test
  void setsOnlyVariablesTheServerReads() {
    List<String> names = new ArrayList<>();
    clientele.get("environment").fieldNames().forEachRemaining(names::add);

    assertThat(names)
        .containsExactly(
            "CLIENTELE_DATABASE_URL",
            "CLIENTELE_DATABASE_USER",
            "CLIENTELE_DATABASE_PASSWORD",
            "CLIENTELE_DATA_DIR",
            "CLIENTELE_HTTP_PORT",
            "CLIENTELE_HTTPS_PORT");
    assertThat(ConfigLoader.knownVariables()).containsAll(names);
  }

  @Test
  void pointsClienteleAtThePostgresServiceWithItsUserDatabaseAndPassword() {
    JsonNode environment = clientele.get("environment");
    JsonNode database = postgres.get("environment");

    assertThat(environment.get("CLIENTELE_DATABASE_URL").asText())
        .isEqualTo("jdbc:postgresql://postgres:5432/" + database.get("POSTGRES_DB").asText());
    assertThat(environment.get("CLIENTELE_DATABASE_USER").asText())
        .isEqualTo(database.get("POSTGRES_USER").asText());
    assertThat(environment.get("CLIENTELE_DATABASE_PASSWORD").asText())
        .isEqualTo(database.get("POSTGRES_PASSWORD").asText())
        .isEqualTo("${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}");
    assertThat(postgres.get("image").asText()).isEqualTo("postgres:15");
  }

  @Test
  void keepsTheDataDirectoryInANamedVolumeAtTheImagesVolume() {
    assertThat(clientele.get("environment").get("CLIENTELE_DATA_DIR").asText())
        .isEqualTo("/var/lib/clientele");
    assertThat(texts(clientele.get("volumes")))
        .containsExactly("clientele-data:/var/lib/clientele");
    assertThat(texts(postgres.get("volumes")))
        .containsExactly("postgres-data:/var/lib/postgresql/data");
    List<String> volumes = new ArrayList<>();
    compose.get("volumes").fieldNames().forEachRemaining(volumes::add);
    assertThat(volumes).containsExactly("clientele-data", "postgres-data");
  }

  @Test
  void checksClientelesReadinessWithTheImagesProbeOnceThePostgresCheckPasses() {
    assertThat(texts(clientele.get("healthcheck").get("test")))
        .containsExactly(
            "CMD",
            "/opt/java/bin/java",
            "-Xmx16m",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-XX:-UsePerfData",
            "-cp",
            "/opt/clientele/healthcheck",
            "HealthCheck",
            "http://127.0.0.1:8080/health/ready");
    assertThat(texts(postgres.get("healthcheck").get("test")))
        .containsExactly("CMD", "pg_isready", "-U", "clientele", "-d", "clientele");
    assertThat(clientele.get("depends_on").get("postgres").get("condition").asText())
        .isEqualTo("service_healthy");
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add(item.asText()));
    return texts;
  }
}
