package io.clientele.storage;

import io.clientele.testing.TestDatabase;

class PostgresMerchantStoreTest extends MerchantStoreContract {
  @Override
  TestDatabase.Engine engine() {
    return TestDatabase.Engine.POSTGRES;
  }
}
