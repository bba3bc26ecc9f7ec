package org.kyso.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;

/**
 * Runs the {@code kyso} command in-process, with its own output writers and environment, so that tests and
 * embedding programs can call it like the shell does.
 */
public final class Kyso {
  private Kyso() {}

  public static void main(String[] args) {
    java.util.Optional<Integer> rerun = Utf8Launch.rerunIfNeeded(args);
    if (rerun.isPresent()) {
      System.exit(rerun.get());
    }
    Map<String, String> env = System.getenv();
    args = Utf8Launch.arguments(args, env);
    env = Utf8Launch.environment(env);
    configureLogging(java.util.Arrays.asList(args).contains("--debug"));
    PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code = run(args, out, err, env);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs kyso with these arguments and returns the exit code. {@code env} replaces the process environment. */
  public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
    Objects.requireNonNull(args, "args");
    KysoCommand root = new KysoCommand(Map.copyOf(env));
    CommandLine cmd = new CommandLine(root);
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setParameterExceptionHandler((ex, a) -> {
      err.println("kyso: " + ex.getMessage() + " (see 'kyso " + commandPath(ex.getCommandLine()) + " --help')");
      err.flush();
      return ExitCodes.USAGE;
    });
    cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      int code = ExitCodes.of(ex);
      String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
      if (code == ExitCodes.SOFTWARE) {
        message = "internal error (" + ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": "
            + ex.getMessage()) + "); please report it with the output of --debug";
      }
      err.println("kyso: " + message);
      if (root.debug()) {
        ex.printStackTrace(err);
      }
      err.flush();
      return code;
    });
    int code = cmd.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /**
   * Library log lines (DSS, PDFBox) are for developers: hidden unless --debug. Must run before any logger exists.
   */
  static void configureLogging(boolean debug) {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", debug ? "info" : "off");
    }
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    if (!debug) {
      // PDFBox logs through commons-logging → JUL when no bridge is present
      java.util.logging.LogManager.getLogManager().reset();
      java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.OFF);
    }
  }

  private static String commandPath(CommandLine c) {
    StringBuilder sb = new StringBuilder();
    for (CommandLine x = c; x != null && x.getParent() != null; x = x.getParent()) {
      sb.insert(0, x.getCommandName() + (sb.length() == 0 ? "" : " "));
    }
    return sb.length() == 0 ? "" : sb.toString();
  }
}
