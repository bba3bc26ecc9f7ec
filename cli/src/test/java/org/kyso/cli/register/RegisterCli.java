package org.kyso.cli.register;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.kyso.cli.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Runs {@code kyso register ...} in-process the way {@code org.kyso.cli.Kyso} runs the root command (same
 * exception-to-exit-code mapping), until RegisterCommand is wired into KysoCommand.
 */
final class RegisterCli {
  record Result(int exitCode, String out, String err) {}

  @Command(name = "kyso", subcommands = RegisterCommand.class)
  static final class Root {
  }

  private RegisterCli() {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter o = new PrintWriter(out);
    PrintWriter e = new PrintWriter(err);
    CommandLine cmd = new CommandLine(new Root());
    cmd.setOut(o);
    cmd.setErr(e);
    cmd.setParameterExceptionHandler((ex, a) -> {
      e.println("kyso: " + ex.getMessage());
      return ExitCodes.USAGE;
    });
    cmd.setExecutionExceptionHandler((ex, c, p) -> {
      e.println("kyso: " + ex.getMessage());
      return ExitCodes.of(ex);
    });
    int code = cmd.execute(args);
    o.flush();
    e.flush();
    return new Result(code, out.toString(), err.toString());
  }
}
