package io.clientele.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.cli.Cli;
import io.clientele.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sandbox keys file written to hurt: the start must refuse it with one line per problem and show
 * no value of it, since its values are secrets.
 */
class HostileSandboxKeysTest {
  static final String SECRET = "cfsk_0123456789abcdef0123456789abcdef0123456789abcdef";

  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  Run serve(String keys) throws Exception {
    Path file = dir.resolve("keys.json");
    Files.writeString(file, keys);
    return serve(file);
  }

  Run serve(Path file) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Cli.run(
            new String[] {
              "serve",
              "--data-dir",
              dir.resolve("data").toString(),
              "--http-port",
              Integer.toString(TestServer.freePort()),
              "--https-port",
              "0",
              "--sandbox-keys",
              file.toString()
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * A secret pasted into {@code dialect} (one field up, say) was printed back: "dialect 'cfsk_…' is
   * not one of juspay, flowwise, airpay, canonical".
   */
  @Test
  void aSecretWrittenWhereTheDialectGoesIsNotShown() throws Exception {
    Run run =
        serve(
            "{\"merchant_id\":\"sandbox\",\"credentials\":[{\"dialect\":\""
                + SECRET
                + "\",\"client_id\":\"CF0123456789ABCDEF0123\"}]}");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "clientele: sandbox-keys: "
                + dir.resolve("keys.json")
                + ": credentials[0]: dialect is not one of juspay, flowwise, airpay, canonical\n");
  }

  /**
   * Names are shown, values never; a name holding a line break or a terminal's escape sequence made
   * a problem span lines (and could clear the screen). Each problem is one line, its control
   * characters escaped.
   */
  @Test
  void everyProblemIsOneLineWhateverTheNamesHold() throws Exception {
    Run run =
        serve(
            "{\"merchant_id\":\"sandbox\",\"evil\\nline\":1,\"credentials\":[{\"dialect\":\"juspay\","
                + "\"api_key\":\"0123456789ABCDEF0123456789ABCDEF\",\"api\\u001b[2Jkey\":\"v\"},"
                + "{\"dialect\":\"juspay\",\"api_key\":\"0123456789ABCDEF0123456789ABCDEE\","
                + "\"x\\ry\":5}]}");

    String file = "clientele: sandbox-keys: " + dir.resolve("keys.json") + ": ";
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            file
                + "unknown field 'evil\\nline'\n"
                + file
                + "credentials[1]: x\\ry must be a string\n"
                + file
                + "credentials[0] (juspay): unknown field 'api\\u001b[2Jkey'\n");
  }

  /**
   * A file with no end ({@code /dev/zero}), or a huge one named by mistake, was read whole: the
   * start died of {@code OutOfMemoryError} with a stack trace instead of refusing the file.
   */
  @Test
  void aFileWithoutEndOrOfGigabytesIsRefusedWithItsReason() throws Exception {
    Path huge = dir.resolve("huge.json");
    try (var out = Files.newOutputStream(huge)) {
      out.write("{\"merchant_id\":\"sandbox\",\"credentials\":[".getBytes(StandardCharsets.UTF_8));
      out.write(new byte[2 << 20]);
    }
    for (Path file : java.util.List.of(Path.of("/dev/zero"), huge)) {
      Run run = serve(file);

      assertThat(run.code()).isEqualTo(2);
      assertThat(run.err())
          .isEqualTo(
              "clientele: sandbox-keys: "
                  + file
                  + ": is larger than 1 MiB, far more than a few credentials take\n");
    }
  }
}
