package org.kyso.pdf.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDField;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.apache.pdfbox.pdmodel.interactive.form.PDTextField;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.SigningKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestPki;
import org.kyso.core.verify.Finding;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verdict;
import org.kyso.core.verify.Verifier;
import org.kyso.pdf.CertificationLevel;
import org.kyso.pdf.PdfSigner;
import org.kyso.pdf.testing.TestKeys;

/**
 * Form rules after a signature (issue 14): a field added after a DocMDP P=2 certification is a named disallowed
 * change; field locks (a signature field's /Lock, and the /FieldMDP transform of a signature with /Include,
 * /Exclude or /All) are shown in the report and enforced: changing a locked field fails naming the lock, changing
 * another field does not. The locking signatures are made here with PDFBox and BouncyCastle, as another tool would.
 */
class FieldRulesTest {
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

  private static int written;

  private VerificationReport verify(byte[] pdf) throws Exception {
    // kept for a person (or another validator) to look at
    java.nio.file.Path out = java.nio.file.Files.createDirectories(Path.of("target", "field-rules"));
    java.nio.file.Files.write(out.resolve("f" + (written++) + ".pdf"), pdf);
    return Verifier.builder().formats(org.kyso.pdf.PdfVerification.format())
        .trust(TrustAnchors.of(pki.pki().root().certificate())).build().verify(pdf, "f.pdf");
  }

  private static List<String> codes(SignatureResult s) {
    return s.findings().stream().map(Finding::code).toList();
  }

  /** One page, two empty text fields "amount" and "note", and optionally an empty signature field "lock". */
  static byte[] form(COSDictionary lock) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage(PDRectangle.A4);
      doc.addPage(page);
      PDAcroForm form = new PDAcroForm(doc);
      doc.getDocumentCatalog().setAcroForm(form);
      PDResources dr = new PDResources();
      dr.put(COSName.getPDFName("Helv"), new PDType1Font(Standard14Fonts.FontName.HELVETICA));
      form.setDefaultResources(dr);
      form.setDefaultAppearance("/Helv 10 Tf 0 g");
      List<PDField> fields = new ArrayList<>();
      float y = 700;
      for (String name : List.of("amount", "note")) {
        PDTextField f = new PDTextField(form);
        f.setPartialName(name);
        PDAnnotationWidget w = f.getWidgets().get(0);
        w.setRectangle(new PDRectangle(72, y, 200, 20));
        w.setPage(page);
        w.setPrinted(true);
        page.getAnnotations().add(w);
        fields.add(f);
        y -= 40;
      }
      if (lock != null) {
        PDSignatureField s = new PDSignatureField(form);
        s.setPartialName("lock");
        s.getCOSObject().setItem(COSName.getPDFName("Lock"), lock);
        PDAnnotationWidget w = s.getWidgets().get(0);
        w.setRectangle(new PDRectangle(0, 0, 0, 0));
        w.setPage(page);
        page.getAnnotations().add(w);
        fields.add(s);
      }
      form.setFields(fields);
      for (String name : List.of("amount", "note")) {
        ((PDTextField) form.getField(name)).setValue("0");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }

  /** A lock dictionary: /Action {@code action}, /Fields {@code fields} (none for /All). */
  static COSDictionary lock(String type, String action, String... fields) {
    COSDictionary d = new COSDictionary();
    d.setItem(COSName.TYPE, COSName.getPDFName(type));
    d.setItem(COSName.getPDFName("Action"), COSName.getPDFName(action));
    if (fields.length > 0) {
      COSArray a = new COSArray();
      for (String f : fields) {
        a.add(new COSString(f));
      }
      d.setItem(COSName.FIELDS, a);
    }
    if ("TransformParams".equals(type)) {
      d.setItem(COSName.V, COSName.getPDFName("1.2"));
    }
    return d;
  }

