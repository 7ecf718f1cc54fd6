package io.clientele.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {
  @TempDir Path dir;

  @Test
  void createsASecretOnceReadableByTheOwnerOnly() throws Exception {
    DataDirectory data = new DataDirectory(dir);

    DataDirectory.Secret first = data.readOrCreate("sub/secret", () -> "value-1");
    DataDirectory.Secret second = data.readOrCreate("sub/secret", () -> "value-2");

    assertThat(first).isEqualTo(new DataDirectory.Secret("value-1", true));
    assertThat(second).isEqualTo(new DataDirectory.Secret("value-1", false));
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("sub/secret"))))
        .isEqualTo("rw-------");
    assertThat(first.toString()).doesNotContain("value-1");
    try (var files = Files.list(dir.resolve("sub"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("secret");
    }
  }
}
