package io.clientele.merchant;

import io.clientele.vault.MasterKeys;
import io.clientele.vault.VaultException;
import java.nio.charset.StandardCharsets;

/**
 * Seals secrets the server must read back in clear (Airpay's checksum key) with AES-256-GCM under
 * the master key, naming the master key in the sealed value so a new master key can re-seal it. The
 * credential id is bound in as associated data, so a sealed value copied onto another credential
 * does not open.
 */
public final class SecretSealer {
  private final MasterKeys master;

  public SecretSealer(MasterKeys master) {
    this.master = master;
  }

  public String seal(String plaintext, String boundTo) {
    return master.seal(plaintext.getBytes(StandardCharsets.UTF_8), boundTo);
  }

  /**
   * @throws IllegalStateException if the value was sealed under a master key this node does not
   *     hold, or tampered with
   */
  public String open(String sealedValue, String boundTo) {
    try {
      return new String(master.open(sealedValue, boundTo), StandardCharsets.UTF_8);
    } catch (VaultException e) {
      throw new IllegalStateException("sealed secret does not open: " + e.getMessage(), e);
    }
  }
}
