package io.clientele.config;

/** JDBC coordinates of the store: the embedded H2 file by default, PostgreSQL by configuration. */
public record DatabaseConfig(String url, String user, String password) {

  public boolean isPostgres() {
    return url.startsWith("jdbc:postgresql:");
  }

  private static final java.util.regex.Pattern PASSWORD_PARAMETER =
      java.util.regex.Pattern.compile("(?i)(password=)[^&;]*");
  private static final java.util.regex.Pattern USER_INFO =
      java.util.regex.Pattern.compile("(//[^/@:]*:)[^/@]*@");

  /** The URL to show an operator: a password in it ({@code password=…}, {@code user:…@}) masked. */
  public String shownUrl() {
    return shown(url);
  }

  /** {@code url} with any password in it replaced by {@code ***}. */
  public static String shown(String url) {
    String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
    return USER_INFO.matcher(masked).replaceAll("$1***@");
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "DatabaseConfig[url=" + shownUrl() + ", user=" + user + "]";
  }
}
