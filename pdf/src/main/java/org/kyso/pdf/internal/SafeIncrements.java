package org.kyso.pdf.internal;

import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSDocument;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * Prepares a PDFBox document for an incremental save so that the update never reuses an object number and its
 * cross-reference section is complete.
 *
 * <p>Why: PDFBox numbers new objects from the highest number its cross-reference tables list. A cross-reference
 * stream does not list itself (PDFBox's own streams never do), so its number is free to PDFBox and the next update
 * gives it to a new object: strict readers (pyHanko) refuse such a file ("XRef stream objects must not be
 * clobbered") and qpdf warns that /Size is not one plus the highest object number. Here new numbers start at the
 * trailer's /Size, and the update is written with a classic cross-reference table (PDFBox's xref stream would again
 * lack its own entry), whose /Size is then exactly one plus the highest object number. A table after a stream is a
 * plain incremental update that every reader follows through /Prev.
 */
public final class SafeIncrements {
  /** The largest object number ISO 32000 lets a reader expect (Annex C). */
  private static final long MAX_OBJECT_NUMBER = 8_388_607;

  private SafeIncrements() {}

  /** Call right before {@code PDDocument.saveIncremental}. */
  public static void prepare(PDDocument doc) {
    COSDocument cos = doc.getDocument();
    COSDictionary trailer = cos.getTrailer();
    long highest = cos.getHighestXRefObjectNumber();
    for (var key : cos.getXrefTable().keySet()) {
      highest = Math.max(highest, key.getNumber());
    }
    long size = trailer == null ? -1 : trailer.getLong(COSName.SIZE, -1);
    if (size - 1 > highest && size - 1 <= MAX_OBJECT_NUMBER) {
      highest = size - 1;
    }
    cos.setHighestXRefObjectNumber(highest);
    cos.setIsXRefStream(false);
    if (trailer != null) {
      // PDFBox merges the trailers of all sections, xref stream dictionaries included: only trailer keys may go
      // into the table's trailer
      for (COSName k : new COSName[] {COSName.TYPE, COSName.W, COSName.INDEX, COSName.FILTER, COSName.DECODE_PARMS,
          COSName.LENGTH, COSName.XREF_STM, COSName.F, COSName.DL}) {
        trailer.removeItem(k);
      }
    }
  }
}
