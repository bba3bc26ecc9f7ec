package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.cli.demo.SampleLetter;
import org.kyso.core.testing.TestPki;
import org.w3c.dom.Document;

/** {@code kyso verify --format etsi}: DSS's ETSI TS 119 102-2 validation report of one file. */
class EtsiFormatTest {
  private static final Map<String, String> ENV = Map.of("KYSO_PIN", "s3cret-Pin!");

  @TempDir
  Path dir;

  @Test
  void writesTheEtsiValidationReportOfASignedPdf() throws Exception {
    try (TestPki pki = TestPki.start()) {
      Path key = TestPki.writeP12(pki.pki().person("Nguyễn Văn An"), dir.resolve("an.p12"), ENV.get("KYSO_PIN"));
      Path in = dir.resolve("in.pdf");
      Files.write(in, SampleLetter.create());
      Path out = dir.resolve("out.pdf");
      var s = CliRunner.run(ENV, "sign", "pdf", in.toString(), "-o", out.toString(), "--key", "p12:" + key,
          "--pin-env", "KYSO_PIN");
      assertThat(s.exitCode()).as(s.err()).isZero();
      Path root = pki.writeRootPem(dir);

      var r = CliRunner.run("verify", out.toString(), "--trust", root.toString(), "--format", "etsi");
      assertThat(r.exitCode()).as(r.err()).isZero();
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(r.out().getBytes(StandardCharsets.UTF_8)));
      assertThat(d.getDocumentElement().getLocalName()).isEqualTo("ValidationReport");
      assertThat(d.getDocumentElement().getNamespaceURI()).startsWith("http://uri.etsi.org/19102/");
      assertThat(r.out()).contains("urn:etsi:019102:mainindication:total-passed").contains("Nguyễn Văn An");

      var untrusted = CliRunner.run("verify", out.toString(), "--format", "etsi", "--offline");
      assertThat(untrusted.exitCode()).isEqualTo(2);
      assertThat(untrusted.out()).contains("urn:etsi:019102:mainindication:indeterminate");
    }
  }

  @Test
  void oneFileAtATime() throws Exception {
    Path a = dir.resolve("a.pdf");
    Files.write(a, SampleLetter.create());
    var r = CliRunner.run("verify", a.toString(), a.toString(), "--format", "etsi");
    assertThat(r.exitCode()).isEqualTo(64);
    assertThat(r.err()).contains("--format etsi writes the ETSI validation report of one file");
  }
}
