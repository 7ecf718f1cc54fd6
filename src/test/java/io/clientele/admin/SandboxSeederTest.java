package io.clientele.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.cli.Application;
import io.clientele.config.SandboxKeys;
import io.clientele.merchant.CredentialIssuer;
import io.clientele.merchant.SecretSealer;
import io.clientele.merchant.Secrets;
import io.clientele.storage.Database;
import io.clientele.storage.JdbcMerchantStore;
import io.clientele.testing.TestDatabase;
import io.clientele.vault.MasterKeys;
import io.clientele.vault.TestKeys;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many nodes seeding one sandbox keys file into one database at the same instant: each read finds
 * the keys absent, the database's unique key lets one insert each, and every other keeps it.
 */
class SandboxSeederTest {
  static final int NODES = 8;

  static final SandboxKeys KEYS =
      new SandboxKeys(
          Path.of("/keys.json"),
          "sandbox",
          List.of(
              new SandboxKeys.Entry(
                  0, "juspay", Map.of("api_key", "0123456789ABCDEF0123456789ABCDEF")),
              new SandboxKeys.Entry(
                  1,
                  "flowwise",
                  Map.of(
                      "project_id", "sandbox_project",
                      "client_id", "CF0123456789ABCDEF0123",
                      "client_secret", "cfsk_0123456789abcdef0123456789abcdef0123456789abcdef")),
              new SandboxKeys.Entry(
                  2,
                  "airpay",
                  Map.of(
                      "token", "SandboxAirpayToken0123456789abcdefghijkl",
                      "secret_key", "SandboxAirpaySecretKey0123456789"))));

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void storesEachKeyOnceWhenNodesSeedAtTheSameInstant(TestDatabase.Engine engine) {
    try (TestDatabase testDatabase = TestDatabase.create(engine);
        Database database = Database.open(testDatabase.config())) {
      database.migrate(TestKeys.MASTER);
      SecretSealer sealer = new SecretSealer(MasterKeys.of(Secrets.randomBytes(32)));
      CyclicBarrier together = new CyclicBarrier(NODES);
      List<CompletableFuture<List<SandboxSeeder.Seeded>>> nodes = new ArrayList<>();
      for (int i = 0; i < NODES; i++) {
        SandboxSeeder node =
            new SandboxSeeder(
                new JdbcMerchantStore(database.dataSource()),
                new CredentialIssuer(Clock.systemUTC(), sealer),
                Application.credentialKinds(),
                sealer,
                Clock.systemUTC());
        nodes.add(
            CompletableFuture.supplyAsync(
                () -> {
                  await(together);
                  return node.ensure(KEYS);
                }));
      }
      List<List<SandboxSeeder.Seeded>> results =
          nodes.stream().map(CompletableFuture::join).toList();

      List<String> ids = results.get(0).stream().map(SandboxSeeder.Seeded::credentialId).toList();
      assertThat(results)
          .allSatisfy(
              seeded ->
                  assertThat(seeded).extracting(SandboxSeeder.Seeded::credentialId).isEqualTo(ids));
      for (int i = 0; i < KEYS.credentials().size(); i++) {
        int index = i;
        assertThat(results.stream().filter(seeded -> seeded.get(index).created()))
            .as(KEYS.credentials().get(i).name() + " created once")
            .hasSize(1);
      }
      assertThat(testDatabase.query("select id from credentials order by id"))
          .containsExactlyInAnyOrderElementsOf(ids);
      assertThat(testDatabase.query("select merchant_id, id from projects"))
          .containsExactly("sandbox|sandbox_project");
      assertThat(testDatabase.query("select id, name from merchants"))
          .containsExactly("sandbox|Sandbox");
    }
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (InterruptedException | java.util.concurrent.BrokenBarrierException e) {
      throw new IllegalStateException(e);
    }
  }
}
