package org.kyso.pdf.internal.fast;

import eu.europa.esig.dss.pades.validation.PdfObjectKey;
import eu.europa.esig.dss.pdf.PdfArray;
import eu.europa.esig.dss.pdf.PdfDict;
import eu.europa.esig.dss.pdf.PdfObject;
import eu.europa.esig.dss.pdf.modifications.ObjectModification;
import eu.europa.esig.dss.pdf.modifications.PdfModification;
import eu.europa.esig.dss.pdf.modifications.PdfModificationDetection;
import eu.europa.esig.dss.pdf.modifications.PdfObjectModifications;
import eu.europa.esig.dss.pdf.modifications.PdfObjectTree;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * How the changes after each signed revision of a PDF are found (issue 20: verification time linear in the number
 * of signatures). Up to {@value #DSS_COMPARISONS} signatures, DSS compares every signed revision with the final
 * document, as it always did (object trees, pages, rendered pages). Beyond that, kyso's {@link UpdateChain} reads
 * every incremental update once: a revision followed only by updates that add signatures, timestamps or validation
 * data gets that finding without DSS's comparison; a revision followed by some other change shares DSS's
 * comparison of the newest revision before that change (the updates in between add only signatures); at most
 * {@value #DSS_COMPARISONS} such comparisons are made, and a revision left beyond them is reported as changed
 * after signing (not compared), never as unchanged.
 */
final class ModificationPlan {
  /** The most signatures whose revisions DSS compares with the final document, one by one. */
  static final int DSS_COMPARISONS = 10;

  private ModificationPlan() {}

  /** Whether a file with this many signatures and timestamps is checked with {@link UpdateChain}. */
  static boolean many(int signatures) {
    return signatures > DSS_COMPARISONS;
  }

  /**
   * The finding for a revision followed only by signatures, timestamps or validation data: what DSS's comparison
   * reports for such updates, in the categories kyso reads (a signature field added, the /DSS dictionary).
   */
  static PdfModificationDetection onlySignaturesAfter(boolean signature, boolean validationData,
      List<PdfModification> overlaps) {
    PdfObjectModifications objects = new PdfObjectModifications();
    if (signature) {
      PdfObjectTree tree = new PdfObjectTree("AcroForm");
      tree.addKey("Fields");
      tree.addReference(new Key(0));
      objects.addFormFillInAndSignatureCreationChange(ObjectModification.create(tree,
          new Dict(Map.of("V", new Dict(Map.of("Type", "Sig"))))));
    }
    if (validationData) {
      objects.addSecureChange(ObjectModification.create(new PdfObjectTree("DSS"), new Dict(Map.of())));
    }
    return detection(objects, overlaps);
  }

  /** The finding for a revision that is followed by changes kyso did not have DSS compare (beyond the limit). */
  static PdfModificationDetection notCompared(List<PdfModification> overlaps) {
    PdfObjectModifications objects = new PdfObjectModifications();
    PdfObjectTree tree = new PdfObjectTree("Root");
    tree.addKey("NotCompared (more than " + DSS_COMPARISONS
        + " signed revisions are followed by changes other than signatures; only the newest are compared)");
    objects.addUndefinedChange(ObjectModification.modify(tree, new Dict(Map.of()), new Dict(Map.of())));
    return detection(objects, overlaps);
  }

  private static PdfModificationDetection detection(PdfObjectModifications objects, List<PdfModification> overlaps) {
    PdfModificationDetection d = new PdfModificationDetection();
    d.setAnnotationOverlaps(new ArrayList<>(overlaps));
    d.setPageDifferences(new ArrayList<>());
    d.setVisualDifferences(new ArrayList<>());
    d.setObjectModifications(objects);
    return d;
  }

  private record Key(long number) implements PdfObjectKey {
    @Override
    public Object getValue() {
      return number;
    }

    @Override
    public long getNumber() {
      return number;
    }

    @Override
    public int getGeneration() {
      return 0;
    }
  }

  /** A dictionary of names and dictionaries, as much of DSS's {@link PdfDict} as its modification reports read. */
  private static final class Dict implements PdfDict {
    private final Map<String, Object> items;

    Dict(Map<String, Object> items) {
      this.items = items;
    }

    @Override
    public PdfDict getAsDict(String name) {
      return items.get(name) instanceof Dict d ? d : null;
    }

    @Override
    public PdfArray getAsArray(String name) {
      return null;
    }

    @Override
    public byte[] getBinariesValue(String name) {
      return null;
    }

    @Override
    public String[] list() {
      return items.keySet().toArray(String[]::new);
    }

    @Override
    public String getStringValue(String name) {
      return items.get(name) instanceof String s && !"Type".equals(name) ? s : null;
    }

    @Override
    public String getNameValue(String name) {
      return items.get(name) instanceof String s ? s : null;
    }

    @Override
    public Date getDateValue(String name) {
      return null;
    }

    @Override
    public Number getNumberValue(String name) {
      return null;
    }

    @Override
    public PdfObject getObject(String name) {
      return items.get(name) instanceof Dict d ? d : null;
    }

    @Override
    public PdfObjectKey getObjectKey(String name) {
      return null;
    }

    @Override
    public byte[] getStreamBytes() {
      return null;
    }

    @Override
    public InputStream createRawInputStream() {
      return null;
    }

    @Override
    public long getRawStreamSize() {
      return 0;
    }

    @Override
    public void setPdfObjectValue(String key, PdfObject value) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void setNameValue(String key, String value) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void setStringValue(String key, String value) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void setIntegerValue(String key, Integer value) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void setDirect(boolean direct) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean match(PdfDict other) {
      return other == this;
    }

    @Override
    public Object getValue() {
      return items;
    }

    @Override
    public PdfObject getParent() {
      return null;
    }
  }
}
