package io.clientele.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.clientele.merchant.Credential;
import io.clientele.merchant.IpRange;
import io.clientele.merchant.KeyOwner;
import io.clientele.merchant.Merchant;
import io.clientele.storage.Database;
import io.clientele.storage.JdbcMerchantStore;
import io.clientele.testing.TestDatabase;
import io.clientele.vault.TestKeys;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the 500 ms key-owner cache through the real store on the embedded database, where the
 * database's {@code current_timestamp} is this JVM's wall clock, so "the database's now" can be
 * compared exactly with what the cache answers.
 */
class HostileKeyOwnerCacheTest {
  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

  private TestDatabase testDatabase;
  private Database database;

  /** Milliseconds the next {@code getConnection} waits before it is answered, once. */
  private final AtomicLong connectionWait = new AtomicLong();

  /** A latch the next {@code close} of a connection waits on, once, after the query ran. */
  private volatile CountDownLatch closeGate;

  private volatile CountDownLatch closing;

  @BeforeEach
  void open() {
    testDatabase = TestDatabase.h2();
    database = Database.open(testDatabase.config());
    database.migrate(TestKeys.MASTER);
    new JdbcMerchantStore(database.dataSource())
        .create(new Merchant("m1", "Shop", List.of(IpRange.parse("10.0.0.0/8").orElseThrow()), T0));
  }

  @AfterEach
  void close() {
    if (database != null) {
      database.close();
    }
    if (testDatabase != null) {
      testDatabase.close();
    }
  }

  /** A node: its own store and cache over the shared database, its reads slowed on demand. */
  private JdbcMerchantStore node() {
    return new JdbcMerchantStore(
        slowed(database.dataSource()), JdbcMerchantStore.KEY_OWNER_MAX_AGE);
  }

  private static Credential credential(String id, Instant revokedAt) {
    return new Credential(
        id, "m1", null, "juspay", "LOOKUP" + id, new byte[32], null, T0, revokedAt, null);
  }

  private static boolean accepted(JdbcMerchantStore node, String id) {
    KeyOwner owner = node.findKeyOwner("juspay", "LOOKUP" + id).orElseThrow();
    return owner.credential().isActiveAt(owner.readAt());
  }

  /**
   * Regression, found by a hostile test: a credential inside its rotation overlap was refused
   * early. The cache stamped an entry with the monotonic clock before the read waited for a
   * connection, while the entry's readAt is the database's clock when the query ran, so aging
   * counted the wait twice: after a read that waited 350 ms for a turn, a request 70 ms later was
   * judged 420 ms after the read, and a credential retired 245 ms after it was refused early. The
   * stamp is now taken when the read returns.
   */
  @Test
  void aCredentialInsideItsRotationOverlapIsNotRefusedBeforeItsRetirement() throws Exception {
    JdbcMerchantStore node = node();
    Instant retiredAt = Instant.now().plusMillis(1_500);
    new JdbcMerchantStore(database.dataSource()).addCredential(credential("c1", retiredAt));

    long waitMillis = 350;
    // Start the read so the query runs 245 ms before retirement, after a 350 ms wait for a turn.
    sleepUntil(retiredAt.minusMillis(245 + waitMillis));
    connectionWait.set(waitMillis);
    long stamped = System.nanoTime();
    boolean acceptedFirst = accepted(node, "c1");
    assumeTrue(
        Instant.now().isBefore(retiredAt),
        "this machine was too slow to read the credential before its retirement");
    assertThat(acceptedFirst).isTrue();

    // 420 ms after the lookup began: the entry is still fresh, and the database's clock is ~175 ms
    // short of retirement.
    sleepUntilNanos(stamped + TimeUnit.MILLISECONDS.toNanos(420));
    boolean acceptedNow = accepted(node, "c1");
    Instant databaseNow = Instant.now();

    assumeTrue(
        databaseNow.isBefore(retiredAt),
        "this machine was too slow to judge the credential again before its retirement");
    assertThat(acceptedNow)
        .as("credential retired at %s, judged at database time %s", retiredAt, databaseNow)
        .isTrue();
  }