  /**
   * Signs with PDFBox and a CMS made by BouncyCastle (adbe.pkcs7.detached): into the empty field "lock" when the
   * document has one, else into a new field; with a FieldMDP transform when {@code fieldMdp} is given.
   */
  static byte[] pdfBoxSign(byte[] pdf, DevPki.Identity who, COSDictionary fieldMdp) throws Exception {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      PDSignature sig = new PDSignature();
      sig.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
      sig.setSubFilter(PDSignature.SUBFILTER_ADBE_PKCS7_DETACHED);
      sig.setName(who.certificate().getSubjectX500Principal().getName());
      sig.setSignDate(Calendar.getInstance());
      if (fieldMdp != null) {
        COSDictionary ref = new COSDictionary();
        ref.setItem(COSName.TYPE, COSName.getPDFName("SigRef"));
        ref.setItem(COSName.getPDFName("TransformMethod"), COSName.getPDFName("FieldMDP"));
        ref.setItem(COSName.getPDFName("TransformParams"), fieldMdp);
        ref.setItem(COSName.getPDFName("DigestMethod"), COSName.getPDFName("SHA256"));
        ref.setItem(COSName.getPDFName("Data"), doc.getDocumentCatalog().getCOSObject());
        COSArray refs = new COSArray();
        refs.add(ref);
        sig.getCOSObject().setItem(COSName.REFERENCE, refs);
      }
      PDAcroForm form = doc.getDocumentCatalog().getAcroForm();
      PDField existing = form == null ? null : form.getField("lock");
      if (existing instanceof PDSignatureField f) {
        f.getCOSObject().setItem(COSName.V, sig);
      }
      doc.addSignature(sig, content -> cms(content, who));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.saveIncremental(out);
      return out.toByteArray();
    }
  }

  private static byte[] cms(InputStream content, DevPki.Identity who) throws IOException {
    try {
      CMSSignedDataGenerator g = new CMSSignedDataGenerator();
      g.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
          .build(new JcaContentSignerBuilder("SHA256withRSA").build(who.privateKey()), who.certificate()));
      g.addCertificates(new JcaCertStore(who.chain()));
      return g.generate(new CMSProcessableByteArray(content.readAllBytes()), false).getEncoded();
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  /** Fills text field {@code name} in an incremental update (value and appearance), as a reader would. */
  static byte[] fill(byte[] pdf, String name, String value) throws IOException {
    return PdfFixtures.incremental(pdf, doc -> {
      PDField f = doc.getDocumentCatalog().getAcroForm().getField(name);
      f.setValue(value);
      f.getCOSObject().setNeedToBeUpdated(true);
      for (PDAnnotationWidget w : f.getWidgets()) {
        w.getCOSObject().setNeedToBeUpdated(true);
        if (w.getAppearance() != null && w.getAppearance().getNormalAppearance() != null) {
          w.getAppearance().getCOSObject().setNeedToBeUpdated(true);
          if (w.getAppearance().getNormalAppearance().isStream()) {
            w.getAppearance().getNormalAppearance().getAppearanceStream().getCOSObject().setNeedToBeUpdated(true);
          }
        }
      }
    });
  }

  /** Adds a new text field "added" with a widget on page 1, in an incremental update. */
  static byte[] addField(byte[] pdf) throws IOException {
    return PdfFixtures.incremental(pdf, doc -> {
      PDAcroForm form = doc.getDocumentCatalog().getAcroForm();
      PDPage page = doc.getPage(0);
      PDTextField f = new PDTextField(form);
      f.setPartialName("added");
      PDAnnotationWidget w = f.getWidgets().get(0);
      w.setRectangle(new PDRectangle(300, 500, 200, 20));
      w.setPage(page);
      page.getAnnotations().add(w);
      page.getCOSObject().setNeedToBeUpdated(true);
      form.getFields().add(f);
      form.getCOSObject().setNeedToBeUpdated(true);
      form.getCOSObject().getCOSArray(COSName.FIELDS).setNeedToBeUpdated(true);
      page.getCOSObject().getCOSArray(COSName.ANNOTS).setNeedToBeUpdated(true);
      f.setValue("x");
    });
  }

  @Test
  void aFieldAddedAfterAFormFillingCertificationFailsNamingIt() throws Exception {
    try (SigningKey an = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      byte[] certified = PdfSigner.builder(an).certify(CertificationLevel.FORM_FILLING).build().sign(form(null));
      assertThat(verify(certified).verdict()).isEqualTo(Verdict.TOTAL_PASSED);
      // filling an existing field is what P=2 allows
      VerificationReport filled = verify(fill(certified, "amount", "100"));
      assertThat(filled.signatures().get(0).indication()).as("%s", filled.signatures().get(0).findings())
          .isNotEqualTo(Indication.TOTAL_FAILED);
      // a new field is not
      VerificationReport r = verify(addField(certified));
      SignatureResult s = r.signatures().get(0);
      assertThat(s.indication()).as("%s", s.findings()).isEqualTo(Indication.TOTAL_FAILED);
      assertThat(codes(s)).contains("error.docMdpChange", "modification.formFieldAdded");
      assertThat(s.modificationsAfterSigning()).anySatisfy(m -> assertThat(m).contains("added"));
    }
  }

  @Test
  void aSignatureInANewFieldAfterAFormFillingCertificationPasses() throws Exception {
    try (SigningKey an = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an");
        SigningKey org = TestKeys.p12(pki.pki().organisation("UBND phường Điện Biên"), dir, "org")) {
      byte[] certified = PdfSigner.builder(an).certify(CertificationLevel.FORM_FILLING).build().sign(form(null));
      VerificationReport r = verify(PdfSigner.builder(org).build().sign(certified));
      assertThat(r.signatures()).hasSize(2);
      assertThat(r.verdict()).as("%s", r.signatures().get(0).findings()).isEqualTo(Verdict.TOTAL_PASSED);
    }
  }

  @Test
  void aFieldMdpTransformIsShownAndEnforced() throws Exception {
    DevPki.Identity an = pki.pki().person("Nguyễn Văn An");
    for (COSDictionary params : List.of(lock("TransformParams", "Include", "amount"),
        lock("TransformParams", "Exclude", "note"), lock("TransformParams", "All"))) {
      String action = params.getNameAsString(COSName.getPDFName("Action"));
      byte[] signed = pdfBoxSign(form(null), an, params);
      SignatureResult clean = verify(signed).signatures().get(0);
      assertThat(clean.indication()).as("%s %s", action, clean.findings()).isEqualTo(Indication.TOTAL_PASSED);
      assertThat(codes(clean)).as(action).anyMatch(c -> c.startsWith("warning.fieldLock"));
      assertThat(clean.warnings()).anySatisfy(w -> assertThat(w).contains("lock"));

      VerificationReport locked = verify(fill(signed, "amount", "9,000,000"));
      SignatureResult s = locked.signatures().get(0);
      assertThat(s.indication()).as("%s %s", action, s.findings()).isEqualTo(Indication.TOTAL_FAILED);
      assertThat(codes(s)).as(action).contains("error.fieldMdpViolated");
      assertThat(s.errors()).anySatisfy(e -> assertThat(e).contains("\"amount\"").contains("locked"));

      SignatureResult other = verify(fill(signed, "note", "seen")).signatures().get(0);
      if ("All".equals(action)) {
        assertThat(codes(other)).contains("error.fieldMdpViolated");
      } else {
        assertThat(codes(other)).as("%s %s", action, other.findings()).doesNotContain("error.fieldMdpViolated");
        assertThat(other.indication()).isNotEqualTo(Indication.TOTAL_FAILED);
      }
    }
  }

  @Test
  void aSignatureFieldLockIsShownAndEnforced() throws Exception {
    DevPki.Identity an = pki.pki().person("Nguyễn Văn An");
    byte[] signed = pdfBoxSign(form(lock("SigFieldLock", "Include", "amount")), an, null);
    SignatureResult clean = verify(signed).signatures().get(0);
    assertThat(clean.indication()).as("%s", clean.findings()).isEqualTo(Indication.TOTAL_PASSED);
    assertThat(codes(clean)).anyMatch(c -> c.startsWith("warning.fieldLock"));
    SignatureResult s = verify(fill(signed, "amount", "9,000,000")).signatures().get(0);
    assertThat(s.indication()).as("%s", s.findings()).isEqualTo(Indication.TOTAL_FAILED);
    assertThat(codes(s)).contains("error.fieldMdpViolated");
    SignatureResult other = verify(fill(signed, "note", "seen")).signatures().get(0);
    assertThat(codes(other)).doesNotContain("error.fieldMdpViolated");
  }
}
