package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.Level;
import org.kyso.core.SigningKey;
import org.kyso.core.TimestampService;
import org.kyso.core.TrustAnchors;
import org.kyso.core.testing.TestPki;
import org.kyso.core.testing.TestTsa;
import org.kyso.core.verify.Finding;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verdict;
import org.kyso.core.verify.Verifier;
import org.kyso.pdf.testing.Images;
import org.kyso.pdf.testing.Judges;
import org.kyso.pdf.testing.TestKeys;
import org.kyso.pdf.testing.SampleLetter;
import org.kyso.pdf.testing.XrefKinds;

/**
 * Decree 30 issuance as form filling on a real-style draft ("Số:      /QĐ-UBND", "ngày ..... tháng ..... năm
 * 2026"): the approval creates the empty number and date fields in the blanks, the issuance only fills them and
 * signs, then the document is extended to B-LT; DSS and kyso pass both signatures, kyso calls the issuance's
 * changes permitted form filling.
 */
class DraftIssuanceTest {
  static TestPki pki;
  static TestTsa tsa;
  static TrustAnchors trust;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    pki = TestPki.start();
    tsa = TestTsa.start(pki.pki());
    trust = TrustAnchors.of(pki.pki().root().certificate());
  }

  @AfterAll
  static void stop() {
    tsa.close();
    pki.close();
  }

  private static String value(byte[] pdf, String field) throws Exception {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      PDAcroForm form = doc.getDocumentCatalog().getAcroForm(null);
      var f = form == null ? null : form.getField(field);
      return f == null ? null : f.getValueAsString();
    }
  }

  @Test
  void approvalCertifiesAndMakesTheBlanksFieldsIssuanceFillsThemAndBothPassAfterExtension() throws Exception {
    Path draft = dir.resolve("draft.pdf");
    Files.write(draft, SampleLetter.createDraft());
    Path approved = dir.resolve("approved.pdf");
    Path issued = dir.resolve("issued.pdf");
    Path lt = dir.resolve("issued-lt.pdf");
    try (SigningKey an = TestKeys.p12(pki.pki().person(SampleLetter.SIGNER), dir, "an");
        SigningKey org = TestKeys.p12(pki.pki().organisation("UBND phường Điện Biên"), dir, "org")) {
      PdfSigner.builder(an).certify(CertificationLevel.FORM_FILLING)
          .appearance(Decree30.approval(SignatureImage.png(Images.signaturePng()))).build().sign(draft, approved);
      byte[] a = Files.readAllBytes(approved);
      assertThat(value(a, "kyso_so_ky_hieu")).as("the approval makes the number field, empty").isEmpty();
      assertThat(value(a, "kyso_ngay_ban_hanh")).isEmpty();
      assertThat(value(a, "kyso_ngay_ban_hanh_thang")).isEmpty();

      PdfSigner.builder(org).appearance(Decree30.issuance("15/QĐ-UBND", LocalDate.of(2026, 7, 1),
          SignatureImage.png(Images.sealPng()))).build().sign(approved, issued);
      PdfExtender.builder(Level.B_LT).timestamps(TimestampService.of(tsa.url())).trust(trust).build()
          .extend(issued, lt);
    }
    byte[] done = Files.readAllBytes(lt);
    // filled in place: the draft prints "/QĐ-UBND" and "năm 2026", so only "15", the day and the month are written
    assertThat(value(done, "kyso_so_ky_hieu")).isEqualTo("15");
    assertThat(value(done, "kyso_ngay_ban_hanh")).isEqualTo("01");
    assertThat(value(done, "kyso_ngay_ban_hanh_thang")).isEqualTo("7");
    assertThat(value(done, "kyso_ngay_ban_hanh_nam")).isNull();

    for (Path p : List.of(approved, issued, lt)) {
      XrefKinds.assertQpdfNoWarning(p);
      XrefKinds.assertNoReusedNumbers(Files.readAllBytes(p));
    }
    Judges.assertDssPasses(done, pki.pki().root().certificate(), 2, false);
    VerificationReport r = Verifier.builder().formats(PdfVerification.format()).trust(trust).build().verify(lt);
    assertThat(r.verdict()).as("%s", r.signatures().get(0).findings()).isEqualTo(Verdict.TOTAL_PASSED);
    SignatureResult approval = r.signatures().get(0);
    List<String> codes = approval.findings().stream().map(Finding::code).toList();
    assertThat(codes).contains("warning.certifies");
    assertThat(codes).containsAnyOf("warning.changesPermitted", "warning.changesAttested");
    assertThat(codes).doesNotContain("modification.annotationAdded");
  }
}
