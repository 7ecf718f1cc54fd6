package io.clientele.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.TestServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The served documents, in the index's order, the check of each exchange against its family's, and
 * a record of which documented answers real exchanges met.
 */
final class Contracts {
  static final List<String> NAMES = List.of("juspay", "flowwise", "airpay", "canonical", "admin");

  /** The answers each family documents for the paths and methods it does not serve. */
  static final List<String> UNSERVED_ANSWERS = List.of("RouteNotFound", "MethodNotAllowed");

  /** Whether the test means the request to satisfy the document or to break it. */
  enum Request {
    CONFORMING,
    BROKEN
  }

  private final Map<String, OpenApiContract> documents;
  private final Set<String> exercised = ConcurrentHashMap.newKeySet();

  private Contracts(Map<String, OpenApiContract> documents) {
    this.documents = documents;
  }

  static Contracts served(TestServer server) {
    Traffic traffic = new Traffic(server);
    Map<String, OpenApiContract> documents = new LinkedHashMap<>();
    for (String name : NAMES) {
      Exchange served = traffic.get("/openapi/" + name + ".json", Map.of());
      assertThat(served.status()).as(name).isEqualTo(200);
      documents.put(name, new OpenApiContract(name, served.responseBody()));
    }
    return new Contracts(documents);
  }

  /**
   * Asserts the status, that the request satisfies or breaks the operation it names as meant, and
   * that the answer is one the operation documents.
   */
  Exchange expect(String document, Request request, int status, Exchange exchange) {
    assertThat(exchange.status()).as("status of %s", exchange).isEqualTo(status);
    OpenApiContract contract = documents.get(document);
    OpenApiContract.Operation operation =
        contract
            .find(exchange.method(), exchange.path())
            .orElseThrow(() -> new AssertionError(document + " has no operation for " + exchange));
    List<String> requestProblems = contract.requestProblems(operation, exchange);
    if (request == Request.CONFORMING) {
      assertThat(requestProblems).as("request of %s", exchange).isEmpty();
    } else {
      assertThat(requestProblems)
          .as("request of %s should break the document", exchange)
          .isNotEmpty();
    }
    assertThat(contract.responseProblems(operation, exchange))
        .as("answer of %s", exchange)
        .isEmpty();
    exercised.add(document + " " + operation.key() + " " + status);
    return exchange;
  }

  /** Asserts the status and that the answer is the family's documented {@code response}. */
  Exchange expectAnswer(String document, String response, int status, Exchange exchange) {
    assertThat(exchange.status()).as("status of %s", exchange).isEqualTo(status);
    assertThat(documents.get(document).componentResponseProblems(response, exchange))
        .as("answer of %s", exchange)
        .isEmpty();
    exercised.add(document + " " + response);
    return exchange;
  }

  Set<String> exercised() {
    return Set.copyOf(exercised);
  }

  /** Every status of every operation, and each family's answers for what it does not serve. */
  Set<String> documentedAnswers() {
    Set<String> answers = new TreeSet<>();
    documents.forEach(
        (name, contract) -> {
          for (OpenApiContract.Operation operation : contract.operations()) {
            contract
                .document()
                .at(operation.pointer() + "/responses")
                .fieldNames()
                .forEachRemaining(
                    status -> answers.add(name + " " + operation.key() + " " + status));
          }
          UNSERVED_ANSWERS.forEach(response -> answers.add(name + " " + response));
        });
    return answers;
  }
}
