package io.clientele.customer;

/**
 * Which of a merchant's live customers an operator asks for: all of them, or those with one
 * reference, email or phone. The value is already in its {@link SearchKeys} form.
 */
public record CustomerQuery(By by, String value) {

  /** What the customers are matched by. */
  public enum By {
    EVERY,
    REFERENCE,
    EMAIL,
    PHONE
  }

  public static final CustomerQuery EVERY = new CustomerQuery(By.EVERY, null);

  public static CustomerQuery reference(String reference) {
    return new CustomerQuery(By.REFERENCE, reference);
  }

  public static CustomerQuery email(String email) {
    return new CustomerQuery(By.EMAIL, SearchKeys.email(email));
  }

  /**
   * @param phone an E.164 key from {@link SearchKeys#typedPhone}
   */
  public static CustomerQuery phone(String phone) {
    return new CustomerQuery(By.PHONE, phone);
  }

  /** Names what is matched, never the value, which may be personal. */
  @Override
  public String toString() {
    return "CustomerQuery[" + by + "]";
  }
}
