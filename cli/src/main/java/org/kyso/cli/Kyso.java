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
    PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    if (versionOnly(args)) {
      printVersion(out);
      System.exit(ExitCodes.OK);
    }
    startAhead(args);
    configureLogging(java.util.Arrays.asList(args).contains("--debug"));
    PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code = run(args, out, err, env);
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
    // @file arguments are plain arguments: expanding them would print a file's content in error messages
    cmd.setExpandAtFiles(false);
    cmd.registerConverter(java.time.LocalDate.class, v -> {
      try {
        return Dates.parse(v);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    });
    cmd.registerConverter(java.nio.file.Path.class, v -> {
      if (v.isBlank()) {
        throw new CommandLine.TypeConversionException("an empty file name");
      }
      if (v.indexOf('\uFFFD') >= 0) {
        // bytes that are not UTF-8 reach Java as U+FFFD: the name cannot be shown, nor that file named again
        throw new CommandLine.TypeConversionException("a file name that is not UTF-8 text; rename the file (e.g."
            + " with convmv) and try again");
      }
      try {
        return java.nio.file.Path.of(v);
      } catch (java.nio.file.InvalidPathException e) {
        throw new CommandLine.TypeConversionException("'" + v + "' is not a file name this system can use");
      }
    });
    cmd.registerConverter(java.net.URI.class, v -> {
      try {
        java.net.URI u = new java.net.URI(v);
        if (u.getScheme() == null) {
          throw new java.net.URISyntaxException(v, "no scheme");
        }
        return u;
      } catch (java.net.URISyntaxException e) {
        throw new CommandLine.TypeConversionException("'" + v + "' is not a URL (write it as https://host/path)");
      }
    });
    cmd.setParameterExceptionHandler((ex, a) -> {
      String message = unknownOption(ex, a).orElse(ex.getMessage());
      String path = commandPath(ex.getCommandLine());
      err.println("kyso: " + message + " (see 'kyso " + (path.isEmpty() ? "" : path + " ") + "--help')");
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
    int code;
    // freed on an OutOfMemoryError, so that there is memory left to clean up and print the sentence
    byte[] reserve = new byte[4 << 20];
    try {
      code = cmd.execute(args);
    } catch (OutOfMemoryError e) {
      reserve = null;
      // an input too large for the memory Java was given, like one over --max-size: 65 (CONTRACT.md), and the
      // temporary files of the run deleted now rather than at exit
      org.kyso.core.internal.TempFiles.deleteAll();
      code = fatal(err, root, e, ExitCodes.DATA, "the input needs more memory than Java was given ("
          + (Runtime.getRuntime().maxMemory() >> 20) + " MiB); give Java more with KYSO_JAVA_OPTS=-Xmx1g (or java"
          + " -Xmx1g -jar), or keep --max-size below what fits");
    } catch (StackOverflowError e) {
      code = fatal(err, root, e, ExitCodes.DATA, "the input is nested too deeply to be read; it is damaged or"
          + " built to attack readers");
    }
    java.lang.ref.Reference.reachabilityFence(reserve);
    out.flush();
    err.flush();
    return code;
  }

  private static int fatal(PrintWriter err, KysoCommand root, Error e, int code, String message) {
    err.println("kyso: " + message + ".");
    if (root.debug()) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /**
   * An option the failing command does not know, when picocli reported something else first (a missing parameter
   * is the usual case: {@code kyso verify --bogus} would otherwise say the file is missing).
   */
  static java.util.Optional<String> unknownOption(CommandLine.ParameterException ex, String[] args) {
    if (ex instanceof CommandLine.UnmatchedArgumentException) {
      return java.util.Optional.empty();
    }
    CommandLine c = ex.getCommandLine();
    if (c == null) {
      return java.util.Optional.empty();
    }
    boolean valueNext = false;
    for (String a : args) {
      if (a.equals("--")) {
        break;
      }
      if (valueNext) {
        valueNext = false;
        continue;
      }
      if (!a.startsWith("-") || a.equals("-") || a.matches("-\\d.*")) {
        continue;
      }
      String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
      CommandLine.Model.OptionSpec o = findOption(c, name);
      if (o == null) {
        return java.util.Optional.of("Unknown option: '" + name + "'");
      }
      valueNext = !a.contains("=") && o.arity().min() > 0;
    }
    return java.util.Optional.empty();
  }

  private static CommandLine.Model.OptionSpec findOption(CommandLine c, String name) {
    for (CommandLine x = c; x != null; x = x.getParent()) {
      CommandLine.Model.OptionSpec o = x.getCommandSpec().findOption(name);
      if (o != null) {
        return o;
      }
    }
    return null;
  }

  /**
   * {@code kyso --version} alone: answered without building the command tree (picocli's set-up is most of what
   * the command costs), with the line picocli prints for it.
   */
  static boolean versionOnly(String[] args) {
    return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
  }

  /**
   * What a command line that signs, verifies or timestamps will need, started on its own thread from the first
   * instant: BouncyCastle's provider, built while the arguments are parsed and the key and file are read
   * ({@link org.kyso.core.internal.BouncyCastle#prepareAhead()}).
   */
  static void startAhead(String[] args) {
    if (signsOrVerifies(args)) {
      org.kyso.core.internal.BouncyCastle.prepareAhead();
      if ("verify".equals(verb(args))) {
        // and DSS's validation policy, which an online check needs as soon as the first CRL or OCSP answer arrives
        org.kyso.core.internal.fast.DefaultPolicy.prepareAhead();
      }
    }
  }

  /**
   * Whether the command line signs, verifies or timestamps: a command that will need BouncyCastle's provider
   * (help asked anywhere on the line does not).
   */
  static boolean signsOrVerifies(String[] args) {
    for (String a : args) {
      if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
        return false;
      }
    }
    String verb = verb(args);
    return "verify".equals(verb) || "sign".equals(verb) || "timestamp".equals(verb);
  }

  /** The first word of the command line that is not an option (null when none). */
  private static String verb(String[] args) {
    for (String a : args) {
      if (!a.startsWith("-")) {
        return a;
      }
    }
    return null;
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
