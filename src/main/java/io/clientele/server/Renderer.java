package io.clientele.server;

/**
 * Turns a request's failure into one route family's answer. Pure, so every body can be checked in a
 * unit test, and exhaustive: every throwable gets an answer, the last resort being the family's 500
 * marked {@link Rendered#unexpected}.
 */
@FunctionalInterface
public interface Renderer {

  Rendered render(Throwable failure, RequestFacts request);
}
