package org.kyso.pdf.attacks;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.PAdESTimestampParameters;
import eu.europa.esig.dss.pades.SignatureFieldParameters;
import eu.europa.esig.dss.pades.SignatureImageParameters;
import eu.europa.esig.dss.pades.SignatureImageTextParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.spi.validation.CertificateVerifier;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDTextField;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.kyso.core.TrustAnchors;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.internal.dss.DssVerifiers;

/**
 * Builds the PDFs of the attack corpus with PDFBox and signs them with plain DSS (PAdESService), so the corpus does
 * not depend on kyso's own signer. Content streams are left uncompressed so a test can find and change bytes.
 */
final class PdfFixtures {
  static final String AMOUNT = "(Amount: 100 VND) Tj";

  private PdfFixtures() {}

  /** What a fixture document should contain besides its text. */
  record Options(int pages, boolean cover, boolean alternativeContent, boolean formField) {
    static Options plain(int pages) {
      return new Options(pages, false, false, false);
    }
  }

  /**
   * A PDF whose first page reads "Decision 15/QD-UBND" and "Amount: 100 VND"; other pages carry their number.
   * {@code cover}: the page first shows a hidden line "Amount: 9,000,000 VND", then draws a form XObject /Cover (a
   * white box with the benign text) over it — the set-up of the shadow "hide" attack. {@code alternativeContent}:
   * the page dictionary also holds, under /Alt, a second content stream that is not shown — the set-up of "hide and
   * replace". {@code formField}: a text field "amount" with value "100".
   */
  static byte[] document(Options o) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (int i = 1; i <= o.pages(); i++) {
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        PDResources res = new PDResources();
        res.put(COSName.getPDFName("F1"), font);
        page.setResources(res);
        StringBuilder cs = new StringBuilder();
        if (i == 1) {
          if (o.cover()) {
            cs.append("BT /F1 14 Tf 72 700 Td (Amount: 9,000,000 VND) Tj ET\n");
            PDFormXObject cover = form(doc, "1 1 1 rg 60 690 300 30 re f BT 0 0 0 rg /F1 14 Tf 72 700 Td "
                + AMOUNT + " ET\n", font);
            res.put(COSName.getPDFName("Cover"), cover);
            cs.append("BT /F1 18 Tf 72 760 Td (Decision 15/QD-UBND) Tj ET\n");
            cs.append("q /Cover Do Q\n");
          } else {
            cs.append("BT /F1 18 Tf 72 760 Td (Decision 15/QD-UBND) Tj ET\n");
            cs.append("BT /F1 14 Tf 72 700 Td ").append(AMOUNT).append(" ET\n");
          }
        } else {
          cs.append("BT /F1 12 Tf 72 760 Td (Page ").append(i).append(" of the decision) Tj ET\n");
        }
        COSStream content = doc.getDocument().createCOSStream();
        try (OutputStream out = content.createOutputStream()) {
          out.write(cs.toString().getBytes(StandardCharsets.US_ASCII));
        }
        page.getCOSObject().setItem(COSName.CONTENTS, content);
        if (i == 1 && o.alternativeContent()) {
          COSStream alt = doc.getDocument().createCOSStream();
          try (OutputStream out = alt.createOutputStream()) {
            out.write(("BT /F1 18 Tf 72 760 Td (Decision 15/QD-UBND) Tj ET\n"
                + "BT /F1 14 Tf 72 700 Td (Amount: 9,000,000 VND) Tj ET\n").getBytes(StandardCharsets.US_ASCII));
          }
          page.getCOSObject().setItem(COSName.getPDFName("Alt"), alt);
        }
      }
      if (o.formField()) {
        PDAcroForm form = new PDAcroForm(doc);
        doc.getDocumentCatalog().setAcroForm(form);
        PDResources dr = new PDResources();
        dr.put(COSName.getPDFName("Helv"), font);
        form.setDefaultResources(dr);
        form.setDefaultAppearance("/Helv 12 Tf 0 g");
        PDTextField field = new PDTextField(form);
        field.setPartialName("amount");
        PDAnnotationWidget w = field.getWidgets().get(0);
        w.setRectangle(new PDRectangle(72, 600, 200, 20));
        w.setPage(doc.getPage(0));
        doc.getPage(0).getAnnotations().add(w);
        form.getFields().add(field);
        field.setValue("100");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out, org.apache.pdfbox.pdfwriter.compress.CompressParameters.NO_COMPRESSION);
      return out.toByteArray();
    }
  }

  private static PDFormXObject form(PDDocument doc, String content, PDType1Font font) throws IOException {
    PDFormXObject f = new PDFormXObject(doc);
    f.setBBox(new PDRectangle(0, 0, 595, 842));
    PDResources r = new PDResources();
    r.put(COSName.getPDFName("F1"), font);
    f.setResources(r);
    try (OutputStream out = f.getContentStream().createOutputStream()) {
      out.write(content.getBytes(StandardCharsets.US_ASCII));
    }
    return f;
  }

  /** Signs PDFs with plain DSS for the corpus. */
  static final class Signer {
    private final CertificateVerifier verifier;
    private final org.kyso.core.testing.InProcessTsa tsa;

    Signer(DevPki pki) {
      this.verifier = DssVerifiers.create(TrustAnchors.of(pki.root().certificate()), true);
      this.tsa = new org.kyso.core.testing.InProcessTsa(pki.timestampAuthority("kyso Test TSA"));
    }

    byte[] sign(byte[] pdf, DevPki.Identity who, SignatureLevel level) throws GeneralSecurityException {
      return sign(pdf, who, level, null);
    }

    /** Signs; {@code visible} = {x, y, w, h} from the top-left of page 1, or null for an invisible signature. */
    byte[] sign(byte[] pdf, DevPki.Identity who, SignatureLevel level, float[] visible)
        throws GeneralSecurityException {
      PAdESService service = service();
      PAdESSignatureParameters p = new PAdESSignatureParameters();
      p.setSignatureLevel(level);
      p.setDigestAlgorithm(DigestAlgorithm.SHA256);
      p.setSigningCertificate(new CertificateToken(who.certificate()));
      List<CertificateToken> chain = new ArrayList<>();
      who.chain().forEach(c -> chain.add(new CertificateToken(c)));
      p.setCertificateChain(chain);
      p.setReason("test");
      if (visible != null) {
        SignatureImageParameters img = new SignatureImageParameters();
        SignatureFieldParameters field = new SignatureFieldParameters();
        field.setOriginX(visible[0]);
        field.setOriginY(visible[1]);
        field.setWidth(visible[2]);
        field.setHeight(visible[3]);
        img.setFieldParameters(field);
        SignatureImageTextParameters text = new SignatureImageTextParameters();
        text.setText("Signed (test appearance)");
        text.setBackgroundColor(new Color(255, 255, 255, 0));
        img.setTextParameters(text);
        p.setImageParameters(img);
      }
      DSSDocument doc = new InMemoryDocument(pdf, "in.pdf");
      ToBeSigned tbs = service.getDataToSign(doc, p);
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(who.privateKey());
      s.update(tbs.getBytes());
      SignatureValue value = new SignatureValue(eu.europa.esig.dss.enumerations.SignatureAlgorithm.RSA_SHA256,
          s.sign());
      return bytes(service.signDocument(doc, p, value));
    }

    /** Adds a document timestamp (a B-LTA style archive timestamp). */
    byte[] timestamp(byte[] pdf) {
      PAdESService service = service();
      return bytes(service.timestamp(new InMemoryDocument(pdf, "in.pdf"), new PAdESTimestampParameters()));
    }

    /** Extends to B-LT: adds a DSS dictionary revision with the validation data. */
    byte[] extend(byte[] pdf, SignatureLevel level) {
      PAdESService service = service();
      PAdESSignatureParameters p = new PAdESSignatureParameters();
      p.setSignatureLevel(level);
      return bytes(service.extendDocument(new InMemoryDocument(pdf, "in.pdf"), p));
    }

    private PAdESService service() {
      PAdESService service = new PAdESService(verifier);
      service.setTspSource(tsa);
      // Decree 30: the seal overlaps the signer's image, so overlapping signature fields must be allowed
      eu.europa.esig.dss.pdf.ServiceLoaderPdfObjFactory factory = new eu.europa.esig.dss.pdf.ServiceLoaderPdfObjFactory();
      eu.europa.esig.dss.pdf.PdfSignatureFieldPositionChecker checker =
          new eu.europa.esig.dss.pdf.PdfSignatureFieldPositionChecker();
      checker.setAlertOnSignatureFieldOverlap(new eu.europa.esig.dss.alert.LogOnStatusAlert());
      factory.setPdfSignatureFieldPositionChecker(checker);
      service.setPdfObjFactory(factory);
      return service;
    }
  }

  static byte[] bytes(DSSDocument d) {
    try (var in = d.openStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Loads a signed PDF, lets {@code change} modify it, and saves it as an incremental update. */
  static byte[] incremental(byte[] pdf, IncrementalChange change) throws IOException {
    try (PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
      change.apply(doc);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.saveIncremental(out); // writes the original bytes followed by the update
      return out.toByteArray();
    }
  }

  /** A change made to a loaded document before an incremental save. */
  interface IncrementalChange {
    void apply(PDDocument doc) throws IOException;
  }

  static COSArray array(COSDictionary d, COSName key) {
    return d.getCOSArray(key);
  }
}
