package io.clientele.merchant;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A tenant of Clientele: it owns customers, projects, credentials, an IP allow-list and, when set,
 * a rate limit each of its credentials gets on its own.
 */
public record Merchant(
    String id,
    String name,
    List<IpRange> allowedIps,
    Instant createdAt,
    Optional<RateLimit> rateLimit) {

  public Merchant {
    allowedIps = List.copyOf(allowedIps);
    Objects.requireNonNull(rateLimit, "rateLimit");
  }

  /** A merchant without a rate limit, as every merchant is created. */
  public Merchant(String id, String name, List<IpRange> allowedIps, Instant createdAt) {
    this(id, name, allowedIps, createdAt, Optional.empty());
  }

  /**
   * Whether a caller at {@code remoteAddress} (the IP literal the connection came from) may act for
   * this merchant. An empty allow-list admits every address without parsing it; an address that
   * does not parse is admitted by no list.
   */
  public boolean admits(String remoteAddress) {
    if (allowedIps.isEmpty()) {
      return true;
    }
    InetAddress caller;
    try {
      caller = InetAddress.getByName(remoteAddress);
    } catch (UnknownHostException e) {
      return false;
    }
    return allowedIps.stream().anyMatch(range -> range.contains(caller));
  }
}
