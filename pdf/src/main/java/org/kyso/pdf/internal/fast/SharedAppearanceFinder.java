package org.kyso.pdf.internal.fast;

import eu.europa.esig.dss.pades.validation.PdfObjectKey;
import eu.europa.esig.dss.pdf.PdfDocumentReader;
import eu.europa.esig.dss.pdf.modifications.DefaultPdfObjectModificationsFinder;
import eu.europa.esig.dss.pdf.modifications.ObjectModification;
import eu.europa.esig.dss.pdf.modifications.PdfObjectModifications;
import eu.europa.esig.dss.pdf.modifications.PdfObjectModificationsFinder;
import eu.europa.esig.dss.pdf.modifications.PdfObjectTree;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxDocumentReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DSS's object comparison, plus the check it cannot make: an appearance rewritten in place that is also used
 * somewhere else. Filling a field or signing a prepared field may replace the field's appearance (its /AP
 * dictionary or the streams it names); DSS compares the object trees from the catalog and reports a changed object
 * under the first path it meets, so the same object reached also from, say, the catalog or the trailer is classed as
 * form filling. pyHanko refuses exactly this ("updating a stream/ap dictionary that is used elsewhere").
 *
 * <p>An appearance object of the signed revision (an indirect /AP dictionary of an annotation, or an indirect value
 * of its /N, /R, /D entries or of their states) that the later revisions changed is looked for in the final
 * document from the trailer down, without entering any annotation's /AP: a path found there is reported as an
 * undefined change with that path ({@code /Trailer /FooBar 10 0 R /N 9 0 R stream}), which kyso names as a change to
 * the document structure.
 */
final class SharedAppearanceFinder implements PdfObjectModificationsFinder {
  private static final Logger LOG = LoggerFactory.getLogger(SharedAppearanceFinder.class);
  /** At most this many objects are visited looking for other uses (a hostile document cannot make it endless). */
  private static final int MAX_VISITED = 200_000;
  private static final List<COSName> STATES = List.of(COSName.N, COSName.R, COSName.D);

  private final PdfObjectModificationsFinder dss = new DefaultPdfObjectModificationsFinder();

  @Override
  public PdfObjectModifications find(PdfDocumentReader signed, PdfDocumentReader last) {
    PdfObjectModifications found = dss.find(signed, last);
    if (signed instanceof PdfBoxDocumentReader s && last instanceof PdfBoxDocumentReader f) {
      try {
        for (Use u : sharedAppearances(s.getPDDocument(), f.getPDDocument())) {
          found.addUndefinedChange(ObjectModification.modify(u.tree(), new Value(u.before()), new Value(u.after())));
        }
      } catch (RuntimeException e) {
        LOG.debug("Cannot look for shared appearances: {}", e.getMessage());
      }
    }
    return found;
  }

  /** An appearance object changed after signing and reached from outside any annotation's appearance. */
  record Use(PdfObjectTree tree, COSDictionary before, COSDictionary after) {}

  static List<Use> sharedAppearances(PDDocument signed, PDDocument last) {
    Map<COSObjectKey, COSDictionary> before = new LinkedHashMap<>();
    // appearance objects of annotations whose appearance a later revision replaced or rewrote
    Set<COSObjectKey> touched = new HashSet<>();
    for (PDPage page : signed.getPages()) {
      COSBase annots = page.getCOSObject().getDictionaryObject(COSName.ANNOTS);
      if (!(annots instanceof COSArray arr)) {
        continue;
      }
      for (int i = 0; i < arr.size(); i++) {
        if (arr.getObject(i) instanceof COSDictionary annot) {
          Map<COSObjectKey, COSDictionary> own = new LinkedHashMap<>();
          appearanceObjects(annot, own);
          before.putAll(own);
          COSBase ref = arr.get(i);
          COSObjectKey key = ref instanceof COSObject o ? o.getKey() : null;
          COSObject now = key == null ? null : last.getDocument().getObjectFromPool(key);
          boolean replaced = now != null && now.getObject() instanceof COSDictionary d
              && !CosCompare.same(annot.getItem(COSName.AP), d.getItem(COSName.AP));
          boolean rewritten = own.entrySet().stream().anyMatch(e -> changed(e.getKey(), e.getValue(), last));
          if (replaced || rewritten) {
            touched.addAll(own.keySet());
          }
        }
      }
    }
    if (before.isEmpty()) {
      return List.of();
    }
    Map<COSObjectKey, PdfObjectTree> usedAfter = usesOutsideAppearances(last, before.keySet());
    if (usedAfter.isEmpty()) {
      return List.of();
    }
    Map<COSObjectKey, PdfObjectTree> usedBefore = usesOutsideAppearances(signed, before.keySet());
    List<Use> uses = new ArrayList<>();
    for (Map.Entry<COSObjectKey, PdfObjectTree> e : usedAfter.entrySet()) {
      COSObject now = last.getDocument().getObjectFromPool(e.getKey());
      COSBase n = now == null ? null : now.getObject();
      if (!(n instanceof COSDictionary d)) {
        continue;
      }
      // an appearance that was replaced or rewritten and is also used elsewhere, or one newly used elsewhere
      if (touched.contains(e.getKey()) || !usedBefore.containsKey(e.getKey())) {
        uses.add(new Use(e.getValue(), before.get(e.getKey()), d));
      }
    }
    return uses;
  }

