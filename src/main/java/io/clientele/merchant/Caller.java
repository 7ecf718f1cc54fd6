package io.clientele.merchant;

/**
 * Who a request acts as, once authenticated: the merchant and credential it proved, the dialect it
 * spoke and the request id it was answered under. Every change record keeps one.
 *
 * @param dialect the wire name of the dialect ({@code juspay}, {@code flowwise}, {@code airpay}),
 *     or {@code admin} for the operator's API
 * @param projectId the project the credential acts for, else {@code null}
 */
public record Caller(
    String merchantId, String credentialId, String dialect, String projectId, String requestId) {}
