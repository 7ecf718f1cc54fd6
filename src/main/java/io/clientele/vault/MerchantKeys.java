package io.clientele.vault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One merchant's keys, unwrapped: its data key versions (the newest wraps the keys of new
 * customers, every other still unwraps those not yet re-wrapped) and its index key, which makes the
 * blind indexes that reference, email and phone are looked up by. Another merchant's keys share
 * nothing with these, so equal values of two merchants have unrelated indexes.
 */
public final class MerchantKeys {
  /** What a blind index is made for, so equal text in two roles never shares an index. */
  public enum Index {
    REFERENCE,
    EMAIL,
    PHONE
  }

  private final String merchantId;
  private final TreeMap<Integer, SecretKey> dataKeys;
  private final SecretKeySpec indexKey;

  /**
   * HMAC-SHA-256 keyed with the index key, never updated itself: each blind index is made on a
   * clone of it, which costs neither the provider lookup of {@code Mac.getInstance} nor the key
   * setup.
   */
  private final Mac indexMac;

  /**
   * @param dataKeys every data key version the merchant has, at least one
   */
  public MerchantKeys(String merchantId, Map<Integer, byte[]> dataKeys, byte[] indexKey) {
    if (dataKeys.isEmpty()) {
      throw new IllegalArgumentException("merchant " + merchantId + " has no data key");
    }
    this.merchantId = merchantId;
    this.dataKeys = new TreeMap<>();
    dataKeys.forEach((version, key) -> this.dataKeys.put(version, new SecretKeySpec(key, "AES")));
    this.indexKey = new SecretKeySpec(indexKey, "HmacSHA256");
    this.indexMac = keyedMac(this.indexKey);
  }

  public String merchantId() {
    return merchantId;
  }

  /** The version new customers' keys are wrapped under. */
  public int currentVersion() {
    return dataKeys.lastKey();
  }

  public boolean holds(int version) {
    return dataKeys.containsKey(version);
  }

  /**
   * The keyed hash a value is looked up by: HMAC-SHA-256 under the index key of the role and the
   * value (32 bytes); {@code null} for {@code null}.
   */
  public byte[] blind(Index role, String value) {
    if (value == null) {
      return null;
    }
    Mac mac;
    try {
      mac = (Mac) indexMac.clone();
    } catch (CloneNotSupportedException e) {
      mac = keyedMac(indexKey); // a provider whose HMAC cannot be cloned: key a new one each time
    }
    mac.update(role.name().getBytes(StandardCharsets.UTF_8));
    mac.update((byte) 0);
    return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
  }

  private static Mac keyedMac(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /** A key of its own for a new customer. */
  public static CustomerKey newCustomerKey() {
    return new CustomerKey(Randomness.bytes(CustomerKey.BYTES));
  }

  /** The customer's key sealed under the current data key, named {@code d<version>}. */
  public byte[] wrap(String customerId, CustomerKey key) {
    int version = currentVersion();
    return Aead.seal(dataKeys.get(version), "d" + version, key.bytes(), boundTo(customerId));
  }

  /**
   * @throws UnknownVersion when the customer's key is wrapped under a version these keys do not
   *     hold (made by another node since they were loaded, or destroyed)
   */
  public CustomerKey unwrap(String customerId, byte[] wrapped) {
    int version = versionOf(wrapped);
    SecretKey dataKey = dataKeys.get(version);
    if (dataKey == null) {
      throw new UnknownVersion(merchantId, version);
    }
    return new CustomerKey(Aead.open(dataKey, wrapped, boundTo(customerId)));
  }

  /** The data key version a wrapped customer key names. */
  public static int versionOf(byte[] wrapped) {
    String id = Aead.keyId(wrapped);
    if (!id.startsWith("d")) {
      throw new VaultException("a customer key is not wrapped under a data key: " + id);
    }
    try {
      return Integer.parseInt(id.substring(1));
    } catch (NumberFormatException e) {
      throw new VaultException("a customer key names no data key version: " + id, e);
    }
  }

  private String boundTo(String customerId) {
    return "customer key\0" + merchantId + "\0" + customerId;
  }

  /** A wrapped customer key names a data key version these keys do not hold. */
  public static final class UnknownVersion extends VaultException {
    private final int version;

    UnknownVersion(String merchantId, int version) {
      super("merchant " + merchantId + " holds no data key version " + version);
      this.version = version;
    }

    public int version() {
      return version;
    }
  }
}
