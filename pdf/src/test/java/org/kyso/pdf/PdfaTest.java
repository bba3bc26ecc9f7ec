package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kyso.core.SigningKey;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestPki;
import org.kyso.pdf.testing.Images;
import org.kyso.pdf.testing.Judges;
import org.kyso.pdf.testing.TestKeys;
import org.kyso.pdf.testing.SampleLetter;
import org.kyso.pdf.testing.VeraPdf;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** A PDF/A-2b letter stays PDF/A-2b after every profile's signature, according to veraPDF. */
class PdfaTest {
  static TestPki pki;
  static DevPki.Identity an;
  static DevPki.Identity organisation;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    pki = TestPki.start();
    an = pki.pki().person(SampleLetter.SIGNER);
    organisation = pki.pki().organisation("UBND thành phố Đà Nẵng");
  }

  @AfterAll
  static void stop() {
    pki.close();
  }

  @Test
  void theSampleLetterIsPdfA2bAndVeraPdfSeesWhenItIsNot() throws Exception {
    assertThat(VeraPdf.pdfa2bFailures(SampleLetter.createPdfA())).isEmpty();
    // the same letter without output intent and XMP metadata fails: the judge does judge
    assertThat(VeraPdf.pdfa2bFailures(SampleLetter.create())).isNotEmpty()
        .anySatisfy(f -> assertThat(f).startsWith("6.6.2.1"));
  }

  @Test
  void approvalThenIssuanceStaysPdfA2b() throws Exception {
    byte[] issued;
    try (SigningKey person = TestKeys.p12(an, dir, "an"); SigningKey clerk = TestKeys.p12(organisation, dir, "org")) {
      byte[] approved = PdfSigner.builder(person)
          .appearance(Decree30.approval(SignatureImage.png(Images.signaturePng()))).build()
          .sign(SampleLetter.createPdfA());
      assertThat(VeraPdf.pdfa2bFailures(approved)).isEmpty();
      issued = PdfSigner.builder(clerk).appearance(Decree30.issuance("15/QĐ-UBND", LocalDate.of(2025, 7, 1),
          SignatureImage.png(Images.sealPng()))).build().sign(approved);
    }
    assertThat(VeraPdf.pdfa2bFailures(issued)).isEmpty();
    Judges.assertDssPasses(issued, pki.pki().root().certificate(), 2);
  }

  @Test
  void appendixCopyIncomingAndTextStayPdfA2b() throws Exception {
    try (SigningKey clerk = TestKeys.p12(organisation, dir, "org")) {
      for (Appearance a : new Appearance[] {Decree30.appendix("15/QĐ-UBND"),
          Decree30.copy(CopyForm.SAO_LUC, "Sở Nội vụ"), Decree30.incoming("7", LocalDate.of(2025, 7, 2)),
          Appearance.signerInfo(), Appearance.invisible()}) {
        byte[] signed = PdfSigner.builder(clerk).appearance(a).build().sign(SampleLetter.createPdfA());
        assertThat(VeraPdf.pdfa2bFailures(signed)).as(a.toString()).isEmpty();
      }
    }
  }
}
