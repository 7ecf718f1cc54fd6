package io.clientele.storage;

import io.clientele.testing.TestDatabase;

class H2CustomerStoreTest extends CustomerStoreContract {
  @Override
  TestDatabase.Engine engine() {
    return TestDatabase.Engine.H2;
  }
}
