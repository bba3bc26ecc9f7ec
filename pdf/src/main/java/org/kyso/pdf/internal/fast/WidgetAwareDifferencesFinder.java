package org.kyso.pdf.internal.fast;

import eu.europa.esig.dss.pdf.PdfDocumentReader;
import eu.europa.esig.dss.pdf.modifications.DefaultPdfDifferencesFinder;
import eu.europa.esig.dss.pdf.modifications.PdfModification;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxDocumentReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DSS's page comparison, without the false alarm of form filling. DSS renders a signed page with all its annotations
 * and the final page without the annotations it sees as new or moved; a form field whose appearance stream was
 * filled in place (the same widget, a new /AP) then makes the page "look different" although only the field's
 * appearance changed, which is what filling a form or signing a prepared field does (ISO 32000-2 12.8.2.2, and
 * pyHanko's FORM_FILLING level).
 *
 * <p>A page DSS finds different is rendered again, in both revisions, without form field widgets. The difference is
 * dropped only when those two renders are equal and every widget of the signed page is still on the page with the
 * same dictionary apart from its appearance (/AP, /AS) and value (/V): a widget hidden, moved or removed, any change
 * to the page content or to another annotation keeps the difference. The widgets' own changes are judged from the
 * object comparison (form filling, a new signature, a new field), and a filled appearance that is also used
 * elsewhere is caught by {@link SharedAppearanceFinder}.
 */
final class WidgetAwareDifferencesFinder extends DefaultPdfDifferencesFinder {
  private static final Logger LOG = LoggerFactory.getLogger(WidgetAwareDifferencesFinder.class);
  /** What filling a field or signing a prepared field may change in a widget. */
  private static final Set<COSName> FILLED = Set.of(COSName.AP, COSName.AS, COSName.V);

  @Override
  public List<PdfModification> getVisualDifferences(PdfDocumentReader signed, PdfDocumentReader last) {
    List<PdfModification> found = super.getVisualDifferences(signed, last);
    if (found.isEmpty() || !(signed instanceof PdfBoxDocumentReader s) || !(last instanceof PdfBoxDocumentReader f)) {
      return found;
    }
    List<PdfModification> kept = new ArrayList<>();
    for (PdfModification m : found) {
      if (!onlyWidgetAppearances(s.getPDDocument(), f.getPDDocument(), m.getPage())) {
        kept.add(m);
      }
    }
    return kept;
  }

  /** Whether page {@code page} (1-based) differs only in the appearance of form field widgets. */
  static boolean onlyWidgetAppearances(PDDocument signed, PDDocument last, int page) {
    try {
      if (page < 1 || page > signed.getNumberOfPages() || page > last.getNumberOfPages()) {
        return false;
      }
      if (!sameWidgetsApartFromAppearance(signed.getPage(page - 1), last.getPage(page - 1))) {
        return false;
      }
      return equal(withoutWidgets(signed, page - 1), withoutWidgets(last, page - 1));
    } catch (IOException | RuntimeException e) {
      LOG.debug("Cannot compare page {} without its widgets: {}", page, e.getMessage());
      return false;
    }
  }

  private static BufferedImage withoutWidgets(PDDocument doc, int index) throws IOException {
    PDFRenderer r = new PDFRenderer(doc);
    r.setAnnotationsFilter(a -> !(a instanceof PDAnnotationWidget));
    return r.renderImage(index);
  }

  private static boolean equal(BufferedImage a, BufferedImage b) {
    if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
      return false;
    }
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        if (a.getRGB(x, y) != b.getRGB(x, y)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Every widget of the signed page is on the final page, unchanged apart from /AP, /AS and /V. */
  private static boolean sameWidgetsApartFromAppearance(PDPage signed, PDPage last) {
    Map<COSObjectKey, COSDictionary> after = new HashMap<>();
    List<COSDictionary> direct = new ArrayList<>();
    widgets(last, after, direct);
    Map<COSObjectKey, COSDictionary> before = new HashMap<>();
    List<COSDictionary> directBefore = new ArrayList<>();
    widgets(signed, before, directBefore);
    if (!directBefore.isEmpty()) {
      return false; // widgets written inline in /Annots cannot be matched safely
    }
    for (Map.Entry<COSObjectKey, COSDictionary> e : before.entrySet()) {
      COSDictionary now = after.get(e.getKey());
      if (now == null || !CosCompare.sameDict(e.getValue(), now, FILLED)) {
        return false;
      }
    }
    return true;
  }

  private static void widgets(PDPage page, Map<COSObjectKey, COSDictionary> byKey, List<COSDictionary> direct) {
    COSBase annots = page.getCOSObject().getDictionaryObject(COSName.ANNOTS);
    if (!(annots instanceof COSArray arr)) {
      return;
    }
    for (int i = 0; i < arr.size(); i++) {
      COSBase item = arr.get(i);
      COSBase resolved = item instanceof COSObject o ? o.getObject() : item;
      if (resolved instanceof COSDictionary d && COSName.WIDGET.equals(d.getCOSName(COSName.SUBTYPE))) {
        if (item instanceof COSObject o && o.getKey() != null) {
          byKey.put(o.getKey(), d);
        } else if (d.getKey() != null) {
          byKey.put(d.getKey(), d);
        } else {
          direct.add(d);
        }
      }
    }
  }
}
