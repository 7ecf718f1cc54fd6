package io.clientele.merchant;

import java.time.Instant;
import java.util.List;

/** A tenant of Clientele: it owns customers, projects, credentials and an IP allow-list. */
public record Merchant(String id, String name, List<IpRange> allowedIps, Instant createdAt) {

  public Merchant {
    allowedIps = List.copyOf(allowedIps);
  }

  /** An empty allow-list admits every address. */
  public boolean admits(java.net.InetAddress caller) {
    return allowedIps.isEmpty() || allowedIps.stream().anyMatch(range -> range.contains(caller));
  }
}
