package io.clientele.merchant;

/** Failures of merchant administration, carrying the merchant id they concern. */
public abstract sealed class MerchantException extends RuntimeException
    permits MerchantException.NotFound, MerchantException.AlreadyExists {
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
}
