package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.cli.demo.DemoImages;
import org.kyso.cli.demo.SampleLetter;
import org.kyso.core.testing.PerClassPki;
import org.kyso.core.testing.TestPki;
import org.kyso.core.testing.TestTsa;

/**
 * A PDF signature at B-LT or B-LTA keeps the revocation data of the chain up to the signer's root, so it needs that
 * root. {@code --tsa} alone makes the level B-LT (CONTRACT.md): without {@code --trust} that was an internal error
 * (exit 70, "please report it"); it is a usage error (64) naming the options, before the key is opened, with no
 * file and no register number used.
 */
class PdfLongTermNeedsTrustTest {
  private static final Map<String, String> ENV = Map.of("KYSO_PIN", "mk-ltv", "KYSO_REVOCATION_CACHE", "off");
  @RegisterExtension
  static final PerClassPki pki = new PerClassPki();

  @TempDir
  Path dir;

  private Path letter(Path file) throws Exception {
    Files.createDirectories(file.getParent());
    Files.write(file, SampleLetter.create());
    return file;
  }

  private Path key() throws Exception {
    return TestPki.writeP12(pki.get().pki().person("Nguyễn Văn An"), dir.resolve("an.p12"), ENV.get("KYSO_PIN"));
  }

  private static void assertUsageNamingTrust(CliRunner.Result r) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--trust").contains("B-L").doesNotContain("internal error")
        .doesNotContain("Exception");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void signPdfWithATsaButNoRootIsAUsageErrorNotAnInternalOne() throws Exception {
    Path in = letter(dir.resolve("in.pdf"));
    Path out = dir.resolve("out.pdf");
    var r = CliRunner.run(ENV, "sign", "pdf", in.toString(), "-o", out.toString(), "--key", "p12:" + key(),
        "--pin-env", "KYSO_PIN", "--tsa", TestTsa.refusedUrl().toString());
    assertUsageNamingTrust(r);
    assertThat(r.err()).contains("--level B-T");
    r = CliRunner.run(ENV, "sign", "pdf", in.toString(), "-o", out.toString(), "--key", "p12:" + key(),
        "--pin-env", "KYSO_PIN", "--level", "B-LTA", "--tsa", TestTsa.refusedUrl().toString());
    assertUsageNamingTrust(r);
    assertThat(out).doesNotExist();
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).noneMatch(p -> p.getFileName().toString().endsWith(".part"));
    }
  }

  @Test
  void withTheRootTheSameCommandSignsAtBLt() throws Exception {
    try (TestTsa tsa = TestTsa.start(pki.get().pki())) {
      Path in = letter(dir.resolve("in.pdf"));
      Path out = dir.resolve("out.pdf");
      var r = CliRunner.run(ENV, "sign", "pdf", in.toString(), "-o", out.toString(), "--key", "p12:" + key(),
          "--pin-env", "KYSO_PIN", "--tsa", tsa.url().toString(), "--trust",
          pki.get().writeRootPem(dir).toString());
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out()).contains("(B-LT)");
      var v = CliRunner.run(Map.of(), "verify", out.toString(), "--offline", "--format", "json", "--trust",
          dir.resolve("root.pem").toString());
      assertThat(v.out()).contains("\"level\": \"PAdES-BASELINE-LT\"");
    }
  }

  @Test
  void signBatchWithPdfFilesRefusesBeforeOpeningTheKey() throws Exception {
    letter(dir.resolve("inbox/a.pdf"));
    Path outDir = dir.resolve("signed");
    // a key file that does not exist: the refusal comes before the key is opened
    var r = CliRunner.run(ENV, "sign", "batch", dir.resolve("inbox").toString(), "-o", outDir.toString(),
        "--key", "p12:" + dir.resolve("missing.p12"), "--pin-env", "KYSO_PIN", "--tsa",
        TestTsa.refusedUrl().toString());
    assertUsageNamingTrust(r);
    if (Files.exists(outDir)) { // the batch makes its output folder first; nothing is written into it
      try (Stream<Path> written = Files.list(outDir)) {
        assertThat(written).isEmpty();
      }
    }
  }

  @Test
  void registerIssueRefusesBeforeANumberIsTaken() throws Exception {
    Path db = dir.resolve("so.db");
    var init = CliRunner.run("register", "init", "--db", db.toString(), "--org", "UBND phường Điện Biên",
        "--org-abbr", "UBND");
    assertThat(init.exitCode()).as(init.err()).isZero();
    Path draft = letter(dir.resolve("draft.pdf"));
    Path seal = Files.write(dir.resolve("seal.png"), DemoImages.seal());
    Path issued = dir.resolve("issued.pdf");
    var r = CliRunner.run(ENV, "register", "out", "add", "--db", db.toString(), "--type", "QĐ", "--summary",
        "Về việc thử", "--file", draft.toString(), "--issue", issued.toString(), "--key", "p12:" + key(),
        "--pin-env", "KYSO_PIN", "--seal-image", seal.toString(), "--tsa", TestTsa.refusedUrl().toString());
    assertUsageNamingTrust(r);
    assertThat(issued).doesNotExist();
    var list = CliRunner.run("register", "list", "--db", db.toString(), "--format", "json");
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out()).doesNotContain("\"number\"");
  }
}
