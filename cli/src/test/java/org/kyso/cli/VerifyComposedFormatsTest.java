package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.testing.PerClassPki;
import org.kyso.core.testing.TestPki;

/**
 * {@code kyso verify} composes one verifier of the PDF and XML formats and calls it once per file: the
 * {@code --data} contents reach the XML format, the report names the engine, and a file of neither format is
 * exit 65 with the contract's sentence.
 */
class VerifyComposedFormatsTest {
  private static final Map<String, String> ENV = Map.of("KYSO_PIN", "s3cret-Pin!");
  @RegisterExtension
  static final PerClassPki pki = new PerClassPki();

  @TempDir
  Path dir;

  @Test
  void detachedXmlGetsTheDataFileAndEveryFileItsEngine() throws Exception {
    Path key = TestPki.writeP12(pki.get().pki().organisation("Sở Tài chính"), dir.resolve("org.p12"), ENV.get("KYSO_PIN"));
    Path signedFolder = Files.createDirectories(dir.resolve("signed"));
    Path dataFolder = Files.createDirectories(dir.resolve("data"));
    Path data = Files.writeString(dataFolder.resolve("bao-cao.txt"), "Báo cáo quý 3", StandardCharsets.UTF_8);
    Path sig = signedFolder.resolve("bao-cao.txt.xades.xml");
    var s = CliRunner.run(ENV, "sign", "xml", data.toString(), "-o", sig.toString(), "--key", "p12:" + key,
        "--pin-env", "KYSO_PIN", "--packaging", "detached");
    assertThat(s.exitCode()).as(s.err()).isZero();
    Path root = pki.get().writeRootPem(dir);
    Path notes = Files.writeString(dir.resolve("notes.txt"), "just text");

    // the signed file is not next to the signature: only --data can give it
    var without = CliRunner.run("verify", sig.toString(), "--trust", root.toString(), "--format", "json");
    assertThat(without.exitCode()).as(without.out() + without.err()).isEqualTo(2);

    var r = CliRunner.run("verify", sig.toString(), notes.toString(), "--data", data.toString(), "--trust",
        root.toString(), "--format", "json");
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(65);
    assertThat(r.out()).contains("\"verdict\": \"TOTAL_PASSED\"").contains("\"engine\": \"dss+kyso-xml\"")
        .contains("\"verdict\": \"UNREADABLE\"");
    assertThat(r.err()).contains("kyso: The file notes.txt is neither a PDF nor an XML document that kyso can read.");
  }
}
