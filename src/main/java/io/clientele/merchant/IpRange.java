package io.clientele.merchant;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 CIDR block of a merchant's allow-list; a bare address is a single-host block. */
public record IpRange(InetAddress network, int prefixLength) {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  /**
   * Parses {@code 10.0.0.0/8}, {@code 127.0.0.1} or {@code ::1/128}; never resolves a host name.
   */
  public static Optional<IpRange> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String[] parts = text.strip().split("/", -1);
    if (parts.length > 2
        || !(IPV4.matcher(parts[0]).matches() || IPV6.matcher(parts[0]).matches())) {
      return Optional.empty();
    }
    try {
      InetAddress address = InetAddress.getByName(parts[0]);
      int bits = address.getAddress().length * 8;
      int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
      if (prefix < 0 || prefix > bits || (parts.length == 2 && !parts[1].matches("\\d{1,3}"))) {
        return Optional.empty();
      }
      return Optional.of(new IpRange(mask(address, prefix), prefix));
    } catch (UnknownHostException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  public boolean contains(InetAddress address) {
    byte[] candidate = address.getAddress();
    if (candidate.length != network.getAddress().length) {
      return false;
    }
    try {
      return mask(address, prefixLength).equals(network);
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static InetAddress mask(InetAddress address, int prefix) throws UnknownHostException {
    byte[] bytes = address.getAddress();
    int bits = bytes.length * 8;
    BigInteger value = new BigInteger(1, bytes);
    BigInteger keep =
        BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(prefix).not();
    byte[] masked = value.and(keep).add(BigInteger.ONE.shiftLeft(bits)).toByteArray();
    return InetAddress.getByAddress(
        java.util.Arrays.copyOfRange(masked, masked.length - bytes.length, masked.length));
  }

  /** The canonical CIDR text, as stored and shown. */
  @Override
  public String toString() {
    return format(network) + "/" + prefixLength;
  }

  /** Dotted IPv4, or IPv6 with its longest run of zero groups folded to {@code ::}. */
  static String format(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length == 4) {
      return address.getHostAddress();
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }
}
