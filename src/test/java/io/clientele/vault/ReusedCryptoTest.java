package io.clientele.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.clientele.vault.MerchantKeys.Index;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Ciphers are reused between values and blind indexes are made on clones of one keyed HMAC (the
 * cost bench/vault.sh measured): neither may let one value, key or failure leak into the next.
 */
class ReusedCryptoTest {
  private static final MerchantKeys KEYS =
      new MerchantKeys("m_1", Map.of(1, TestKeys.bytes(4)), TestKeys.bytes(5));

  @Test
  void makesTheBlindIndexHmacSha256OfRoleZeroByteAndValueUnderTheIndexKey() {
    assertEquals(
        "xWfb70PlJwpXLQ7y6gIkACT2US9OckQh1ObW1fmCA8Y",
        TextForms.index(KEYS.blind(Index.EMAIL, "ana@example.com")));
    assertEquals(
        "-ONhtOwUOSHaBNjKwLHR98PaNoIun-TvknJqqzxcAvk",
        TextForms.index(KEYS.blind(Index.REFERENCE, "cust-1")));
    assertEquals(
        "xWfb70PlJwpXLQ7y6gIkACT2US9OckQh1ObW1fmCA8Y",
        TextForms.index(KEYS.blind(Index.EMAIL, "ana@example.com")));
  }

  @Test
  void makesTheSameBlindIndexesOnManyThreadsAtOnce() throws Exception {
    List<String> made =
        onEightThreads(
            i ->
                TextForms.index(KEYS.blind(Index.EMAIL, "ana@example.com"))
                    + " "
                    + TextForms.index(KEYS.blind(Index.REFERENCE, "cust-1")));
    assertEquals(
        List.of(
            "xWfb70PlJwpXLQ7y6gIkACT2US9OckQh1ObW1fmCA8Y -ONhtOwUOSHaBNjKwLHR98PaNoIun-TvknJqqzxcAvk"),
        made.stream().distinct().toList());
    assertEquals(8 * 200, made.size());
  }

  @Test
  void opensEveryValueSealedOnManyThreadsAtOnce() throws Exception {
    CustomerKey key = new CustomerKey(TestKeys.bytes(3));
    List<String> opened =
        onEightThreads(i -> key.open(key.seal("value " + i, "place " + i), "place " + i));
    List<String> expected = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      for (int i = 0; i < 200; i++) {
        expected.add("value " + (t * 200 + i));
      }
    }
    assertEquals(expected, opened);
  }

  @Test
  void opensAValueRightAfterAnotherFailedToOpen() {
    CustomerKey key = new CustomerKey(TestKeys.bytes(3));
    CustomerKey other = new CustomerKey(TestKeys.bytes(9));
    for (int i = 0; i < 100; i++) {
      byte[] sealed = key.seal("Ana " + i, "row " + i);
      VaultException wrongPlace =
          assertThrows(VaultException.class, () -> key.open(sealed, "another row"));
      assertEquals(
          "a ciphertext does not open under its key: wrong key or altered",
          wrongPlace.getMessage());
      assertThrows(VaultException.class, () -> other.open(sealed, "row " + 0));
      assertEquals("Ana " + i, key.open(sealed, "row " + i));
    }
  }

  @Test
  void sealsUnderEachKeyItIsGivenWhenCiphersAreReused() {
    CustomerKey first = new CustomerKey(TestKeys.bytes(1));
    CustomerKey second = new CustomerKey(TestKeys.bytes(2));
    byte[] underFirst = first.seal("Ana", "row");
    byte[] underSecond = second.seal("Ana", "row");
    assertThrows(VaultException.class, () -> second.open(underFirst, "row"));
    assertThrows(VaultException.class, () -> first.open(underSecond, "row"));
    assertEquals("Ana", first.open(underFirst, "row"));
    assertEquals("Ana", second.open(underSecond, "row"));
  }

  /** What {@code work} answers for 0 to 1599, 200 numbers on each of 8 threads, in order. */
  private static List<String> onEightThreads(Work work) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<String>>> parts = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int from = t * 200;
        Callable<List<String>> part =
            () -> {
              List<String> answers = new ArrayList<>();
              for (int i = from; i < from + 200; i++) {
                answers.add(work.answer(i));
              }
              return answers;
            };
        parts.add(threads.submit(part));
      }
      List<String> all = new ArrayList<>();
      for (Future<List<String>> part : parts) {
        all.addAll(part.get());
      }
      return all;
    } finally {
      threads.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface Work {
    String answer(int i);
  }
}
