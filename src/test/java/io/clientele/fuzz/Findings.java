package io.clientele.fuzz;

import io.clientele.testing.RawConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a run saw, gathered from every worker: answers by status, failing answers, requests by the
 * request id the server gave them, and exchanges that got no answer.
 */
final class Findings {
  private static final int MAX_BODY_SHOWN = 300;
  private static final Pattern REQUEST_ID = Pattern.compile("request_id=([0-9a-f-]{36})");

  /** The right answer to a request line naming a version other than HTTP/1.x: no fault. */
  private static final int HTTP_VERSION_NOT_SUPPORTED = 505;

  /** A right answer to a method the server does not know (RFC 9110 §15.6.2): no fault. */
  private static final int NOT_IMPLEMENTED = 501;

  /**
   * What Jetty's error handler says of a request it refused while parsing, possibly before it knew
   * the method; a HEAD answer carrying it is noted, not failed.
   */
  private static final String REFUSED_BEFORE_ROUTING = "Request refused before routing";

  private static final java.util.Set<String> KNOWN_METHODS =
      java.util.Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

  /** One failing answer: what was wrong, the request, and the answer as shown. */
  record Failure(String what, HostileRequest request, String answer, String requestId) {}

  final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  final Map<String, LongAdder> byRouteAndClass = new ConcurrentHashMap<>();
  final Queue<Failure> failures = new ConcurrentLinkedQueue<>();
  final Queue<Failure> noAnswers = new ConcurrentLinkedQueue<>();
  final Queue<Failure> notes = new ConcurrentLinkedQueue<>();

  /**
   * For each failing answer on a kept-alive connection, that connection's last exchanges, oldest
   * first: an answer that belongs to an earlier request shows there as a shift.
   */
  final Queue<String> connectionHistories = new ConcurrentLinkedQueue<>();

  final Map<String, HostileRequest> byRequestId = new ConcurrentHashMap<>();
  final LongAdder sent = new LongAdder();
  final LongAdder answered = new LongAdder();
  final LongAdder slow = new LongAdder();

  /**
   * Counts the answer and records it as a failure when it is one.
   *
   * @return whether it was recorded as a failure
   */
  boolean answered(HostileRequest request, RawConnection.Answer answer, long nanos) {
    int failuresBefore = failures.size();
    countAnswer(request, answer, nanos);
    return failures.size() > failuresBefore;
  }

  private void countAnswer(HostileRequest request, RawConnection.Answer answer, long nanos) {
    sent.increment();
    answered.increment();
    statuses.computeIfAbsent(answer.status(), s -> new LongAdder()).increment();
    byRouteAndClass
        .computeIfAbsent(
            routeKind(request) + " " + answer.status() / 100 + "xx", k -> new LongAdder())
        .increment();
    String id = answer.header("x-request-id").orElse(null);
    if (id != null) {
      byRequestId.put(id, request);
    }
    if (nanos > 3_000_000_000L) {
      slow.increment();
    }
    String route = request.method() + " " + routeKind(request);
    int status = answer.status();
    if (status >= 500 && !isRightRefusal(request, status)) {
      failures.add(new Failure(status + " to " + route, request, shown(answer), id));
    } else if (request.mustRefuse() && status >= 200 && status < 300) {
      failures.add(
          new Failure(
              status + " without valid credentials to " + route, request, shown(answer), id));
    } else if (request.isHead() && answer.after().length > 0) {
      String after = new String(answer.after(), StandardCharsets.UTF_8);
      Queue<Failure> into = after.contains(REFUSED_BEFORE_ROUTING) ? notes : failures;
      into.add(
          new Failure(
              status + " to " + route + " followed by a body, which a HEAD answer must not have",
              request,
              shown(answer) + " + " + after,
              id));
    }
  }

  /**
   * @param previous the request sent before on the same connection, or {@code null}
   */
  void unanswered(HostileRequest request, HostileRequest previous, Exception e) {
    sent.increment();
    String shown =
        e.getMessage()
            + (previous == null
                ? ""
                : "\n    after, on the same connection:\n      "
                    + previous.describe().replace("\n", "\n      "));
    noAnswers.add(
        new Failure(
            "no answer to " + routeKind(request) + ": " + e.getClass().getSimpleName(),
            request,
            shown,
            null));
  }

  private static boolean isRightRefusal(HostileRequest request, int status) {
    return status == HTTP_VERSION_NOT_SUPPORTED
        || (status == NOT_IMPLEMENTED && !KNOWN_METHODS.contains(request.method()));
  }

  static String routeKind(HostileRequest request) {
    String kind = request.kind();
    int space = kind.indexOf(' ');
    return space < 0 ? kind : kind.substring(0, space);
  }

  static String shown(RawConnection.Answer answer) {
    String body = answer.bodyText();
    if (body.length() > MAX_BODY_SHOWN) {
      body = body.substring(0, MAX_BODY_SHOWN) + "…";
    }
    return answer.statusLine() + " " + body;
  }

  long answeredWith(int low, int high) {
    return statuses.entrySet().stream()
        .filter(e -> e.getKey() >= low && e.getKey() < high)
        .mapToLong(e -> e.getValue().sum())
        .sum();
  }

  /** Answers by route and status class, to show how far the requests got. */
  Map<String, Long> byRoute() {
    Map<String, Long> counts = new TreeMap<>();
    byRouteAndClass.forEach((key, count) -> counts.put(key, count.sum()));
    return counts;
  }

  Map<Integer, Long> histogram() {
    Map<Integer, Long> histogram = new TreeMap<>();
    statuses.forEach((status, count) -> histogram.put(status, count.sum()));
    return histogram;
  }

  /**
   * The failures grouped by cause, most frequent first, one example each: by the ERROR line the
   * server logged for the request (its id left out) when there is one, else by what was wrong.
   */
  static List<String> report(Queue<Failure> failures, Map<String, String> errorsById, int limit) {
    Map<String, List<Failure>> groups = new LinkedHashMap<>();
    for (Failure failure : failures) {
      String error = failure.requestId() == null ? null : errorsById.get(failure.requestId());
      String cause =
          error == null
              ? failure.what()
              : failure.what().substring(0, 3) + " logging " + withoutRequestId(error);
      groups.computeIfAbsent(cause, c -> new ArrayList<>()).add(failure);
    }
    List<Map.Entry<String, List<Failure>>> sorted = new ArrayList<>(groups.entrySet());
    sorted.sort(
        (a, b) ->
            a.getValue().size() != b.getValue().size()
                ? Integer.compare(b.getValue().size(), a.getValue().size())
                : a.getKey().compareTo(b.getKey()));
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, List<Failure>> group :
        sorted.subList(0, Math.min(limit, sorted.size()))) {
      Failure example = group.getValue().get(0);
      lines.add(
          group.getValue().size()
              + "× "
              + group.getKey()
              + "\n    answer: "
              + example.answer()
              + "\n    request ("
              + example.request().kind()
              + "):\n      "
              + example.request().describe().replace("\n", "\n      "));
    }
    if (sorted.size() > limit) {
      lines.add("… and " + (sorted.size() - limit) + " more kinds");
    }
    return lines;
  }

  static String withoutRequestId(String line) {
    return REQUEST_ID.matcher(line).replaceAll("request_id=…");
  }

  /** The request id an ERROR line names, or {@code null}. */
  static String requestIdOf(String line) {
    Matcher id = REQUEST_ID.matcher(line);
    return id.find() ? id.group(1) : null;
  }
}
