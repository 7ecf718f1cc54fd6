package io.clientele.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.LogCapture;
import io.clientele.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Data key rotations, one after another, while customers are created and changed through Juspay,
 * erased through Flowwise and imported through the admin API. Afterwards every live customer reads
 * back as last written, every history opens, no customer names a destroyed version, no tombstone
 * kept a key, and the last rotation finished.
 */
class HostileVaultRotationRaceTest {
  static final int SEEDED = 700;

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void everyCustomerReadsBackAfterRotationsRacingEveryKindOfWrite(TestDatabase.Engine engine)
      throws Exception {
    try (Hostile h = Hostile.start(engine);
        LogCapture log = LogCapture.everyLogger()) {
      Map<String, String> lastNames = new ConcurrentHashMap<>();
      for (int batch = 0; batch < SEEDED / 100; batch++) {
        assertThat(h.admin("POST", importPath(), rows("seed", batch * 100, 100)).statusCode())
            .as("%s", log.lines())
            .isEqualTo(200);
      }
      for (int i = 0; i < SEEDED; i++) {
        lastNames.put(ref("seed", i), "");
      }
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger rotations = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(5);
      List<Future<?>> work = new ArrayList<>();
      work.add(
          pool.submit(
              () -> {
                for (int i = 0; !stop.get(); i++) {
                  HttpResponse<String> r =
                      h.juspay(
                          "POST",
                          "/customers",
                          "object_reference_id="
                              + ref("new", i)
                              + "&mobile_number=9876543210"
                              + "&first_name=New"
                              + i);
                  expect(failures, "create", r, 200);
                  if (r.statusCode() == 200) {
                    lastNames.put(ref("new", i), "");
                  }
                }
              }));
      work.add(
          pool.submit(
              () -> {
                for (int i = 0; !stop.get(); i++) {
                  String reference = ref("seed", (i * 2) % SEEDED);
                  String last = "Last" + i;
                  HttpResponse<String> r =
                      h.juspay("POST", "/customers/" + reference, "last_name=" + last);
                  expect(failures, "update " + reference, r, 200);
                  if (r.statusCode() == 200) {
                    lastNames.put(reference, last);
                  }
                }
              }));
      work.add(
          pool.submit(
              () -> {
                for (int i = 1; i < SEEDED && !stop.get(); i += 2) {
                  HttpResponse<String> r =
                      h.flowwise("DELETE", "/router/customer/" + ref("seed", i), null);
                  expect(failures, "erase", r, 204);
                  lastNames.remove(ref("seed", i));
                }
              }));
      work.add(
          pool.submit(
              () -> {
                for (int batch = 0; !stop.get(); batch++) {
                  HttpResponse<String> r =
                      h.admin("POST", importPath(), rows("imp", batch * 50, 50));
                  expect(failures, "import", r, 200);
                  if (r.statusCode() == 200) {
                    for (int i = batch * 50; i < batch * 50 + 50; i++) {
                      lastNames.put(ref("imp", i), "");
                    }
                  }
                }
              }));
      work.add(
          pool.submit(
              () -> {
                while (!stop.get()) {
                  HttpResponse<String> r =
                      h.admin("POST", "/admin/merchants/sandbox/keys/rotate", "");
                  if (r.statusCode() == 202) {
                    rotations.incrementAndGet();
                  } else {
                    expect(failures, "rotate", r, 200);
                  }
                  sleep(200);
                }
              }));
      sleep(8000);
      stop.set(true);
      for (Future<?> f : work) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();

      assertThat(failures.stream().limit(5).toList()).as("%s", log.lines()).isEmpty();
      assertThat(rotations.get()).isGreaterThan(1);
      JsonNode keys = null;
      for (int i = 0; i < 600; i++) {
        keys = JsonAssert.parse(h.admin("GET", "/admin/merchants/sandbox/keys", "").body());
        if (keys.get("rotation").get("state").textValue().equals("finished")) {
          break;
        }
        sleep(100);
      }
      assertThat(keys.get("rotation").get("state").textValue())
          .as(keys.toString())
          .isEqualTo("finished");
      assertThat(
              h.database()
                  .query(
                      "select count(*) from customers c where c.customer_key is not null and not"
                          + " exists (select 1 from merchant_keys k where k.merchant_id ="
                          + " c.merchant_id and k.version = c.key_version)"))
          .containsExactly("0");
      assertThat(
              h.database()
                  .query(
                      "select count(*) from customers where status = 'DELETED' and"
                          + " (customer_key is not null or key_version is not null)"))
          .containsExactly("0");
      assertThat(
              h.database()
                  .query(
                      "select count(*) from customers where merchant_id = 'sandbox' and status ="
                          + " 'ACTIVE'"))
          .containsExactly(String.valueOf(lastNames.size()));
      List<String> wrong = new ArrayList<>();
      lastNames.forEach(
          (reference, last) -> {
            HttpResponse<String> shown = h.juspay("GET", "/customers/" + reference, null);
            if (shown.statusCode() != 200) {
              wrong.add(reference + " " + shown.statusCode() + " " + shown.body());
              return;
            }
            JsonNode body = JsonAssert.parse(shown.body());
            String id = body.get("id").textValue();
            String gotLast =
                body.path("last_name").isMissingNode() || body.get("last_name").isNull()
                    ? ""
                    : body.get("last_name").textValue();
            if (!body.get("object_reference_id").textValue().equals(reference)
                || !gotLast.equals(last)) {
              wrong.add(reference + " " + shown.body());
            }
            HttpResponse<String> history =
                h.admin("GET", "/admin/merchants/sandbox/customers/" + id + "/history", "");
            if (history.statusCode() != 200) {
              wrong.add(reference + " history " + history.statusCode());
            }
          });
      assertThat(wrong).isEmpty();
    }
  }

  static void expect(
      ConcurrentLinkedQueue<String> failures, String what, HttpResponse<String> r, int status) {
    if (r.statusCode() != status) {
      failures.add(what + " " + r.statusCode() + " " + r.body());
    }
  }

  static String importPath() {
    return "/admin/merchants/sandbox/customers/import";
  }

  static String ref(String kind, int i) {
    return kind + "-customer-" + i;
  }

  static String rows(String kind, int from, int count) {
    List<String> rows = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      rows.add(
          "{\"reference\":\""
              + ref(kind, i)
              + "\",\"first_name\":\"F"
              + i
              + "\",\"email\":\""
              + kind
              + i
              + "@example.com\"}");
    }
    return "{\"customers\":[" + String.join(",", rows) + "]}";
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
