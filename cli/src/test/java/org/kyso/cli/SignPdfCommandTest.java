package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.cli.demo.SampleLetter;
import org.kyso.core.devpki.CertificateSpec;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.PerClassPki;
import org.kyso.core.testing.TestPki;

/** {@code kyso sign pdf} end to end, in-process: the happy path and every bad input of issue 2. */
class SignPdfCommandTest {
  private static final Map<String, String> ENV = Map.of("KYSO_PIN", "s3cret-Pin!");
  @RegisterExtension
  static final PerClassPki pki = new PerClassPki();

  @TempDir
  Path dir;

  private Path letter() throws Exception {
    Path in = dir.resolve("in.pdf");
    Files.write(in, SampleLetter.create());
    return in;
  }

  private Path p12(DevPki.Identity id) throws Exception {
    return TestPki.writeP12(id, dir.resolve("signer.p12"), ENV.get("KYSO_PIN"));
  }

  /** One official signing one document after another: the CA's CRL is downloaded by the first run only. */
  @Test
  void aLaterRunReusesTheCrlKeptOnDisk() throws Exception {
    try (TestPki own = TestPki.start()) {
      Path key = TestPki.writeP12(own.pki().person("Lê Văn Cường"), dir.resolve("cuong.p12"), ENV.get("KYSO_PIN"));
      Map<String, String> env = Map.of("KYSO_PIN", ENV.get("KYSO_PIN"),
          "KYSO_REVOCATION_CACHE", dir.resolve("revocation").toString());
      Path in = letter();
      var first = CliRunner.run(env, "sign", "pdf", in.toString(), "-o", dir.resolve("1.pdf").toString(),
          "--key", "p12:" + key, "--pin-env", "KYSO_PIN");
      assertThat(first.exitCode()).as(first.err()).isZero();
      int downloads = own.crlRequests();
      assertThat(downloads).isPositive();
      var second = CliRunner.run(env, "sign", "pdf", in.toString(), "-o", dir.resolve("2.pdf").toString(),
          "--key", "p12:" + key, "--pin-env", "KYSO_PIN");
      assertThat(second.exitCode()).as(second.err()).isZero();
      assertThat(own.crlRequests()).as("CRL downloads").isEqualTo(downloads);
      // switched off: asked again
      var off = CliRunner.run(Map.of("KYSO_PIN", ENV.get("KYSO_PIN"), "KYSO_REVOCATION_CACHE", "off"), "sign",
          "pdf", in.toString(), "-o", dir.resolve("3.pdf").toString(), "--key", "p12:" + key, "--pin-env",
          "KYSO_PIN");
      assertThat(off.exitCode()).as(off.err()).isZero();
      // once per run: the signer reads what the CLI's own check fetched (issue 19)
      assertThat(own.crlRequests()).as("CRL downloads of one run with the cache off").isEqualTo(downloads + 1);
      var offAgain = CliRunner.run(Map.of("KYSO_PIN", ENV.get("KYSO_PIN"), "KYSO_REVOCATION_CACHE", "off"), "sign",
          "pdf", in.toString(), "-o", dir.resolve("4.pdf").toString(), "--key", "p12:" + key, "--pin-env",
          "KYSO_PIN");
      assertThat(offAgain.exitCode()).as(offAgain.err()).isZero();
      assertThat(own.crlRequests()).as("CRL downloads of one run with the cache off").isEqualTo(downloads + 2);
    }
  }

  @Test
  void signsAndTheSignatureVerifiesThroughTheCli() throws Exception {
    Path key = p12(pki.get().pki().person("Nguyễn Văn Đức"));
    Path out = dir.resolve("out.pdf");
    var r = CliRunner.run(ENV, "sign", "pdf", letter().toString(), "-o", out.toString(), "--key", "p12:" + key,
        "--pin-env", "KYSO_PIN", "--visible", "--reason", "Phê duyệt", "--location", "Đà Nẵng");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(out).exists();
    Path root = pki.get().writeRootPem(dir);
    var v = CliRunner.run("verify", out.toString(), "--trust", root.toString(), "--format", "json");
    assertThat(v.exitCode()).as(v.out() + v.err()).isZero();
    assertThat(v.out()).contains("\"verdict\": \"TOTAL_PASSED\"").contains("Nguyễn Văn Đức")
        .contains("\"coversWholeDocument\": true");
  }

