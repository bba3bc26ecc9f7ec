package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.kyso.core.testing.TestPki;

/**
 * What the tests that run kyso as its own process at {@code -Xmx256m} share, so that each reads as the commands it
 * runs and what it checks: a test PKI for the test class, a signer's PKCS#12 file whose PIN the process finds in
 * {@code KYSO_PIN}, one launcher home per test folder, a PDF grown past the heap, and a process stopped by a signal.
 * Register it as a static field: {@code @RegisterExtension static final SmallHeapKyso kyso = new SmallHeapKyso();}.
 */
final class SmallHeapKyso implements BeforeAllCallback, AfterAllCallback {
  static final String PIN = "s3cret-Pin!";
  static final List<String> SMALL_HEAP = List.of("-Xmx256m");

  private TestPki pki;
  /** A launcher home is made once per folder (it copies the launcher scripts in). */
  private final Map<Path, KysoProcess> launchers = new ConcurrentHashMap<>();

  @Override
  public void beforeAll(ExtensionContext context) {
    pki = TestPki.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    launchers.clear();
    pki.close();
  }

  TestPki pki() {
    return pki;
  }

  /** A new certificate for Nguyễn Văn An, with its key, in {@code dir/signer.p12} under {@link #PIN}. */
  Path signerP12(Path dir) throws Exception {
    return TestPki.writeP12(pki.pki().person("Nguyễn Văn An"), dir.resolve("signer.p12"), PIN);
  }

  /** The environment of a process started by cron ({@link KysoProcess#bareEnvironment()}), plus {@code KYSO_PIN}. */
  static Map<String, String> env() {
    Map<String, String> env = new HashMap<>(KysoProcess.bareEnvironment());
    env.put("KYSO_PIN", PIN);
    return env;
  }

  /** {@code java OPTS -jar kyso.jar ARGS} with its launcher home in {@code dir/home}. */
  ProcessBuilder javaJar(Path dir, List<String> javaOpts, String... args) {
    return launchers.computeIfAbsent(dir, d -> new KysoProcess(d.resolve("home"))).javaJar(env(), javaOpts, args);
  }

  /** {@code kyso ARGS} at {@link #SMALL_HEAP}, run to the end (at most {@code seconds}). */
  KysoProcess.Result run(Path dir, long seconds, String... args) throws Exception {
    return KysoProcess.run(javaJar(dir, SMALL_HEAP, args), seconds);
  }

  /** Appends {@code mib} MiB of PDF comment lines to {@code file}. */
  static void appendComment(Path file, int mib) throws Exception {
    byte[] line = ("%" + "x".repeat(1022) + "\n").getBytes(StandardCharsets.US_ASCII);
    try (OutputStream o = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
      for (int i = 0; i < mib * 1024; i++) {
        o.write(line);
      }
    }
  }

  /**
   * Starts {@code pb} (its output in {@code log}), waits at most {@code readySeconds} for {@code ready}, sends
   * {@code kill -SIGNAL}, and returns the exit code, the process having ended within 120 s.
   */
  static int stopWithSignal(ProcessBuilder pb, Path log, Callable<Boolean> ready, long readySeconds, String signal)
      throws Exception {
    // a test runner started in the background ignores SIGINT, and so would its children: restore the default
    pb.command().addAll(0, List.of("env", "--default-signal=INT,TERM"));
    Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(readySeconds);
      while (!ready.call() && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(ready.call()).as("ready before the signal: " + Files.readString(log)).isTrue();
      assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor()).isZero();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    return p.exitValue();
  }
}
