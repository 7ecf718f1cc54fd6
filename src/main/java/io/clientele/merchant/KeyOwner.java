package io.clientele.merchant;

import java.time.Instant;

/**
 * A stored credential with the merchant that owns it: what authentication reads in one query.
 *
 * @param readAt the database's clock when the row was read; revocation is judged by it, so every
 *     node sharing the database refuses a revoked credential from the same instant, whatever the
 *     skew between the nodes' own clocks
 */
public record KeyOwner(Credential credential, Merchant merchant, Instant readAt) {}
