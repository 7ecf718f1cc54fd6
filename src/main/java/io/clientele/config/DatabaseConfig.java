package io.clientele.config;

/** JDBC coordinates of the store: the embedded H2 file by default, PostgreSQL by configuration. */
public record DatabaseConfig(String url, String user, String password) {

  public boolean isPostgres() {
    return url.startsWith("jdbc:postgresql:");
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "DatabaseConfig[url=" + url + ", user=" + user + "]";
  }
}
