package io.clientele.merchant;

/**
 * Why a request was refused before it reached a customer. Carries no wire text: each dialect
 * renders these in its own documented 401 and 403 shapes.
 */
public abstract sealed class AuthException extends RuntimeException
    permits AuthException.Unauthenticated, AuthException.OriginRefused {
  private static final long serialVersionUID = 1L;

  AuthException(String message) {
    super(message, null, false, false);
  }

  /**
   * No credential, an unknown, revoked or expired one, a wrong secret, or a request naming another
   * merchant than the credential's.
   */
  public static final class Unauthenticated extends AuthException {
    private static final long serialVersionUID = 1L;

    public Unauthenticated() {
      super("unauthenticated");
    }
  }

  /** A valid credential used from an address outside its merchant's non-empty allow-list. */
  public static final class OriginRefused extends AuthException {
    private static final long serialVersionUID = 1L;

    public OriginRefused() {
      super("origin refused");
    }
  }
}
