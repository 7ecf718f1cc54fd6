package io.clientele.merchant;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpRangeTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "127.0.0.1, 127.0.0.1/32",
    "10.1.2.3/8, 10.0.0.0/8",
    "0.0.0.0/0, 0.0.0.0/0",
    "::1, ::1/128",
    "2001:db8:0:0:1:0:0:0/64, 2001:db8::/64",
    "2001:0db8:0000:0000:0000:ff00:0042:8329, 2001:db8::ff00:42:8329/128",
    "fe80::1:0:0:1/128, fe80::1:0:0:1/128",
  })
  void parsesAndCanonicalises(String text, String canonical) {
    assertThat(IpRange.parse(text)).get().hasToString(canonical);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "localhost",
        "example.com",
        "10.0.0.0/33",
        "10.0.0.0/",
        "10.0.0.0/-1",
        "1.2.3",
        "::1/129",
        "10.0.0.0/8/8",
        "10.0.0.0/ 8",
        "300.1.1.1"
      })
  void rejects(String text) {
    assertThat(IpRange.parse(text)).isEmpty();
  }

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
    "10.0.0.0/8, 10.255.1.2, true",
    "10.0.0.0/8, 11.0.0.1, false",
    "127.0.0.1, 127.0.0.1, true",
    "127.0.0.1, 127.0.0.2, false",
    "0.0.0.0/0, 203.0.113.9, true",
    "2001:db8::/32, 2001:db8:ffff::1, true",
    "2001:db8::/32, 2001:db9::1, false",
    "::1, 127.0.0.1, false",
    "127.0.0.0/8, ::1, false",
  })
  void matchesAddressesInsideTheBlock(String range, String address, boolean inside)
      throws Exception {
    assertThat(IpRange.parse(range).orElseThrow().contains(InetAddress.getByName(address)))
        .isEqualTo(inside);
  }
}
