package io.clientele.merchant;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;

/** A tenant of Clientele: it owns customers, projects, credentials and an IP allow-list. */
public record Merchant(String id, String name, List<IpRange> allowedIps, Instant createdAt) {

  public Merchant {
    allowedIps = List.copyOf(allowedIps);
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
