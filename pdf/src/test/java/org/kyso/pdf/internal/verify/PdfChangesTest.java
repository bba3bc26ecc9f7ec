package org.kyso.pdf.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.diagnostic.PDFRevisionWrapper;
import eu.europa.esig.dss.diagnostic.jaxb.XmlModification;
import eu.europa.esig.dss.diagnostic.jaxb.XmlModificationDetection;
import eu.europa.esig.dss.diagnostic.jaxb.XmlObjectModification;
import eu.europa.esig.dss.diagnostic.jaxb.XmlObjectModifications;
import eu.europa.esig.dss.diagnostic.jaxb.XmlPDFRevision;
import eu.europa.esig.dss.enumerations.PdfObjectModificationType;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kyso.core.verify.Finding;

/**
 * How DSS's change report is read: the inputs mirror what DSS 6.4 reports for real documents (see the pdf module's
 * attack corpus, which runs the whole chain).
 */
class PdfChangesTest {
  private final XmlPDFRevision xml = new XmlPDFRevision();
  private final XmlModificationDetection detection = new XmlModificationDetection();
  private final XmlObjectModifications objects = new XmlObjectModifications();

  PdfChangesTest() {
    xml.setModificationDetection(detection);
    detection.setObjectModifications(objects);
  }

  private static XmlObjectModification m(PdfObjectModificationType action, String type, String field, String path) {
    XmlObjectModification x = new XmlObjectModification();
    x.setAction(action);
    x.setType(type);
    x.setFieldName(field);
    x.setValue(path);
    return x;
  }

  private static XmlModification page(int p) {
    XmlModification x = new XmlModification();
    x.setPage(BigInteger.valueOf(p));
    return x;
  }

  private PdfChanges.Result analyse(long tail, long unexplained, long junk) {
    return PdfChanges.analyse(new PDFRevisionWrapper(xml), new FileTail.Info(tail, unexplained), junk);
  }

  private static List<String> texts(List<Finding> f) {
    return f.stream().map(Finding::text).toList();
  }

  @Test
  void aLaterSignatureIsNotAChange() {
    objects.getSignatureOrFormFill().add(m(PdfObjectModificationType.CREATION, "Sig", "Signature2",
        "/Catalog /Pages 2 0 R /Kids 3 0 R /Annots 24 0 R"));
    objects.getSignatureOrFormFill().add(m(PdfObjectModificationType.CREATION, "Sig", "Signature2",
        "/Catalog /AcroForm /Fields 24 0 R"));
    objects.getSignatureOrFormFill().add(m(PdfObjectModificationType.MODIFICATION, "XObject", null,
        "/Catalog /Pages 2 0 R /Kids 3 0 R /Annots 24 0 R /AP 30 0 R /N 31 0 R stream"));
    objects.getSignatureOrFormFill().add(m(PdfObjectModificationType.CREATION, "Font", null,
        "/Catalog /AcroForm 3 0 R /DR 6 0 R /Font 10 0 R /Helv 19 0 R"));
    detection.getAnnotationOverlap().add(page(1));
    PdfChanges.Result r = analyse(5000, 0, 0);
    assertThat(r.suspicious()).isFalse();
    assertThat(r.modifications()).isEmpty();
    assertThat(texts(r.warnings())).anySatisfy(w -> assertThat(w).startsWith("annotations overlap on page 1"))
        .anySatisfy(w -> assertThat(w).contains("later signatures"));
  }

  @Test
  void validationDataAndDocumentTimestampsAreNotChanges() {
    objects.getExtensionChanges().add(m(PdfObjectModificationType.CREATION, null, null, "/Catalog /DSS 12 0 R"));
    objects.getExtensionChanges().add(m(PdfObjectModificationType.CREATION, "DocTimeStamp", "Signature3",
        "/Catalog /AcroForm /Fields 30 0 R"));
    assertThat(analyse(9000, 4000, 0).suspicious()).isFalse();
  }

  @Test
  void aFormValueChangeIsAChange() {
    objects.getSignatureOrFormFill().add(m(PdfObjectModificationType.MODIFICATION, null, null,
        "/Catalog /Pages 2 0 R /Kids 4 0 R /Annots 5 0 R /V"));
    objects.getSignatureOrFormFill().add(m(PdfObjectModificationType.MODIFICATION, null, "amount",
        "/Catalog /AcroForm 3 0 R /Fields 5 0 R /V"));
    PdfChanges.Result r = analyse(700, 700, 0);
    assertThat(r.suspicious()).isTrue();
    assertThat(texts(r.modifications())).containsExactly("form field \"amount\" changed after signing");
  }

  @Test
  void pagesAnnotationsAndReplacedContentAreNamed() {
    detection.getPageDifference().add(page(3));
    detection.getVisualDifference().add(page(1));
    objects.getUndefined().add(m(PdfObjectModificationType.CREATION, "Page", null, "/Catalog /Pages 2 0 R /Kids 16 0 R"));
    objects.getUndefined().add(m(PdfObjectModificationType.MODIFICATION, null, null, "/Catalog /Pages 2 0 R /Count"));
    objects.getUndefined().add(m(PdfObjectModificationType.MODIFICATION, null, null,
        "/Catalog /Pages 2 0 R /Kids 3 0 R /Contents 6 0 R stream"));
    objects.getUndefined().add(m(PdfObjectModificationType.MODIFICATION, "XObject", null,
        "/Catalog /Pages 2 0 R /Kids 3 0 R /Resources 4 0 R /XObject /Cover 7 0 R stream"));
    objects.getUndefined().add(m(PdfObjectModificationType.MODIFICATION, null, null,
        "/Catalog /Pages 2 0 R /Kids 3 0 R /Resources 4 0 R /Font /F1 9 0 R /FontFile2 stream"));
    objects.getUndefined().add(m(PdfObjectModificationType.MODIFICATION, null, null, "/Catalog /OpenAction 8 0 R /JS"));
    objects.getAnnotationChanges().add(m(PdfObjectModificationType.CREATION, "Annot", null,
        "/Catalog /Pages 2 0 R /Kids 3 0 R /Annots 16 0 R"));
    detection.getAnnotationOverlap().add(page(1));
    PdfChanges.Result r = analyse(2000, 2000, 0);
    assertThat(r.suspicious()).isTrue();
    assertThat(texts(r.modifications())).containsExactly(
        "page 3 added after signing",
        "the content of page 1 looks different from what was signed",
        "an annotation (comment, stamp or overlay) was added after signing",
        "annotation overlay on page 1: an annotation covers other content",
        "content replaced: a page's content (object 6) was rewritten after signing",
        "content replaced: the drawing or image \"Cover\" (object 7) was rewritten after signing",
        "content replaced: a font (object 9) was rewritten after signing",
        "the document structure changed after signing (/Catalog /OpenAction /JS)");
  }

  @Test
  void appendedBytesAndUnreportedUpdatesAreChanges() {
    xml.setModificationDetection(null);
    PdfChanges.Result junk = analyse(78, 0, 78);
    assertThat(texts(junk.modifications())).containsExactly(
        "78 bytes appended after the end of the document that are not a later signature, timestamp or validation data");
    PdfChanges.Result update = analyse(628, 628, 0);
    assertThat(texts(update.modifications())).containsExactly(
        "the file was updated after signing (628 bytes) in a way kyso could not analyse");
    assertThat(analyse(0, 0, 0).suspicious()).isFalse();
  }
}
