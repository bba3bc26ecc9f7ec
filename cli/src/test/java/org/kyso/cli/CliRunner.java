package org.kyso.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

/** Runs kyso in-process and captures what it printed. */
final class CliRunner {
  record Result(int exitCode, String out, String err) {}

  private CliRunner() {}

  static Result run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Map<String, String> e = new HashMap<>(System.getenv());
    e.putAll(env);
    int code = Kyso.run(args, new PrintWriter(out), new PrintWriter(err), e);
    return new Result(code, out.toString(), err.toString());
  }

  static Result run(String... args) {
    return run(Map.of(), args);
  }
}
