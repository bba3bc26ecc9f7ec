package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.cli.demo.SampleLetter;
import org.kyso.core.testing.PerClassPki;
import org.kyso.core.testing.TestPki;
import org.kyso.core.testing.TestTsa;

/**
 * {@code kyso sign batch --level B-T}: the timestamp requests of the batch wait for the TSA together, never more
 * than {@code --timestamp-requests} at once (the bound the TSA observes), every file verifies; a bound out of range
 * is exit 64 before the key is opened.
 */
class SignBatchTimestampsCliTest {
  private static final Map<String, String> ENV = Map.of("KYSO_PIN", "s3cret-Pin!");
  @RegisterExtension
  static final PerClassPki pki = new PerClassPki();

  @TempDir Path dir;

  private Path inbox(int files) throws Exception {
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    byte[] letter = SampleLetter.create();
    for (int i = 0; i < files; i++) {
      Files.write(inbox.resolve(String.format("cv-%02d.pdf", i)), letter);
    }
    return inbox;
  }

  @Test
  void timestampRequestsOverlapUpToTheBoundGiven() throws Exception {
    Path key = TestPki.writeP12(pki.get().pki().person("Nguyễn Văn An"), dir.resolve("an.p12"), ENV.get("KYSO_PIN"));
    Path root = pki.get().writeRootPem(dir);
    Path inbox = inbox(8);
    Path signed = dir.resolve("signed");
    try (TestTsa tsa = TestTsa.start(pki.get().pki()).mode(TestTsa.Mode.SLOW).slowDelay(Duration.ofMillis(800))) {
      var r = CliRunner.run(ENV, "sign", "batch", inbox.toString(), "-o", signed.toString(), "--key", "p12:" + key,
          "--pin-env", "KYSO_PIN", "--level", "B-T", "--tsa", tsa.url().toString(), "--jobs", "1",
          "--timestamp-requests", "3");
      assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
      assertThat(tsa.requests()).isEqualTo(8);
      assertThat(tsa.mostConcurrentRequests()).as("requests overlap, within the bound").isBetween(2, 3);
    }
    var v = CliRunner.run("verify", signed.resolve("cv-00.pdf").toString(), signed.resolve("cv-07.pdf").toString(),
        "--trust", root.toString(), "--format", "json");
    assertThat(v.exitCode()).as(v.out() + v.err()).isZero();
    assertThat(v.out()).contains("PAdES-BASELINE-T");
  }

  @Test
  void aBoundOutOfRangeIsAUsageError() throws Exception {
    Path inbox = inbox(1);
    Path signed = dir.resolve("signed");
    var r = CliRunner.run(ENV, "sign", "batch", inbox.toString(), "-o", signed.toString(), "--key",
        "p12:" + dir.resolve("absent.p12"), "--pin-env", "KYSO_PIN", "--level", "B-T", "--tsa",
        "http://127.0.0.1:9/tsa", "--timestamp-requests", "0");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(64);
    assertThat(r.err()).contains("--timestamp-requests takes a number from 1 to 256.");
    assertThat(signed).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> {
      try (Stream<Path> s = Files.list(p)) {
        assertThat(s).isEmpty();
      }
    });
  }
}
