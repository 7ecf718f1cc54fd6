package io.clientele.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.TestServer;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The documents and the route table cannot drift apart: every route the server serves is an
 * operation of a served document, and every documented operation is a route the server serves.
 */
class OpenApiCoverageTest {
  /** Pages for people, files from the jar under a prefix: not operations of an API. */
  static final Set<String> PAGES = Set.of("/docs", "/console");

  static TestServer server;
  static Set<String> documented;

  @BeforeAll
  static void start() {
    server = TestServer.startInTemporaryDir(null);
    Traffic traffic = new Traffic(server);
    documented = new TreeSet<>();
    for (String name : Contracts.NAMES) {
      String text = traffic.get("/openapi/" + name + ".json", Map.of()).responseBody();
      for (OpenApiContract.Operation operation : new OpenApiContract(name, text).operations()) {
        documented.add(operation.method() + " " + shape(operation.path()));
      }
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void documentsEveryRouteTheServerServes() {
    Set<String> undocumented = new TreeSet<>();
    for (String route : server.routes()) {
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1);
      if (!isPage(path) && !method.equals("HEAD")) {
        undocumented.add(method + " " + shape(path));
      }
    }
    undocumented.removeAll(documented);

    assertThat(undocumented).isEmpty();
  }

  @Test
  void servesEveryDocumentedOperation() {
    Set<String> served = new TreeSet<>();
    for (String route : server.routes()) {
      served.add(
          route.substring(0, route.indexOf(' '))
              + " "
              + shape(route.substring(route.indexOf(' '))));
    }
    Set<String> missing = new TreeSet<>(documented);
    missing.removeAll(served);

    assertThat(missing).isEmpty();
  }

  /** The documents describe GET only; HEAD is the same operation without a body. */
  @Test
  void servesEveryGetAlsoAsHeadAndNothingElseAsHead() {
    Set<String> gets = new TreeSet<>();
    Set<String> heads = new TreeSet<>();
    for (String route : server.routes()) {
      if (route.startsWith("GET ")) {
        gets.add(route.substring(4));
      } else if (route.startsWith("HEAD ")) {
        heads.add(route.substring(5));
      }
    }

    assertThat(heads).isEqualTo(gets);
  }

  private static boolean isPage(String path) {
    return PAGES.stream().anyMatch(page -> path.equals(page) || path.equals(page + "/<file>"));
  }

  /**
   * A path with its parameters unnamed: {@code /customers/{customer_id}} as {@code /customers/{}}.
   */
  static String shape(String path) {
    return path.strip().replaceAll("\\{[^}/]+}|<[^>/]+>", "{}");
  }
}
