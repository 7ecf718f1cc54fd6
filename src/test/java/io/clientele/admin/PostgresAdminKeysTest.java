package io.clientele.admin;

import io.clientele.testing.TestDatabase;

/** The keys routes, with the server on PostgreSQL. */
class PostgresAdminKeysTest extends AdminKeysTest {
  @Override
  TestDatabase.Engine engine() {
    return TestDatabase.Engine.POSTGRES;
  }
}
