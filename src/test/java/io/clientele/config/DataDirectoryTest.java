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

  @Test
  void createsMissingDirectoriesOwnerOnlyAndLeavesExistingOnesAlone() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));

    DataDirectory.createPrivateDirectories(dir.resolve("a/b"));

    assertThat(mode(dir)).isEqualTo("rwxr-x---");
    assertThat(mode(dir.resolve("a"))).isEqualTo("rwx------");
    assertThat(mode(dir.resolve("a/b"))).isEqualTo("rwx------");
  }

  @Test
  void warnsWhenOthersCanEnterTheDataDirectory() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));

    assertThat(new DataDirectory(dir).exposureWarning())
        .contains(
            "warning: data directory "
                + dir
                + " can be read by other users (mode rwx--x--x); run: chmod 700 "
                + dir);
  }

  @Test
  void saysNothingOfAnOwnerOnlyDataDirectory() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));

    assertThat(new DataDirectory(dir).exposureWarning()).isEmpty();
  }

  @Test
  void warnsWhenOthersCanReadTheMasterKeyFile() throws Exception {
    Path key = Files.writeString(dir.resolve("master.key"), "key");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

    assertThat(DataDirectory.keyFileExposureWarning(key))
        .contains(
            "warning: master key file "
                + key
                + " can be read by other users (mode rw-r--r--); run: chmod 600 "
                + key);
  }

  @Test
  void saysNothingOfAnOwnerOnlyMasterKeyFile() throws Exception {
    Path key = Files.writeString(dir.resolve("master.key"), "key");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));

    assertThat(DataDirectory.keyFileExposureWarning(key)).isEmpty();
  }

  private static String mode(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
