package org.kyso.pdf.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.pdf.PdfPermissionsChecker;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxNativeObjectFactory;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationText;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.DocumentException;
import org.kyso.core.SigningKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.internal.dss.DssAdapters;
import org.kyso.core.testing.TestPki;
import org.kyso.core.verify.Finding;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verdict;
import org.kyso.core.verify.Verifier;
import org.kyso.pdf.CertificationLevel;
import org.kyso.pdf.Decree30;
import org.kyso.pdf.PdfSigner;
import org.kyso.pdf.PdfVerification;
import org.kyso.pdf.SignatureImage;
import org.kyso.pdf.testing.Images;
import org.kyso.pdf.testing.TestKeys;
import org.kyso.pdf.testing.SampleLetter;

/** DocMDP certification levels enforced and reported by kyso's verifier, and honoured by its signer. */
class CertificationRulesTest {
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

  private VerificationReport verify(byte[] pdf) throws Exception {
    return Verifier.builder().formats(PdfVerification.format())
        .trust(TrustAnchors.of(pki.pki().root().certificate())).build().verify(pdf, "c.pdf");
  }

  private static List<String> codes(SignatureResult s) {
    return s.findings().stream().map(Finding::code).toList();
  }

  private byte[] certified(CertificationLevel level, SigningKey key) throws Exception {
    return PdfSigner.builder(key).certify(level).build().sign(SampleLetter.create());
  }

