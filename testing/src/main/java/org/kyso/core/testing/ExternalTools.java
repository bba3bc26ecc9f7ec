package org.kyso.core.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the external programs tests use as independent judges (pdfsig, qpdf, xmlsec1, openssl, certutil,
 * softhsm2-util...). When one is missing the test is skipped with a clear message, except under CI
 * ({@code CI=true}), where it fails: CI installs them all.
 */
public final class ExternalTools {
  private ExternalTools() {}

  /** True when running in CI, where every tool must be present. */
  public static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** The path of {@code program} on PATH; skips (or fails in CI) the calling test when absent. */
  public static Path require(String program, String debianPackage) {
    Path p = find(program);
    if (p == null) {
      String msg = program + " is not installed (Debian package " + debianPackage + "); run .ci/run or apt-get install "
          + debianPackage;
      if (inCi()) {
        throw new AssertionError(msg);
      }
      Assumptions.abort(msg);
    }
    return p;
  }

  /** A file that must exist (e.g. a PKCS#11 module); skips or fails like {@link #require}. */
  public static Path requireFile(String path, String debianPackage) {
    Path p = Path.of(path);
    if (!Files.exists(p)) {
      String msg = path + " is missing (Debian package " + debianPackage + ")";
      if (inCi()) {
        throw new AssertionError(msg);
      }
      Assumptions.abort(msg);
    }
    return p;
  }

  public static Path find(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    for (String dir : List.of("/usr/bin", "/usr/sbin", "/usr/local/bin")) {
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** What a finished program printed and returned. */
  public record Result(int exitCode, String stdout, String stderr) {
    public String all() {
      return stdout + stderr;
    }
  }

  /** Runs a command (no shell), waits at most two minutes, and captures its output. */
  public static Result run(List<String> command) {
    return run(command, null);
  }

  public static Result run(List<String> command, Path workDir) {
    try {
      Path out = Files.createTempFile("kyso-tool", ".out");
      Path err = Files.createTempFile("kyso-tool", ".err");
      ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
      if (workDir != null) {
        pb.directory(workDir.toFile());
      }
      pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
      Process p = pb.start();
      p.getOutputStream().close();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + command);
      }
      Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      return r;
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted: " + command, e);
    }
  }
}