  /** A revocation through another node is refused here within a second. */
  @Test
  void aRevocationThroughAnotherNodeIsRefusedWithinASecond() throws Exception {
    JdbcMerchantStore here = node();
    JdbcMerchantStore there = node();
    here.addCredential(credential("c2", null));
    assertThat(accepted(here, "c2")).isTrue();

    there.revoke("m1", "c2", Instant.now().plusSeconds(3600));
    long revoked = System.nanoTime();
    while (accepted(here, "c2")) {
      Thread.sleep(5);
    }
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - revoked);

    // The claim is one second; an entry lives 500 ms, plus one poll and one read.
    assertThat(tookMillis).isLessThan(1_000);
  }

  /**
   * A read that saw the credential before this node revoked it, and finished only after the
   * revocation, is not kept; the next request is refused.
   */
  @Test
  void aReadThatSawTheCredentialBeforeThisNodeRevokedItIsNotKept() throws Exception {
    JdbcMerchantStore node = node();
    node.addCredential(credential("c3", null));
    closeGate = new CountDownLatch(1);
    closing = new CountDownLatch(1);

    CompletableFuture<Boolean> inFlight = CompletableFuture.supplyAsync(() -> accepted(node, "c3"));
    assertThat(closing.await(5, TimeUnit.SECONDS)).isTrue();
    closing = null;
    node.revoke("m1", "c3", Instant.now());
    closeGate.countDown();

    assertThat(inFlight.get(5, TimeUnit.SECONDS)).as("the request in flight").isTrue();
    assertThat(accepted(node, "c3")).as("the next request").isFalse();
  }

  /** An allow-list replaced through this node applies to the very next request. */
  @Test
  void anAllowListReplacedThroughThisNodeAppliesToTheNextRequest() {
    JdbcMerchantStore node = node();
    node.addCredential(credential("c4", null));
    assertThat(
            node.findKeyOwner("juspay", "LOOKUPc4").orElseThrow().merchant().allowedIps().stream()
                .map(IpRange::toString))
        .containsExactly("10.0.0.0/8");

    node.replaceAllowedIps("m1", List.of(IpRange.parse("192.168.0.0/16").orElseThrow()));

    assertThat(
            node.findKeyOwner("juspay", "LOOKUPc4").orElseThrow().merchant().allowedIps().stream()
                .map(IpRange::toString))
        .containsExactly("192.168.0.0/16");
  }

  /** Lookups of keys that do not exist are never kept, however many. */
  @Test
  void unknownKeysAreNeverKept() throws Exception {
    JdbcMerchantStore node = node();
    for (int i = 0; i < 200; i++) {
      assertThat(node.findKeyOwner("juspay", "NOSUCH" + i)).isEmpty();
    }
    node.addCredential(credential("c5", null));
    assertThat(node.findKeyOwner("juspay", "LOOKUPc5")).isPresent();
    java.lang.reflect.Field field = JdbcMerchantStore.class.getDeclaredField("keyOwners");
    field.setAccessible(true);
    Object cache = field.get(node);
    java.lang.reflect.Method size = cache.getClass().getDeclaredMethod("size");
    size.setAccessible(true);
    assertThat((int) size.invoke(cache)).isEqualTo(1);
  }

  private DataSource slowed(DataSource dataSource) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (self, method, args) -> {
              if (method.getName().equals("getConnection")) {
                long wait = connectionWait.getAndSet(0);
                if (wait > 0) {
                  Thread.sleep(wait);
                }
                return gated((Connection) invoke(method, dataSource, args));
              }
              return invoke(method, dataSource, args);
            });
  }

  private Connection gated(Connection connection) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (self, method, args) -> {
              if (method.getName().equals("close")) {
                CountDownLatch signal = closing;
                CountDownLatch gate = closeGate;
                if (signal != null && gate != null && gate.getCount() > 0) {
                  signal.countDown();
                  gate.await(5, TimeUnit.SECONDS);
                }
              }
              return invoke(method, connection, args);
            });
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void sleepUntil(Instant instant) throws InterruptedException {
    long millis = Duration.between(Instant.now(), instant).toMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }

  private static void sleepUntilNanos(long nanos) throws InterruptedException {
    long left = nanos - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }
}
