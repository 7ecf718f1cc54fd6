import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The image's health probe: the image has no shell and no curl, so a container runtime's health
 * check runs this with the image's own Java. It asks one URL and exits 0 on a 200, 1 on any other
 * status or when nothing answers within two seconds, printing one line saying which.
 */
public final class HealthCheck {
  private HealthCheck() {}

  /** {@code java -cp /opt/clientele/healthcheck HealthCheck URL}. */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: HealthCheck URL");
      System.exit(2);
    }
    System.exit(probe(args[0]));
  }

  private static int probe(String url) {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
      connection.setConnectTimeout(2_000);
      connection.setReadTimeout(2_000);
      int status = connection.getResponseCode();
      connection.disconnect();
      System.out.println(url + " answered " + status);
      return status == 200 ? 0 : 1;
    } catch (IOException | IllegalArgumentException e) {
      System.out.println(url + " did not answer: " + e.getMessage());
      return 1;
    }
  }
}
