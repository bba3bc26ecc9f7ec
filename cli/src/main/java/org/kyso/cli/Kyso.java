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
    PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    if (versionOnly(args)) {
      printVersion(out);
      System.exit(ExitCodes.OK);
    }
    configureLogging(java.util.Arrays.asList(args).contains("--debug"));
    PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code = run(args, out, err, System.getenv());
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs kyso with these arguments and returns the exit code. {@code env} replaces the process environment. */
  public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
    Objects.requireNonNull(args, "args");
    if (versionOnly(args)) {
      printVersion(out);
      return ExitCodes.OK;
    }
    KysoCommand root = new KysoCommand(Map.copyOf(env));
    CommandLine cmd = new CommandLine(root);
    Commands.wire(cmd, args); // before the settings below: picocli copies them to the subcommands it has
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
   * {@code kyso --version} alone: answered without building the command tree (picocli's set-up is most of what
   * the command costs), with the line picocli prints for it.
   */
  static boolean versionOnly(String[] args) {
    return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
  }

  private static void printVersion(PrintWriter out) {
    for (String line : new KysoCommand.Version().getVersion()) {
      out.println(line);
    }
    out.flush();
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
