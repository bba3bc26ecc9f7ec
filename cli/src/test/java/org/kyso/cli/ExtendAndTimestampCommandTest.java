package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.cli.demo.SampleLetter;
import org.kyso.core.testing.TestPki;
import org.kyso.core.testing.TestTsa;

/** {@code kyso sign pdf --extend}, {@code kyso timestamp} and {@code kyso verify FILE.tsr --data FILE}. */
class ExtendAndTimestampCommandTest {
  private static final Map<String, String> ENV = Map.of("KYSO_PIN", "s3cret-Pin!");
  private static TestPki pki;
  private static TestTsa tsa;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    pki = TestPki.start();
    tsa = TestTsa.start(pki.pki());
  }

  @AfterAll
  static void stop() {
    tsa.close();
    pki.close();
  }

  @Test
  void aSignedPdfIsExtendedToBltaWithoutAKeyAndThenVerifiesOffline() throws Exception {
    Path key = TestPki.writeP12(pki.pki().person("Lê Thị Hoa"), dir.resolve("hoa.p12"), ENV.get("KYSO_PIN"));
    Path in = dir.resolve("in.pdf");
    Files.write(in, SampleLetter.create());
    Path signed = dir.resolve("signed.pdf");
    assertThat(CliRunner.run(ENV, "sign", "pdf", in.toString(), "-o", signed.toString(), "--key", "p12:" + key,
        "--pin-env", "KYSO_PIN").exitCode()).isZero();
    Path root = pki.writeRootPem(dir);
    Path extended = dir.resolve("extended.pdf");
    var r = CliRunner.run("sign", "pdf", signed.toString(), "-o", extended.toString(), "--extend", "--level", "B-LTA",
        "--tsa", tsa.url().toString(), "--trust", root.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    var v = CliRunner.run("verify", extended.toString(), "--trust", root.toString(), "--offline", "--format", "json");
    assertThat(v.exitCode()).as(v.out() + v.err()).isZero();
    assertThat(v.out()).contains("PAdES-BASELINE-LTA");
  }

  @Test
  void extendingWithAKeyOrWithoutATimestampIsAUsageError() throws Exception {
    Path in = dir.resolve("in.pdf");
    Files.write(in, SampleLetter.create());
    Path out = dir.resolve("out.pdf");
    assertThat(CliRunner.run("sign", "pdf", in.toString(), "-o", out.toString(), "--extend", "--level", "B-LTA")
        .exitCode()).isEqualTo(64);
    assertThat(CliRunner.run("sign", "pdf", in.toString(), "-o", out.toString(), "--extend", "--key", "p12:x.p12",
        "--level", "B-T", "--tsa", tsa.url().toString()).exitCode()).isEqualTo(64);
    assertThat(out).doesNotExist();
  }

  @Test
  void aTimestampOfAnyFileVerifiesAgainstItAndFailsAgainstAnother() throws Exception {
    Path file = dir.resolve("bien-ban.zip");
    Files.write(file, "biên bản họp ngày 05/3/2026".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Path tsr = dir.resolve("bien-ban.zip.tsr");
    var r = CliRunner.run("timestamp", file.toString(), "-o", tsr.toString(), "--tsa", tsa.url().toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    Path root = pki.writeRootPem(dir);
    var ok = CliRunner.run("verify", tsr.toString(), "--data", file.toString(), "--trust", root.toString());
    assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
    Path other = dir.resolve("other.zip");
    Files.writeString(other, "another file");
    var bad = CliRunner.run("verify", tsr.toString(), "--data", other.toString(), "--trust", root.toString());
    assertThat(bad.exitCode()).isEqualTo(1);
  }

  @Test
  void allTimestampAuthoritiesDownExits69AndWritesNothing() throws Exception {
    Path file = dir.resolve("a.txt");
    Files.writeString(file, "x");
    Path tsr = dir.resolve("a.txt.tsr");
    var r = CliRunner.run("timestamp", file.toString(), "-o", tsr.toString(), "--tsa", TestTsa.refusedUrl().toString());
    assertThat(r.exitCode()).isEqualTo(69);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(tsr).doesNotExist();
  }
}
