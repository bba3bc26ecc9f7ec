package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.SigningKey;
import org.kyso.core.testing.TestPki;
import org.kyso.pdf.testing.Judges;
import org.kyso.pdf.testing.Keys;
import org.kyso.pdf.testing.SampleLetter;

class PdfSignerTest {
  static TestPki pki;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    pki = TestPki.start();
  }

  @AfterAll
  static void stop() {
    pki.close();
  }

  @Test
  void invisibleSignatureIsValidForDssPdfsigAndQpdf() throws Exception {
    Path in = dir.resolve("letter.pdf");
    Files.write(in, SampleLetter.create());
    Path out = dir.resolve("letter.signed.pdf");
    try (SigningKey key = Keys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      PdfSigner.builder(key).build().sign(in, out);
    }
    byte[] signed = Files.readAllBytes(out);
    Judges.assertDssPasses(signed, pki.pki().root().certificate(), 1);
    Judges.assertPdfsigPasses(out, pki.pki().root().certificate(), 1);
    Judges.assertQpdfClean(out);
    assertThat((long) signed.length).isGreaterThan(Files.size(in));
  }
}
