package io.clientele.merchant;

/** Failures of merchant administration, carrying the merchant id they concern. */
public abstract sealed class MerchantException extends RuntimeException
    permits MerchantException.NotFound,
        MerchantException.AlreadyExists,
        MerchantException.CredentialNotFound,
        MerchantException.CredentialRevoked {
  private static final long serialVersionUID = 1L;
  private final String merchantId;

  MerchantException(String message, String merchantId) {
    super(message, null, false, false);
    this.merchantId = merchantId;
  }

  public String merchantId() {
    return merchantId;
  }

  /** No merchant has this id. */
  public static final class NotFound extends MerchantException {
    private static final long serialVersionUID = 1L;

    public NotFound(String merchantId) {
      super("merchant not found", merchantId);
    }
  }

  /** A merchant with this id exists already. */
  public static final class AlreadyExists extends MerchantException {
    private static final long serialVersionUID = 1L;

    public AlreadyExists(String merchantId) {
      super("merchant already exists", merchantId);
    }
  }

  /** The merchant has no credential with this id (another merchant's does not count). */
  public static final class CredentialNotFound extends MerchantException {
    private static final long serialVersionUID = 1L;
    private final String credentialId;

    public CredentialNotFound(String merchantId, String credentialId) {
      super("credential not found", merchantId);
      this.credentialId = credentialId;
    }

    public String credentialId() {
      return credentialId;
    }
  }

  /** The credential is revoked, or already rotated and refused once its overlap ends. */
  public static final class CredentialRevoked extends MerchantException {
    private static final long serialVersionUID = 1L;
    private final String credentialId;

    public CredentialRevoked(String merchantId, String credentialId) {
      super("credential revoked", merchantId);
      this.credentialId = credentialId;
    }

    public String credentialId() {
      return credentialId;
    }
  }
}
