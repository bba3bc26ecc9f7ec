package org.kyso.pdf.attacks;

import eu.europa.esig.dss.diagnostic.PDFRevisionWrapper;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.diagnostic.jaxb.XmlObjectModification;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kyso.core.TrustAnchors;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.internal.dss.DssVerifiers;
import org.kyso.core.testing.TestPki;

class ExploreTest {
  @Test
  void explore() throws Exception {
    try (TestPki pki = TestPki.start()) {
      PdfFixtures.Signer signer = new PdfFixtures.Signer(pki.pki());
      DevPki.Identity an = pki.pki().person("Nguyen Van An");
      DevPki.Identity org = pki.pki().organisation("UBND X");
      byte[] plain = signer.sign(PdfFixtures.document(PdfFixtures.Options.plain(2)), an, SignatureLevel.PAdES_BASELINE_B);
      byte[] cover = signer.sign(PdfFixtures.document(new PdfFixtures.Options(1, true, false, false)), an, SignatureLevel.PAdES_BASELINE_B);
      byte[] alt = signer.sign(PdfFixtures.document(new PdfFixtures.Options(1, false, true, false)), an, SignatureLevel.PAdES_BASELINE_B);
      byte[] field = signer.sign(PdfFixtures.document(new PdfFixtures.Options(1, false, false, true)), an, SignatureLevel.PAdES_BASELINE_B);
      Map<String, byte[]> cases = new LinkedHashMap<>();
      cases.put("intact", plain);
      cases.put("bytes", PdfAttacks.changeByteInSignedRange(plain));
      cases.put("append", PdfAttacks.appendBytes(plain));
      cases.put("page", PdfAttacks.addPage(plain));
      cases.put("annot", PdfAttacks.addOverlayAnnotation(plain));
      cases.put("hide", PdfAttacks.shadowHide(cover));
      cases.put("replace", PdfAttacks.shadowReplace(plain));
      cases.put("hidereplace", PdfAttacks.shadowHideAndReplace(alt));
      cases.put("field", PdfAttacks.changeFormField(field));
      byte[] vis1 = signer.sign(PdfFixtures.document(PdfFixtures.Options.plain(1)), an, SignatureLevel.PAdES_BASELINE_B, new float[] {300, 600, 150, 60});
      byte[] vis2 = signer.sign(vis1, org, SignatureLevel.PAdES_BASELINE_B, new float[] {250, 590, 80, 80});
      cases.put("twovisible", vis2);
      byte[] lt = signer.sign(PdfFixtures.document(PdfFixtures.Options.plain(1)), an, SignatureLevel.PAdES_BASELINE_LT);
      cases.put("lt", lt);
      byte[] two = signer.sign(lt, org, SignatureLevel.PAdES_BASELINE_LTA);
      cases.put("twolta", two);
      Path dir = Path.of("target/explore");
      Files.createDirectories(dir);
      for (var e : cases.entrySet()) {
        Files.write(dir.resolve(e.getKey() + ".pdf"), e.getValue());
        SignedDocumentValidator v = SignedDocumentValidator.fromDocument(new InMemoryDocument(e.getValue(), e.getKey() + ".pdf"));
        v.setCertificateVerifier(DssVerifiers.create(TrustAnchors.of(pki.pki().root().certificate()), true));
        Reports r = v.validateDocument();
        System.out.println("===== " + e.getKey() + " len=" + e.getValue().length);
        for (SignatureWrapper s : r.getDiagnosticData().getSignatures()) {
          System.out.println(" sig " + s.getId() + " " + r.getSimpleReport().getIndication(s.getId()) + " " + r.getSimpleReport().getSubIndication(s.getId()));
          r.getSimpleReport().getAdESValidationErrors(s.getId()).forEach(m -> System.out.println("   E " + m.getKey() + " " + m.getValue()));
          r.getSimpleReport().getAdESValidationWarnings(s.getId()).forEach(m -> System.out.println("   W " + m.getKey() + " " + m.getValue()));
          r.getSimpleReport().getQualificationErrors(s.getId()).forEach(m -> System.out.println("   QE " + m.getKey() + " " + m.getValue()));
          PDFRevisionWrapper rev = s.getPDFRevision();
          System.out.println("   br " + rev.getSignatureByteRange());
          System.out.println("   pages " + rev.getPdfPageDifferenceConcernedPages() + " overlap " + rev.getPdfAnnotationsOverlapConcernedPages() + " visual " + rev.getPdfVisualDifferenceConcernedPages());
          for (XmlObjectModification m : rev.getPdfExtensionChanges()) System.out.println("   EXT " + m.getAction() + " " + m.getType() + " " + m.getFieldName() + " " + m.getValue());
          for (XmlObjectModification m : rev.getPdfSignatureOrFormFillChanges()) System.out.println("   SIGFORM " + m.getAction() + " " + m.getType() + " " + m.getFieldName() + " " + m.getValue());
          for (XmlObjectModification m : rev.getPdfAnnotationChanges()) System.out.println("   ANNOT " + m.getAction() + " " + m.getType() + " " + m.getFieldName() + " " + m.getValue());
          for (XmlObjectModification m : rev.getPdfUndefinedChanges()) System.out.println("   UNDEF " + m.getAction() + " " + m.getType() + " " + m.getFieldName() + " " + m.getValue());
        }
        r.getDiagnosticData().getTimestampList().forEach(t -> System.out.println(" ts " + t.getId() + " " + t.getType() + " " + r.getSimpleReport().getIndication(t.getId())));
      }
    }
  }
}
