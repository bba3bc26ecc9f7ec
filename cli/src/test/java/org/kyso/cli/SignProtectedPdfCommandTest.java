package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.cli.demo.SampleLetter;
import org.kyso.core.testing.ExternalTools;
import org.kyso.core.testing.PerClassPki;
import org.kyso.core.testing.TestPki;

/**
 * {@code kyso sign pdf --password-env / --password-file}: a PDF that needs a password to open is signed, stays
 * encrypted, and verifies with the same option; a missing or wrong password is one sentence and exit 65 (as verify),
 * never showing the password, and writes nothing.
 */
class SignProtectedPdfCommandTest {
  private static final String PIN = "s3cret-Pin!";
  private static final String PASSWORD = "mở-tài-liệu-2026";
  @RegisterExtension
  static final PerClassPki pki = new PerClassPki();

  @TempDir
  Path dir;

  private Path encrypted() throws Exception {
    Path qpdf = ExternalTools.require("qpdf", "qpdf");
    Path plain = dir.resolve("plain.pdf");
    Files.write(plain, SampleLetter.create());
    Path in = dir.resolve("protected.pdf");
    ExternalTools.Result r = ExternalTools.run(List.of(qpdf.toString(), "--encrypt", PASSWORD, "owner-" + PASSWORD,
        "256", "--", plain.toString(), in.toString()));
    assertThat(r.exitCode()).as(r.all()).isIn(0, 3);
    return in;
  }

  private Path key() throws Exception {
    return TestPki.writeP12(pki.get().pki().person("Nguyễn Văn Đức"), dir.resolve("signer.p12"), PIN);
  }

  @Test
  void signsAProtectedPdfThatStaysEncryptedAndVerifiesWithThePassword() throws Exception {
    Path in = encrypted();
    Path out = dir.resolve("signed.pdf");
    Map<String, String> env = Map.of("KYSO_PIN", PIN, "PDF_PASSWORD", PASSWORD);
    var r = CliRunner.run(env, "sign", "pdf", in.toString(), "-o", out.toString(), "--key", "p12:" + key(),
        "--pin-env", "KYSO_PIN", "--password-env", "PDF_PASSWORD", "--visible");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out() + r.err()).doesNotContain(PASSWORD);

    Path qpdf = ExternalTools.require("qpdf", "qpdf");
    ExternalTools.Result enc = ExternalTools.run(List.of(qpdf.toString(), "--show-encryption",
        "--password=" + PASSWORD, out.toString()));
    assertThat(enc.stdout()).as(enc.all()).contains("R = 6").contains("AESv3");
    ExternalTools.Result check = ExternalTools.run(List.of(qpdf.toString(), "--check", "--password=" + PASSWORD,
        out.toString()));
    assertThat(check.exitCode()).as(check.all()).isZero();
    assertThat(check.all()).doesNotContainIgnoringCase("warning");

    Path root = pki.get().writeRootPem(dir);
    Path pwFile = dir.resolve("pw.txt");
    Files.writeString(pwFile, PASSWORD + "\n");
    var v = CliRunner.run("verify", out.toString(), "--trust", root.toString(), "--password-file", pwFile.toString(),
        "--format", "json");
    assertThat(v.exitCode()).as(v.out() + v.err()).isZero();
    assertThat(v.out()).contains("\"verdict\": \"TOTAL_PASSED\"").doesNotContain(PASSWORD);
  }

  @Test
  void aBatchSignsProtectedAndPlainPdfsWithOnePassword() throws Exception {
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    Files.move(encrypted(), inbox.resolve("protected.pdf"));
    Files.write(inbox.resolve("plain.pdf"), SampleLetter.create());
    Path signed = dir.resolve("signed");
    var r = CliRunner.run(Map.of("KYSO_PIN", PIN, "PDF_PASSWORD", PASSWORD), "sign", "batch", inbox.toString(),
        "-o", signed.toString(), "--key", "p12:" + key(), "--pin-env", "KYSO_PIN", "--password-env", "PDF_PASSWORD");
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out() + r.err()).doesNotContain(PASSWORD);
    Path root = pki.get().writeRootPem(dir);
    for (String name : List.of("protected.pdf", "plain.pdf")) {
      var v = CliRunner.run(Map.of("PDF_PASSWORD", PASSWORD), "verify", signed.resolve(name).toString(), "--trust",
          root.toString(), "--password-env", "PDF_PASSWORD");
      assertThat(v.exitCode()).as(name + ": " + v.out() + v.err()).isZero();
    }
    Path qpdf = ExternalTools.require("qpdf", "qpdf");
    ExternalTools.Result enc = ExternalTools.run(List.of(qpdf.toString(), "--show-encryption",
        "--password=" + PASSWORD, signed.resolve("protected.pdf").toString()));
    assertThat(enc.stdout()).as(enc.all()).contains("R = 6");
  }

  @Test
  void aWrongOrMissingPasswordIsExit65InOneSentenceAndWritesNothing() throws Exception {
    Path in = encrypted();
    Path out = dir.resolve("never.pdf");
    Path pwFile = dir.resolve("wrong.txt");
    Files.writeString(pwFile, "sai-mật-khẩu\n");
    var wrong = CliRunner.run(Map.of("KYSO_PIN", PIN), "sign", "pdf", in.toString(), "-o", out.toString(),
        "--key", "p12:" + key(), "--pin-env", "KYSO_PIN", "--password-file", pwFile.toString());
    assertThat(wrong.exitCode()).as(wrong.err()).isEqualTo(65);
    assertThat(wrong.err()).contains("the password given does not open it").contains("--password-env")
        .doesNotContain("sai-mật-khẩu").doesNotContain("Exception").doesNotContain("org.apache");
    assertThat(wrong.err().strip().lines()).hasSize(1);

    var missing = CliRunner.run(Map.of("KYSO_PIN", PIN), "sign", "pdf", in.toString(), "-o", out.toString(),
        "--key", "p12:" + key(), "--pin-env", "KYSO_PIN");
    assertThat(missing.exitCode()).as(missing.err()).isEqualTo(65);
    assertThat(missing.err()).contains("is protected by a password").contains("--password-file");
    assertThat(out).doesNotExist();
    assertThat(dir.toFile().list()).noneMatch(n -> n.endsWith(".part"));
  }

  @Test
  void passwordOptionsAreCheckedBeforeTheKeyOpens() throws Exception {
    Path in = encrypted();
    Path out = dir.resolve("never.pdf");
    var unset = CliRunner.run(Map.of("KYSO_PIN", PIN), "sign", "pdf", in.toString(), "-o", out.toString(),
        "--key", "p12:" + dir.resolve("no-such.p12"), "--pin-env", "KYSO_PIN", "--password-env", "NOT_SET");
    assertThat(unset.exitCode()).as(unset.err()).isEqualTo(64);
    assertThat(unset.err()).contains("NOT_SET").contains("--password-env");
    var both = CliRunner.run(Map.of("KYSO_PIN", PIN, "PW", PASSWORD), "sign", "pdf", in.toString(), "-o",
        out.toString(), "--key", "p12:" + dir.resolve("no-such.p12"), "--pin-env", "KYSO_PIN", "--password-env",
        "PW", "--password-file", dir.resolve("pw.txt").toString());
    assertThat(both.exitCode()).as(both.err()).isEqualTo(64);
    assertThat(both.err()).doesNotContain(PASSWORD);
    assertThat(out).doesNotExist();
  }
}
