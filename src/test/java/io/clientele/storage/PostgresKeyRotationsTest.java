package io.clientele.storage;

import io.clientele.testing.TestDatabase;

class PostgresKeyRotationsTest extends KeyRotationsContract {
  @Override
  TestDatabase.Engine engine() {
    return TestDatabase.Engine.POSTGRES;
  }
}
