package io.clientele.customer;

/**
 * A write carrying an idempotency key found the key already claimed by another write, committed
 * before it; nothing was written. Whoever sent the write answers with what that other write
 * recorded. Never rendered: it does not leave the server.
 */
public final class IdempotencyKeyClaimed extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IdempotencyKeyClaimed() {
    super("idempotency key already claimed", null, false, false);
  }
}