  private static boolean changed(COSObjectKey key, COSDictionary before, PDDocument last) {
    COSObject now = last.getDocument().getObjectFromPool(key);
    return now == null || !(now.getObject() instanceof COSDictionary d) || !CosCompare.same(before, d);
  }

  /**
   * The first path from the trailer to each of {@code targets} that does not go through an annotation's /AP entry
   * (the places an appearance object is also used).
   */
  private static Map<COSObjectKey, PdfObjectTree> usesOutsideAppearances(PDDocument doc, Set<COSObjectKey> targets) {
    Map<COSObjectKey, PdfObjectTree> found = new LinkedHashMap<>();
    record Step(COSBase value, PdfObjectTree tree) {}
    Deque<Step> queue = new ArrayDeque<>();
    Set<COSObjectKey> seen = new HashSet<>();
    queue.add(new Step(doc.getDocument().getTrailer(), new PdfObjectTree("Trailer")));
    while (!queue.isEmpty() && seen.size() < MAX_VISITED) {
      Step step = queue.poll();
      List<Map.Entry<String, COSBase>> children = new ArrayList<>();
      if (step.value() instanceof COSDictionary d) {
        boolean annotation = d.containsKey(COSName.RECT) && d.containsKey(COSName.SUBTYPE);
        for (Map.Entry<COSName, COSBase> e : d.entrySet()) {
          if (!(annotation && COSName.AP.equals(e.getKey()))) {
            children.add(Map.entry(e.getKey().getName(), e.getValue()));
          }
        }
      } else if (step.value() instanceof COSArray a) {
        for (int i = 0; i < a.size(); i++) {
          children.add(Map.entry("", a.get(i)));
        }
      }
      for (Map.Entry<String, COSBase> c : children) {
        PdfObjectTree tree = step.tree().copy();
        if (!c.getKey().isEmpty()) {
          tree.addKey(c.getKey());
        }
        COSBase v = c.getValue();
        if (v instanceof COSObject o) {
          COSObjectKey key = o.getKey();
          if (key == null) {
            continue;
          }
          tree.addReference(new Key(key));
          COSBase resolved = o.getObject();
          if (targets.contains(key) && !found.containsKey(key)) {
            PdfObjectTree at = tree.copy();
            if (resolved instanceof COSStream) {
              at.setStream();
            }
            found.put(key, at);
          }
          if (!seen.add(key)) {
            continue;
          }
          v = resolved;
        }
        if (v instanceof COSDictionary || v instanceof COSArray) {
          queue.add(new Step(v, tree));
        }
      }
    }
    return found;
  }

  /** The indirect objects that make up an annotation's appearance: its /AP, the /N /R /D values and their states. */
  private static void appearanceObjects(COSDictionary annot, Map<COSObjectKey, COSDictionary> out) {
    COSBase ap = annot.getItem(COSName.AP);
    COSBase apDict = add(ap, out);
    if (!(apDict instanceof COSDictionary d) || apDict instanceof COSStream) {
      return;
    }
    for (COSName k : STATES) {
      COSBase v = add(d.getItem(k), out);
      if (v instanceof COSDictionary states && !(v instanceof COSStream)) {
        for (COSBase s : states.getValues()) {
          add(s, out);
        }
      }
    }
  }

  /** Records {@code v} when it is a reference to a dictionary or stream; returns what it stands for. */
  private static COSBase add(COSBase v, Map<COSObjectKey, COSDictionary> out) {
    if (v instanceof COSObject o) {
      COSBase r = o.getObject();
      if (o.getKey() != null && r instanceof COSDictionary d) {
        out.putIfAbsent(o.getKey(), d);
      }
      return r;
    }
    return v;
  }

  /** A changed object as DSS's modification record holds it (DSS's own PDFBox wrapper is not public). */
  private record Value(COSDictionary value) implements eu.europa.esig.dss.pdf.PdfObject {
    @Override
    public Object getValue() {
      return value;
    }

    @Override
    public eu.europa.esig.dss.pdf.PdfObject getParent() {
      return null;
    }
  }

  /** A PDFBox object key as DSS's path wants it. */
  private record Key(COSObjectKey key) implements PdfObjectKey {
    @Override
    public Object getValue() {
      return key;
    }

    @Override
    public long getNumber() {
      return key.getNumber();
    }

    @Override
    public int getGeneration() {
      return key.getGeneration();
    }
  }
}
