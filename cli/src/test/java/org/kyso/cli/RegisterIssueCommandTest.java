package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.cli.demo.DemoImages;
import org.kyso.cli.demo.SampleLetter;
import org.kyso.core.testing.PerClassPki;
import org.kyso.core.testing.TestPki;

/** {@code kyso register out add --issue}: the register gives the number and date, and the issuance signature applies them. */
class RegisterIssueCommandTest {
  private static final Map<String, String> ENV = Map.of("KYSO_PIN", "s3cret-Pin!");
  @RegisterExtension
  static final PerClassPki pki = new PerClassPki();

  @TempDir
  Path dir;

  @Test
  void registeringAnOutgoingDocumentIssuesItWithItsNumberAndDate() throws Exception {
    Path chairman = TestPki.writeP12(pki.get().pki().person(SampleLetter.SIGNER_NAME), dir.resolve("an.p12"), ENV.get("KYSO_PIN"));
    Path ward = TestPki.writeP12(pki.get().pki().organisation("UBND phường Điện Biên"), dir.resolve("ubnd.p12"),
        ENV.get("KYSO_PIN"));
    Path draft = dir.resolve("draft.pdf");
    Files.write(draft, SampleLetter.create());
    Path signature = dir.resolve("chu-ky.png");
    Files.write(signature, DemoImages.signature());
    Path seal = dir.resolve("con-dau.png");
    Files.write(seal, DemoImages.seal());
    Path approved = dir.resolve("approved.pdf");
    assertThat(CliRunner.run(ENV, "sign", "pdf", draft.toString(), "-o", approved.toString(), "--key", "p12:" + chairman,
        "--pin-env", "KYSO_PIN", "--profile", "approval", "--signature-image", signature.toString()).exitCode()).isZero();

    Path db = dir.resolve("so.db");
    assertThat(CliRunner.run("register", "init", "--db", db.toString(), "--org", "UBND phường Điện Biên",
        "--org-abbr", "UBND").exitCode()).isZero();
    Path issued = dir.resolve("issued.pdf");
    var r = CliRunner.run(ENV, "register", "out", "add", "--db", db.toString(), "--type", "QĐ", "--summary",
        "Về việc công nhận tổ dân phố văn hóa", "--file", approved.toString(), "--issue", issued.toString(),
        "--key", "p12:" + ward, "--pin-env", "KYSO_PIN", "--seal-image", seal.toString(), "--format", "json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"number\":1").contains("\"notation\":\"01/QĐ-UBND\"");

    try (var doc = Loader.loadPDF(issued.toFile())) {
      // the number is stamped as a read-only text field of the issuance revision
      var values = new java.util.ArrayList<String>();
      doc.getDocumentCatalog().getAcroForm().getFieldTree().forEach(f -> values.add(f.getValueAsString()));
      assertThat(values).contains("01/QĐ-UBND");
    }
    Path root = pki.get().writeRootPem(dir);
    var v = CliRunner.run("verify", issued.toString(), "--trust", root.toString(), "--format", "json");
    assertThat(v.exitCode()).as(v.out()).isZero();
    assertThat(CliRunner.run("register", "verify", "--db", db.toString()).exitCode()).isZero();
  }

  @Test
  void aFailedIssuanceUsesNoNumber() throws Exception {
    Path ward = TestPki.writeP12(pki.get().pki().organisation("UBND phường Điện Biên"), dir.resolve("ubnd.p12"),
        ENV.get("KYSO_PIN"));
    Path db = dir.resolve("so.db");
    assertThat(CliRunner.run("register", "init", "--db", db.toString(), "--org", "UBND phường Điện Biên",
        "--org-abbr", "UBND").exitCode()).isZero();
    Path notPdf = dir.resolve("draft.pdf");
    Files.writeString(notPdf, "not a pdf");
    Path seal = dir.resolve("con-dau.png");
    Files.write(seal, DemoImages.seal());
    var r = CliRunner.run(ENV, "register", "out", "add", "--db", db.toString(), "--type", "QĐ", "--summary", "X",
        "--file", notPdf.toString(), "--issue", dir.resolve("issued.pdf").toString(), "--key", "p12:" + ward,
        "--pin-env", "KYSO_PIN", "--seal-image", seal.toString());
    assertThat(r.exitCode()).isEqualTo(65);
    var next = CliRunner.run("register", "out", "add", "--db", db.toString(), "--type", "QĐ", "--summary", "Y",
        "--format", "json");
    assertThat(next.out()).contains("\"number\":1");
  }

  @Test
  void aSigningFailureAfterTheNumberIsReservedVoidsItAndWritesNothing() throws Exception {
    Path ward = TestPki.writeP12(pki.get().pki().organisation("UBND phường Điện Biên"), dir.resolve("ubnd-2.p12"),
        ENV.get("KYSO_PIN"));
    Path chairman = TestPki.writeP12(pki.get().pki().person(SampleLetter.SIGNER_NAME), dir.resolve("an-2.p12"),
        ENV.get("KYSO_PIN"));
    Path unsigned = dir.resolve("draft-2.pdf");
    Files.write(unsigned, SampleLetter.create());
    Path signature = dir.resolve("chu-ky-2.png");
    Files.write(signature, DemoImages.signature());
    Path seal = dir.resolve("con-dau-2.png");
    Files.write(seal, DemoImages.seal());
    Path draft = dir.resolve("approved-2.pdf");
    assertThat(CliRunner.run(ENV, "sign", "pdf", unsigned.toString(), "-o", draft.toString(), "--key",
        "p12:" + chairman, "--pin-env", "KYSO_PIN", "--profile", "approval", "--signature-image",
        signature.toString()).exitCode()).isZero();
    Path db = dir.resolve("so-2.db");
    assertThat(CliRunner.run("register", "init", "--db", db.toString(), "--org", "UBND phường Điện Biên",
        "--org-abbr", "UBND").exitCode()).isZero();
    Path out = Files.createDirectories(dir.resolve("out-2"));
    Path issued = out.resolve("issued.pdf");
    // the input passes every check made before the number is reserved; the timestamp authority then fails
    var r = CliRunner.run(ENV, "register", "out", "add", "--db", db.toString(), "--type", "QĐ", "--summary", "X",
        "--file", draft.toString(), "--issue", issued.toString(), "--key", "p12:" + ward, "--pin-env", "KYSO_PIN",
        "--seal-image", seal.toString(), "--level", "B-T", "--tsa", "http://127.0.0.1:9/tsa");
    assertThat(r.exitCode()).as(r.err()).isNotZero();
    assertThat(issued).doesNotExist();
    try (var files = Files.list(out)) {
      assertThat(files.toList()).isEmpty();
    }
    var show = CliRunner.run("register", "show", "--db", db.toString(), "out", "1", "--format", "json");
    assertThat(show.out()).as(r.err() + show.err()).contains("\"status\":\"VOID\"");
    assertThat(CliRunner.run("register", "verify", "--db", db.toString()).exitCode()).isZero();
    var next = CliRunner.run("register", "out", "add", "--db", db.toString(), "--type", "QĐ", "--summary", "Y",
        "--format", "json");
    assertThat(next.out()).contains("\"number\":2");
  }
}
