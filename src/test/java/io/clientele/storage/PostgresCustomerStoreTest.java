package io.clientele.storage;

import io.clientele.testing.TestDatabase;

class PostgresCustomerStoreTest extends CustomerStoreContract {
  @Override
  TestDatabase.Engine engine() {
    return TestDatabase.Engine.POSTGRES;
  }
}