  /** A sticky-note annotation on page 1 added in an incremental update, as a reader application would. */
  private static byte[] annotate(byte[] pdf) throws Exception {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      PDPage page = doc.getPage(0);
      PDAnnotationText note = new PDAnnotationText();
      note.setRectangle(new PDRectangle(50, 50, 20, 20));
      note.setContents("đã xem");
      List<PDAnnotation> annots = new java.util.ArrayList<>(page.getAnnotations());
      annots.add(note);
      page.setAnnotations(annots);
      page.getCOSObject().setNeedToBeUpdated(true);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.saveIncremental(out);
      return out.toByteArray();
    }
  }

  @Test
  void aCertificationIsReportedWithItsLevel() throws Exception {
    try (SigningKey key = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      SignatureResult s = verify(certified(CertificationLevel.FORM_FILLING, key)).signatures().get(0);
      assertThat(s.indication()).as("%s", s.findings()).isEqualTo(Indication.TOTAL_PASSED);
      assertThat(codes(s)).contains("warning.certifies");
      assertThat(s.warnings()).anyMatch(w -> w.contains("DocMDP level 2"));
    }
  }

  @Test
  void noChangesAllowedThenAChangeFailsNamingTheCertification() throws Exception {
    try (SigningKey key = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      VerificationReport r = verify(annotate(certified(CertificationLevel.NO_CHANGES, key)));
      assertThat(r.verdict()).isEqualTo(Verdict.TOTAL_FAILED);
      SignatureResult s = r.signatures().get(0);
      assertThat(codes(s)).contains("error.docMdpChange");
      assertThat(s.errors()).anyMatch(e -> e.contains("DocMDP level 1"));
    }
  }

  @Test
  void noChangesAllowedThenSignedByAnotherToolFailsAndKysoRefusesToSign() throws Exception {
    try (SigningKey an = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an");
        SigningKey org = TestKeys.p12(pki.pki().organisation("UBND phường Điện Biên"), dir, "org")) {
      byte[] p1 = certified(CertificationLevel.NO_CHANGES, an);
      // kyso refuses, on the fast path (B-B invisible) and the general one, and leaves no file
      Path in = dir.resolve("p1.pdf");
      Files.write(in, p1);
      Path out = dir.resolve("out.pdf");
      assertThatThrownBy(() -> PdfSigner.builder(org).build().sign(in, out)).isInstanceOf(DocumentException.class)
          .hasMessageContaining("certified with no changes allowed");
      assertThat(out).doesNotExist();
      assertThatThrownBy(() -> PdfSigner.builder(org).appearance(Decree30.issuance("15/QĐ-UBND",
          LocalDate.of(2026, 7, 1), SignatureImage.png(Images.sealPng()))).build().sign(in, out))
          .isInstanceOf(DocumentException.class);
      assertThat(out).doesNotExist();
      // a tool that ignores the certification (DSS with its permission check switched off)
      byte[] twice = signIgnoringPermissions(p1, org);
      VerificationReport r = verify(twice);
      assertThat(r.signatures()).hasSize(2);
      assertThat(r.verdict()).isEqualTo(Verdict.TOTAL_FAILED);
      SignatureResult first = r.signatures().get(0);
      assertThat(first.indication()).isEqualTo(Indication.TOTAL_FAILED);
      assertThat(codes(first)).contains("error.docMdpLaterSignature");
    }
  }

  private static byte[] signIgnoringPermissions(byte[] pdf, SigningKey key) throws Exception {
    PAdESService service = new PAdESService(new CommonCertificateVerifier());
    PdfBoxNativeObjectFactory factory = new PdfBoxNativeObjectFactory();
    PdfPermissionsChecker ignoring = new PdfPermissionsChecker();
    ignoring.setAlertOnForbiddenSignatureCreation(new eu.europa.esig.dss.alert.SilentOnStatusAlert());
    factory.setPdfPermissionsChecker(ignoring); // this tool ignores DocMDP
    service.setPdfObjFactory(factory);
    PAdESSignatureParameters p = new PAdESSignatureParameters();
    p.setSignatureLevel(SignatureLevel.PAdES_BASELINE_B);
    p.setDigestAlgorithm(eu.europa.esig.dss.enumerations.DigestAlgorithm.SHA256);
    p.setSigningCertificate(DssAdapters.token(key.certificate()));
    p.setCertificateChain(DssAdapters.tokens(key.certificateChain()));
    DSSDocument doc = new InMemoryDocument(pdf);
    ToBeSigned tbs = service.getDataToSign(doc, p);
    var value = DssAdapters.sign(key, org.kyso.core.SignatureAlgorithm.RSA_SHA256, tbs);
    try (var in = service.signDocument(doc, p, value).openStream()) {
      return in.readAllBytes();
    }
  }

  @Test
  void formFillingAllowedThenFilledAndSignedPasses() throws Exception {
    try (SigningKey an = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an");
        SigningKey org = TestKeys.p12(pki.pki().organisation("UBND phường Điện Biên"), dir, "org")) {
      byte[] approved = PdfSigner.builder(an).certify(CertificationLevel.FORM_FILLING)
          .appearance(Decree30.approval(SignatureImage.png(Images.signaturePng()))).build()
          .sign(SampleLetter.create());
      byte[] issued = PdfSigner.builder(org).appearance(Decree30.issuance("15/QĐ-UBND", LocalDate.of(2026, 7, 1),
          SignatureImage.png(Images.sealPng()))).build().sign(approved);
      VerificationReport r = verify(issued);
      assertThat(r.verdict()).as("%s", r.signatures().get(0).findings()).isEqualTo(Verdict.TOTAL_PASSED);
      assertThat(codes(r.signatures().get(0))).contains("warning.certifies");
    }
  }

  @Test
  void formFillingAllowedThenAnAnnotationFails() throws Exception {
    try (SigningKey key = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      VerificationReport r = verify(annotate(certified(CertificationLevel.FORM_FILLING, key)));
      assertThat(r.verdict()).isEqualTo(Verdict.TOTAL_FAILED);
      assertThat(codes(r.signatures().get(0))).contains("error.docMdpChange");
    }
  }

  @Test
  void annotationsAllowedThenAnAnnotationIsNoError() throws Exception {
    try (SigningKey key = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      VerificationReport r = verify(annotate(certified(CertificationLevel.ANNOTATIONS, key)));
      SignatureResult s = r.signatures().get(0);
      assertThat(s.indication()).as("%s", s.findings()).isNotEqualTo(Indication.TOTAL_FAILED);
      assertThat(codes(s)).doesNotContain("error.docMdpChange", "error.changedAfterSigning");
    }
  }
}
