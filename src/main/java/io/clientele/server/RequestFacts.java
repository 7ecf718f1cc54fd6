package io.clientele.server;

/**
 * What an error body may quote of the request it answers, taken from the request once so that
 * renderers never see the request itself.
 *
 * @param method the HTTP method as {@link HttpMethods#named} names it: {@code other} for a method
 *     HTTP does not define
 * @param path the request path as the client sent it
 * @param requestId the id also sent as {@code x-request-id}
 */
public record RequestFacts(String method, String path, String requestId) {}
