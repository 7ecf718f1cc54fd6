package io.clientele.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.config.ConfigLoader;
import io.clientele.config.DatabaseConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kill of the process cannot show a missing force (the written page survives in the operating
 * system's cache), so this counts the forces themselves: JFR records every {@code
 * FileChannel.force} with its file.
 */
class ForcedCommitsTest {
  static final int COMMITS = 50;

  @TempDir Path dataDir;

  @Test
  void forcesTheDatabaseFileToTheDeviceForEveryCommitBeforeItReturns() throws Exception {
    try (Database database =
        Database.open(new DatabaseConfig(ConfigLoader.embeddedUrl(dataDir), "", ""))) {
      try (Connection connection = database.dataSource().getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("create table filler (id integer primary key)");
      }
      Path recorded = dataDir.resolve("forces.jfr");
      try (Recording recording = new Recording()) {
        recording.enable("jdk.FileForce").withThreshold(Duration.ZERO).withStackTrace();
        recording.start();
        for (int i = 0; i < COMMITS; i++) {
          try (Connection connection = database.dataSource().getConnection();
              PreparedStatement insert =
                  connection.prepareStatement("insert into filler values (?)")) {
            insert.setInt(1, i);
            insert.executeUpdate();
          }
        }
        recording.stop();
        recording.dump(recorded);
      }
      long forcesOfTheDatabaseFile =
          RecordingFile.readAllEvents(recorded).stream()
              .filter(e -> String.valueOf(e.getString("path")).endsWith("clientele.mv.db"))
              .count();
      assertThat(forcesOfTheDatabaseFile).isGreaterThanOrEqualTo(COMMITS);
    }
  }
}
