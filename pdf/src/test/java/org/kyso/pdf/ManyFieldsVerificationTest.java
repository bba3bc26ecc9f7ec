package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.Level;
import org.kyso.core.SigningKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.testing.TestPki;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verdict;
import org.kyso.core.verify.Verifier;
import org.kyso.pdf.testing.SampleLetter;
import org.kyso.pdf.testing.TestKeys;

/**
 * Issue 20: a document with hundreds of empty signature fields and more signatures than DSS compares one by one
 * (more than 10) is judged signature by signature exactly as DSS's own PDFBox engine judges it, and every signature
 * passes. The fast engine reads the updates once per validation and indexes the signatures' certificates; this
 * checks that neither changes a verdict. No timing is asserted (ManySignaturesTest runs 1,000 at -Xmx256m).
 */
class ManyFieldsVerificationTest {
  private static final int EMPTY_FIELDS = 300;
  private static final int SIGNATURES = 12;
  static TestPki pki;
  static TrustAnchors trust;
  @TempDir static Path dir;
  static Path file;

  @BeforeAll
  static void start() throws Exception {
    pki = TestPki.start();
    trust = TrustAnchors.of(pki.pki().root().certificate());
    byte[] pdf = withEmptySignatureFields(SampleLetter.create(), EMPTY_FIELDS);
    try (SigningKey key = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      PdfSigner signer = PdfSigner.builder(key).level(Level.B_B).trust(trust).build();
      for (int i = 0; i < SIGNATURES; i++) {
        pdf = signer.sign(pdf);
      }
    }
    file = Files.write(dir.resolve("fields.pdf"), pdf);
  }

  @AfterAll
  static void stop() {
    pki.close();
  }

  /** The document with {@code n} empty signature fields (no value), each with a widget on page 1. */
  static byte[] withEmptySignatureFields(byte[] pdf, int n) throws Exception {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      PDAcroForm form = doc.getDocumentCatalog().getAcroForm();
      if (form == null) {
        form = new PDAcroForm(doc);
        doc.getDocumentCatalog().setAcroForm(form);
      }
      PDPage page = doc.getPage(0);
      for (int i = 0; i < n; i++) {
        PDSignatureField field = new PDSignatureField(form);
        field.setPartialName("Empty" + i);
        PDAnnotationWidget widget = field.getWidgets().get(0);
        widget.setRectangle(new PDRectangle(0, 0, 0, 0));
        widget.setPage(page);
        page.getAnnotations().add(widget);
        form.getFields().add(field);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }

  private static VerificationReport verify(PdfVerification.Engine engine) throws Exception {
    PdfVerification format = PdfVerification.builder().engine(engine).build();
    return Verifier.builder().formats(format).trust(trust).build().verify(file); // online: the test PKI answers
  }

  @Test
  void everySignatureAmongManyEmptyFieldsPassesAsDssJudgesIt() throws Exception {
    VerificationReport fast = verify(PdfVerification.Engine.FAST);
    VerificationReport general = verify(PdfVerification.Engine.PDFBOX);
    assertThat(fast.engine()).isEqualTo("dss+kyso-fast-pdf");
    List<SignatureResult> sigs = fast.signatures();
    assertThat(sigs).hasSize(SIGNATURES);
    assertThat(fast.verdict()).isEqualTo(Verdict.TOTAL_PASSED);
    assertThat(sigs).allSatisfy(s -> {
      assertThat(s.indication()).as(s.id()).isEqualTo(Indication.TOTAL_PASSED);
      assertThat(s.modificationsAfterSigning()).as(s.id()).isEmpty();
      assertThat(s.errors()).as(s.id()).isEmpty();
    });
    assertThat(sigs.stream().filter(SignatureResult::coversWholeDocument)).hasSize(1);
    // signature by signature, what DSS's own engine says
    assertThat(general.signatures()).hasSameSizeAs(sigs);
    for (int i = 0; i < sigs.size(); i++) {
      SignatureResult f = sigs.get(i);
      SignatureResult g = general.signatures().get(i);
      assertThat(f.id()).isEqualTo(g.id());
      assertThat(f.indication()).as(f.id()).isEqualTo(g.indication());
      assertThat(f.subIndication()).as(f.id()).isEqualTo(g.subIndication());
      assertThat(f.coversWholeDocument()).as(f.id()).isEqualTo(g.coversWholeDocument());
      assertThat(f.modificationsAfterSigning()).as(f.id()).isEqualTo(g.modificationsAfterSigning());
      assertThat(f.errors()).as(f.id()).isEqualTo(g.errors());
    }
  }
}
