package io.clientele.storage;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * A migration written in Java, numbered among the SQL ones, run in the one transaction Flyway gives
 * it. It has no checksum: its work is code, which later versions may change without changing what a
 * database that ran it holds.
 */
abstract class NumberedMigration implements JavaMigration {
  private final MigrationVersion version;
  private final String description;

  NumberedMigration(String version, String description) {
    this.version = MigrationVersion.fromVersion(version);
    this.description = description;
  }

  @Override
  public final MigrationVersion getVersion() {
    return version;
  }

  @Override
  public final String getDescription() {
    return description;
  }

  @Override
  public final Integer getChecksum() {
    return null;
  }

  @Override
  public final boolean canExecuteInTransaction() {
    return true;
  }
}
