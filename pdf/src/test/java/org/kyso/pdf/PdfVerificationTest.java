package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.DocumentException;
import org.kyso.core.Level;
import org.kyso.core.SigningKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.testing.TestPki;
import org.kyso.core.verify.ReportFormats;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verdict;
import org.kyso.core.verify.Verifier;
import org.kyso.pdf.testing.TestKeys;
import org.kyso.pdf.testing.SampleLetter;

/** The PDF format given to a {@link Verifier} explicitly, its engine chosen in its builder and named in reports. */
class PdfVerificationTest {
  static TestPki pki;
  static TrustAnchors trust;
  @TempDir static Path dir;
  static Path signed;

  @BeforeAll
  static void start() throws Exception {
    pki = TestPki.start();
    trust = TrustAnchors.of(pki.pki().root().certificate());
    Path in = Files.write(dir.resolve("thu.pdf"), SampleLetter.create());
    signed = dir.resolve("thu.signed.pdf");
    try (SigningKey key = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      PdfSigner.builder(key).level(Level.B_B).trust(trust).build().sign(in, signed);
    }
  }

  @AfterAll
  static void stop() {
    pki.close();
  }

  private static Verifier verifier(PdfVerification pdf) {
    return Verifier.builder().formats(pdf).trust(trust).build(); // online: the test PKI answers OCSP
  }

  @Test
  void theFastEngineIsTheDefaultAndTheReportNamesIt() throws Exception {
    assertThat(PdfVerification.format().engine()).isEqualTo(PdfVerification.Engine.FAST);
    VerificationReport r = verifier(PdfVerification.format()).verify(signed);
    assertThat(r.engine()).isEqualTo("dss+kyso-fast-pdf");
    assertThat(r.verdict()).isEqualTo(Verdict.TOTAL_PASSED);
    assertThat(ReportFormats.json(List.of(r))).contains("\"engine\": \"dss+kyso-fast-pdf\"");
  }

  @Test
  void thePdfboxEngineIsChosenInTheBuilderAndGivesTheSameVerdict() throws Exception {
    PdfVerification general = PdfVerification.builder().engine(PdfVerification.Engine.PDFBOX).build();
    VerificationReport slow = verifier(general).verify(Files.readAllBytes(signed), "thu.signed.pdf");
    VerificationReport fast = verifier(PdfVerification.format()).verify(Files.readAllBytes(signed), "thu.signed.pdf");
    assertThat(slow.engine()).isEqualTo("dss+pdfbox");
    assertThat(slow.verdict()).isEqualTo(fast.verdict()).isEqualTo(Verdict.TOTAL_PASSED);
    assertThat(slow.signatures()).hasSameSizeAs(fast.signatures());
    assertThat(slow.signatures().get(0).signedBy()).isEqualTo(fast.signatures().get(0).signedBy());
  }

  @Test
  void aVerifierWithoutThePdfFormatRefusesASignedPdf() throws Exception {
    Verifier none = Verifier.builder().trust(trust).offline(true).build();
    assertThatThrownBy(() -> none.verify(signed)).isInstanceOf(DocumentException.class)
        .hasMessage("The file thu.signed.pdf is a PDF document, but this verifier was built without the PDF format"
            + " (it was given no format); add it with Verifier.builder().formats(PdfVerification.format(), ...).");
  }

  @Test
  void onlyPdfIsClaimed() {
    PdfVerification pdf = PdfVerification.format();
    assertThat(pdf.claims("%PDF-1.7\n".getBytes(StandardCharsets.ISO_8859_1))).isTrue();
    assertThat(pdf.claims("<?xml version=\"1.0\"?><a/>".getBytes(StandardCharsets.US_ASCII))).isFalse();
    assertThat(pdf.claims(new byte[0])).isFalse();
    assertThat(pdf.name()).isEqualTo("PDF");
  }
}