  @Test
  void aMissingInputExits66AndWritesNothing() throws Exception {
    Path key = p12(pki.get().pki().person("An"));
    Path out = dir.resolve("out.pdf");
    var r = CliRunner.run(ENV, "sign", "pdf", dir.resolve("absent.pdf").toString(), "-o", out.toString(),
        "--key", "p12:" + key, "--pin-env", "KYSO_PIN");
    assertFailure(r, 66, out);
  }

  @Test
  void aFileThatIsNotAPdfExits65AndWritesNothing() throws Exception {
    Path key = p12(pki.get().pki().person("An"));
    Path in = dir.resolve("letter.pdf");
    Files.writeString(in, "This is a Word document, honestly.");
    Path out = dir.resolve("out.pdf");
    var r = CliRunner.run(ENV, "sign", "pdf", in.toString(), "-o", out.toString(), "--key", "p12:" + key,
        "--pin-env", "KYSO_PIN");
    assertFailure(r, 65, out);
  }

  @Test
  void aWrongPinExits77AndNeverShowsAnyPin() throws Exception {
    Path key = p12(pki.get().pki().person("An"));
    Path out = dir.resolve("out.pdf");
    var r = CliRunner.run(Map.of("KYSO_PIN", "wrong-pin-value"), "sign", "pdf", letter().toString(), "-o",
        out.toString(), "--key", "p12:" + key, "--pin-env", "KYSO_PIN");
    assertFailure(r, 77, out);
    assertThat(r.err() + r.out()).doesNotContain("wrong-pin-value").doesNotContain("s3cret-Pin!");
  }

  @Test
  void anExpiredCertificateExits65AndWritesNothing() throws Exception {
    Instant now = Instant.now();
    DevPki.Identity expired = pki.get().pki().issue(CertificateSpec.person("Trần Thị Hết Hạn")
        .withValidity(now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(1))));
    Path key = p12(expired);
    Path out = dir.resolve("out.pdf");
    var r = CliRunner.run(ENV, "sign", "pdf", letter().toString(), "-o", out.toString(), "--key", "p12:" + key,
        "--pin-env", "KYSO_PIN");
    assertFailure(r, 65, out);
    assertThat(r.err()).contains("expired");
  }

  @Test
  void anOutputThatCannotBeWrittenExits66() throws Exception {
    Path key = p12(pki.get().pki().person("An"));
    Path out = dir.resolve("no-such-folder").resolve("out.pdf");
    var r = CliRunner.run(ENV, "sign", "pdf", letter().toString(), "-o", out.toString(), "--key", "p12:" + key,
        "--pin-env", "KYSO_PIN");
    assertFailure(r, 66, out);
  }

  @Test
  void anUnknownKeyFormIsAUsageError() throws Exception {
    Path out = dir.resolve("out.pdf");
    var r = CliRunner.run(ENV, "sign", "pdf", letter().toString(), "-o", out.toString(), "--key", "jks:x.jks",
        "--pin-env", "KYSO_PIN");
    assertFailure(r, 64, out);
  }

  private void assertFailure(CliRunner.Result r, int code, Path out) throws Exception {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(code);
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("kyso: ").doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(out).doesNotExist();
    try (Stream<Path> files = Files.list(out.getParent() == null || !Files.isDirectory(out.getParent()) ? dir : out.getParent())) {
      assertThat(files.filter(p -> p.getFileName().toString().contains(".part"))).isEmpty();
    }
  }
}
