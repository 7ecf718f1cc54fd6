package io.clientele.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.config.ConfigLoader;
import io.clientele.config.DatabaseConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database writes every commit before answering it, a chunk each; its file must still
 * grow with the data it holds, not with the number of commits.
 */
class EmbeddedDatabaseFileTest {
  static final int COMMITS = 8_000;

  @TempDir Path dataDir;

  @Test
  void keepsTheFileNearTheSizeOfItsDataAcrossThousandsOfSingleRowCommits() throws Exception {
    Path file = dataDir.resolve("db/clientele.mv.db");
    try (Database database =
        Database.open(
            new DatabaseConfig(ConfigLoader.embeddedUrl(dataDir) + ";RETENTION_TIME=0", "", ""))) {
      try (Connection connection = database.dataSource().getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("create table filler (id varchar(36) primary key, payload varchar(200))");
      }
      for (int i = 0; i < COMMITS; i++) {
        try (Connection connection = database.dataSource().getConnection();
            PreparedStatement insert =
                connection.prepareStatement("insert into filler values (?, ?)")) {
          insert.setString(1, UUID.randomUUID().toString());
          insert.setString(2, "x".repeat(150));
          insert.executeUpdate();
        }
      }
      Thread.sleep(3 * H2Housekeeping.PERIOD_MILLIS);
      long bytes = Files.size(file);
      System.out.printf(
          "EmbeddedDatabaseFileTest: %d commits, file %d KiB%n", COMMITS, bytes / 1024);
      assertThat(bytes).isLessThan(16L * 1024 * 1024);
    }
  }
}
