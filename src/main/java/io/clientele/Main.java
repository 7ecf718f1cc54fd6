package io.clientele;

import io.clientele.cli.Cli;

/** Entry point of the runnable jar: hands the arguments to the command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = Cli.run(args, System.out, System.err);
    if (code != Cli.KEEP_RUNNING) {
      System.exit(code);
    }
  }
}
