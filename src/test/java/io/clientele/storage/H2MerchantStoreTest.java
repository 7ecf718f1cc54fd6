package io.clientele.storage;

import io.clientele.testing.TestDatabase;

class H2MerchantStoreTest extends MerchantStoreContract {
  @Override
  TestDatabase.Engine engine() {
    return TestDatabase.Engine.H2;
  }
}
