package io.clientele.storage;

import io.clientele.testing.TestDatabase;

class H2KeyRotationsTest extends KeyRotationsContract {
  @Override
  TestDatabase.Engine engine() {
    return TestDatabase.Engine.H2;
  }
}
