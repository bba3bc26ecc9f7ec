package org.kyso.pdf.internal.fast;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * kyso's own analysis of a PDF's incremental updates, in one pass over the cross-reference chain: for each update,
 * whether it does nothing but add signatures, document timestamps or validation data. Used instead of DSS's
 * comparison of every signed revision with the final document (which parses and renders the document once per
 * signature: quadratic time in the number of signatures) when a file holds many signatures.
 *
 * <p>The rule is strict, so that nothing it accepts can change what a signer saw: an update may add new objects;
 * of the objects that existed before it, it may change only the catalog (its /AcroForm, /DSS and /Extensions), the
 * form dictionary (/Fields, /SigFlags, /DR, /DA), a page's /Annots, an array that only gains entries, the /DSS
 * dictionary and what it refers to, and an empty signature field that gets its value; every field or annotation
 * it adds to /Fields or /Annots is a signature field whose value is a signature or timestamp dictionary. Anything
 * else (a page, a content stream, an existing annotation or field value, a deleted object, another /Root or
 * /Encrypt, a cross-reference chain that does not run through every signed revision) makes the update "other",
 * and revisions before it are compared by DSS as before. Cost: each update's own objects are read once, with
 * their earlier versions, so the whole analysis is linear in the size of the updates.
 */
final class UpdateChain {
  private static final Set<String> CATALOG_KEYS = Set.of("AcroForm", "DSS", "Extensions");
  private static final Set<String> ACROFORM_KEYS = Set.of("Fields", "SigFlags", "DR", "DA");
  private static final Set<String> SIG_TYPES = Set.of("Sig", "DocTimeStamp");

  private final RawPdf pdf;
  private final RawPdf.Source src;
  /** Section offsets, oldest first. */
  private final long[] offsets;
  /** Per section, oldest first: only signatures, timestamps and validation data (the oldest is the original). */
  private final boolean[] benign;
  private final boolean[] signature;
  private final boolean[] validationData;
  /** Per section, oldest first: whether the catalog, as of that section, has a /DSS entry. */
  private final boolean[] catalogDss;
  /** Per section, oldest first: the names (/T) of the signature fields it adds. */
  private final List<Set<String>> addedNames = new ArrayList<>();
  /** Suffixes, oldest first: whether every section from k on is benign, and whether any adds a signature, a DSS. */
  private final boolean[] benignFrom;
  private final boolean[] signatureFrom;
  private final boolean[] validationDataFrom;
  /** The newest section that adds a signature field of each name. */
  private final java.util.Map<String, Integer> lastAdded = new java.util.HashMap<>();

  private UpdateChain(RawPdf pdf, RawPdf.Source src) throws IOException {
    this.pdf = pdf;
    this.src = src;
    int n = pdf.sectionCount();
    offsets = new long[n];
    benign = new boolean[n];
    signature = new boolean[n];
    validationData = new boolean[n];
    catalogDss = new boolean[n];
    for (int k = 0; k < n; k++) {
      offsets[k] = pdf.sectionOffset(n - 1 - k);
      if (k > 0 && offsets[k] <= offsets[k - 1]) {
        throw new FastPathUnsupportedException("cross-reference sections out of file order");
      }
    }
    for (int k = 0; k < n; k++) {
      addedNames.add(new HashSet<>());
      int section = n - 1 - k; // RawPdf's index, newest first
      RawValue root = pdf.sectionTrailer(section).get("Root");
      RawValue catalog = root instanceof RawValue.Ref ? pdf.resolveAsOf(root, section) : null;
      catalogDss[k] = catalog instanceof RawValue.Dict d && d.get("DSS") != null;
      if (k > 0) {
        Update u = new Update(section, addedNames.get(k));
        benign[k] = u.classify();
        signature[k] = u.signature;
        validationData[k] = u.validationData;
        for (String name : addedNames.get(k)) {
          lastAdded.put(name, k);
        }
      }
    }
    benignFrom = new boolean[n + 1];
    signatureFrom = new boolean[n + 1];
    validationDataFrom = new boolean[n + 1];
    benignFrom[n] = true;
    for (int k = n - 1; k >= 1; k--) {
      benignFrom[k] = benign[k] && benignFrom[k + 1];
      signatureFrom[k] = signature[k] || signatureFrom[k + 1];
      validationDataFrom[k] = validationData[k] || validationDataFrom[k + 1];
    }
  }

  /** The chain of {@code src}, or null when kyso cannot read it strictly (then DSS compares as before). */
  static UpdateChain read(RawPdf.Source src) {
    RawPdf pdf = null;
    try {
      pdf = RawPdf.open(src);
      if (pdf.trailer().get("Encrypt") != null) {
        pdf.close();
        return null;
      }
      return new UpdateChain(pdf, src);
    } catch (IOException | RuntimeException e) {
      try {
        if (pdf != null) {
          pdf.close();
        } else {
          src.close();
        }
      } catch (IOException ignored) {
        // nothing more to do
      }
      return null;
    }
  }

  void close() {
    try {
      pdf.close();
    } catch (IOException ignored) {
      // read-only
    }
  }

  /** The index (oldest first) of the last section that starts before {@code end}, or -1. */
  private int lastBefore(long end) {
    int i = Arrays.binarySearch(offsets, end);
    int insertion = i >= 0 ? i : -i - 1;
    return insertion - 1;
  }

  /**
   * Whether every update after the revision that ends at {@code end} only adds signatures, document timestamps
   * or validation data, and the final cross-reference chain runs through that revision's own section (the one
   * its own {@code startxref} points at).
   */
  boolean onlySignaturesAfter(long end) {
    int base = lastBefore(end);
    if (base < 0 || offsets[base] != startXrefBefore(end)) {
      return false;
    }
    return benignFrom[base + 1];
  }

  /** The offset of the first update after {@code end} that is not only signatures or validation data, or -1. */
  long firstOtherUpdateAfter(long end) {
    for (int k = Math.max(0, lastBefore(end) + 1); k < offsets.length; k++) {
      if (k > 0 && !benign[k]) {
        return offsets[k];
      }
    }
    return -1;
  }

  /**
   * Whether every update between the revisions that end at {@code from} and {@code to} is only signatures, and the
   * chain runs through both revisions' own sections.
   */
  boolean onlySignaturesBetween(long from, long to) {
    if (!through(from) || !through(to)) {
      return false;
    }
    for (int k = Math.max(1, lastBefore(from) + 1); k < offsets.length && offsets[k] < to; k++) {
      if (!benign[k]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a signature field with one of these (full) names was added after the revision that ends at
   * {@code end}; true also for names kyso cannot match exactly (those of fields in a hierarchy).
   */
  boolean fieldAddedAfter(long end, java.util.Collection<String> fieldNames) {
    for (String name : fieldNames) {
      if (name == null || name.contains(".")) {
        return true;
      }
    }
    int base = lastBefore(end);
    for (String name : fieldNames) {
      Integer k = lastAdded.get(name);
      if (k != null && k > base) {
        return true;
      }
    }
    return false;
  }

  /** Whether the final chain runs through the section that the revision ending at {@code end} points at. */
  private boolean through(long end) {
    int base = lastBefore(end);
    return base >= 0 && offsets[base] == startXrefBefore(end);
  }

  /** Whether some update after {@code end} adds a signature or document timestamp. */
  boolean signatureAfter(long end) {
    return signatureFrom[Math.max(1, lastBefore(end) + 1)];
  }

  /** Whether some update after {@code end} adds validation data (the /DSS dictionary). */
  boolean validationDataAfter(long end) {
    return validationDataFrom[Math.max(1, lastBefore(end) + 1)];
  }

  /**
   * Whether the catalog of the revision that ends at {@code end} has a /DSS entry; null when the chain does not
   * run through that revision's section.
   */
  Boolean catalogHasDss(long end) {
    int base = lastBefore(end);
    if (base < 0 || offsets[base] != startXrefBefore(end)) {
      return null;
    }
    return catalogDss[base];
  }

  /** Where the {@code startxref} of the revision ending at {@code end} points, or -1 (from the last 1 KiB). */
  long startXrefBefore(long end) {
    try {
      int n = (int) Math.min(1_024, end);
      byte[] b = new byte[n];
      if (src.read(end - n, b, 0, n) != n) {
        return -1;
      }
      String t = new String(b, StandardCharsets.ISO_8859_1);
      int at = t.lastIndexOf("startxref");
      if (at < 0) {
        return -1;
      }
      return RawParser.startxrefOffset(t, at);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** One update: section {@code section} (RawPdf's index) against the document before it. */
  private final class Update {
    final int now;
    final int before;
    final Set<String> names;
    boolean signature;
    boolean validationData;
    private final java.util.Map<Long, Boolean> signedFields = new java.util.HashMap<>();

    Update(int section, Set<String> names) {
      this.now = section;
      this.before = section + 1;
      this.names = names;
    }

    boolean classify() throws IOException {
      RawValue.Dict trailer = pdf.sectionTrailer(now);
      RawValue.Dict oldTrailer = pdf.sectionTrailer(before);
      if (!(trailer.get("Root") instanceof RawValue.Ref root) || !(oldTrailer.get("Root") instanceof RawValue.Ref r0)
          || root.number() != r0.number() || trailer.get("Encrypt") != null) {
        return false;
      }
      RawValue oldCatalog = pdf.resolveAsOf(root, before);
      if (!(oldCatalog instanceof RawValue.Dict oc)) {
        return false;
      }
      long acroForm = oc.get("AcroForm") instanceof RawValue.Ref a ? a.number() : -1;
      Set<Long> dssObjects = new HashSet<>();
      if (oc.get("DSS") != null) {
        RawValue dss = oc.get("DSS");
        if (dss instanceof RawValue.Ref d) {
          dssObjects.add(d.number());
        }
        if (pdf.resolveAsOf(dss, before) instanceof RawValue.Dict dd) {
          for (RawValue v : dd.items().values()) {
            if (v instanceof RawValue.Ref r) {
              dssObjects.add(r.number());
            }
          }
        }
      }
      Set<Long> seen = new HashSet<>();
      for (long[] e : pdf.sectionEntries(now)) {
        long num = e[0];
        if (num == 0 || !seen.add(num)) {
          continue;
        }
        RawPdf.Entry was = pdf.entryAsOf(num, before);
        RawPdf.Entry is = pdf.entryAsOf(num, now);
        if (was != null && was.equals(is)) {
          continue; // listed again, where it was
        }
        RawPdf.Loaded old = pdf.objectAsOf(num, before);
        if (e[1] == 0) {
          if (old != null) {
            return false; // an object deleted
          }
          continue;
        }
        if (old == null) {
          continue; // a new object: judged through what refers to it
        }
        RawPdf.Loaded cur = pdf.objectAsOf(num, now);
        if (cur == null) {
          return false;
        }
        if (same(old.value(), cur.value())) {
          continue;
        }
        boolean ok;
        if (num == root.number()) {
          ok = catalog(oc, cur.value());
        } else if (num == acroForm) {
          ok = acroForm(old.value(), cur.value());
        } else if (dssObjects.contains(num)) {
          validationData = true;
          ok = true;
        } else if (old.value() instanceof RawValue.Dict od && isName(od.get("Type"), "Page")) {
          ok = page(od, cur.value());
        } else if (old.value() instanceof RawValue.Arr oa) {
          ok = cur.value() instanceof RawValue.Arr ca && onlySignaturesAdded(oa, ca);
        } else if (old.value() instanceof RawValue.Dict od && isName(od.get("FT"), "Sig") && od.get("V") == null) {
          ok = emptyFieldSigned(od, cur.value());
        } else {
          ok = false;
        }
        if (!ok) {
          return false;
        }
      }
      return true;
    }

    private boolean catalog(RawValue.Dict old, RawValue cur) throws IOException {
      if (!(cur instanceof RawValue.Dict c)) {
        return false;
      }
      for (String key : changedKeys(old, c)) {
        if (!CATALOG_KEYS.contains(key)) {
          return false;
        }
        if (key.equals("DSS")) {
          validationData = true;
        } else if (key.equals("AcroForm")) {
          RawValue o = pdf.resolveAsOf(old.get("AcroForm"), before);
          RawValue n = pdf.resolveAsOf(c.get("AcroForm"), now);
          if (!acroForm(o, n)) {
            return false;
          }
        }
      }
      return true;
    }

    private boolean acroForm(RawValue old, RawValue cur) throws IOException {
      if (!(cur instanceof RawValue.Dict c) || (old != null && !(old instanceof RawValue.Dict))) {
        return false;
      }
      RawValue.Dict o = old == null ? null : (RawValue.Dict) old;
      for (String key : o == null ? c.items().keySet() : changedKeys(o, c)) {
        if (!ACROFORM_KEYS.contains(key)) {
          return false;
        }
      }
      RawValue of = o == null ? null : pdf.resolveAsOf(o.get("Fields"), before);
      RawValue nf = pdf.resolveAsOf(c.get("Fields"), now);
      if (nf == null) {
        return of == null;
      }
      if (!(nf instanceof RawValue.Arr na) || (of != null && !(of instanceof RawValue.Arr))) {
        return false;
      }
      return onlySignaturesAdded(of == null ? null : (RawValue.Arr) of, na);
    }

    private boolean page(RawValue.Dict old, RawValue cur) throws IOException {
      if (!(cur instanceof RawValue.Dict c)) {
        return false;
      }
      for (String key : changedKeys(old, c)) {
        if (!key.equals("Annots")) {
          return false;
        }
      }
      RawValue oa = pdf.resolveAsOf(old.get("Annots"), before);
      RawValue na = pdf.resolveAsOf(c.get("Annots"), now);
      if (!(na instanceof RawValue.Arr n) || (oa != null && !(oa instanceof RawValue.Arr))) {
        return false;
      }
      return onlySignaturesAdded(oa == null ? null : (RawValue.Arr) oa, n);
    }

    /** Every item of {@code old} is still in {@code cur}, and every item added is a signed signature field. */
    private boolean onlySignaturesAdded(RawValue.Arr old, RawValue.Arr cur) throws IOException {
      Set<Long> kept = new HashSet<>();
      if (old != null) {
        for (RawValue v : old.items()) {
          if (!(v instanceof RawValue.Ref r)) {
            return false;
          }
          kept.add(r.number());
        }
      }
      Set<Long> now2 = new HashSet<>();
      for (RawValue v : cur.items()) {
        if (!(v instanceof RawValue.Ref r)) {
          return false;
        }
        now2.add(r.number());
        if (!kept.contains(r.number()) && !signedField(r)) {
          return false;
        }
      }
      return now2.containsAll(kept);
    }

    /**
     * A signature field (or its widget) whose value is a signature or document timestamp dictionary; answered once
     * per object in an update (a merged field and widget is listed in both /Fields and /Annots).
     */
    private boolean signedField(RawValue.Ref ref) throws IOException {
      Boolean known = signedFields.get(ref.number());
      if (known == null) {
        known = readSignedField(ref);
        signedFields.put(ref.number(), known);
      }
      return known;
    }

    private boolean readSignedField(RawValue.Ref ref) throws IOException {
      RawValue v = pdf.resolveAsOf(ref, now);
      if (!(v instanceof RawValue.Dict d) || d.get("Kids") != null || d.get("Length") != null) {
        return false;
      }
      RawValue.Dict field = d;
      if (!isName(d.get("FT"), "Sig")) {
        if (!(pdf.resolveAsOf(d.get("Parent"), now) instanceof RawValue.Dict parent)
            || !isName(parent.get("FT"), "Sig")) {
          return false;
        }
        field = parent;
      }
      if (!(pdf.resolveAsOf(field.get("V"), now) instanceof RawValue.Dict sig)) {
        return false;
      }
      boolean isSig = sig.get("Type") instanceof RawValue.Name t ? SIG_TYPES.contains(t.name())
          : sig.get("ByteRange") != null && sig.get("Contents") != null;
      signature |= isSig;
      names.add(field.get("T") instanceof RawValue.Str t ? t.text() : "");
      return isSig;
    }

    private boolean emptyFieldSigned(RawValue.Dict old, RawValue cur) throws IOException {
      if (!(cur instanceof RawValue.Dict c)) {
        return false;
      }
      for (String key : changedKeys(old, c)) {
        if (!Set.of("V", "AP", "AS").contains(key)) {
          return false;
        }
      }
      RawValue sig = pdf.resolveAsOf(c.get("V"), now);
      boolean ok = sig instanceof RawValue.Dict s && s.get("Type") instanceof RawValue.Name t
          && SIG_TYPES.contains(t.name());
      signature |= ok;
      return ok;
    }
  }

  /** The keys whose values differ between two dictionaries (present in one only, or different). */
  private static List<String> changedKeys(RawValue.Dict a, RawValue.Dict b) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, RawValue> e : a.items().entrySet()) {
      if (!same(e.getValue(), b.items().get(e.getKey()))) {
        out.add(e.getKey());
      }
    }
    for (String k : b.items().keySet()) {
      if (!a.items().containsKey(k)) {
        out.add(k);
      }
    }
    return out;
  }

  /** The same PDF value, whatever its spacing or number notation. */
  static boolean same(RawValue a, RawValue b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof RawValue.Dict x && b instanceof RawValue.Dict y) {
      if (!x.items().keySet().equals(y.items().keySet())) {
        return false;
      }
      for (Map.Entry<String, RawValue> e : x.items().entrySet()) {
        if (!same(e.getValue(), y.items().get(e.getKey()))) {
          return false;
        }
      }
      // a stream's data lies outside its dictionary: two streams are never taken for the same here
      return x.get("Length") == null;
    }
    if (a instanceof RawValue.Arr x && b instanceof RawValue.Arr y) {
      if (x.items().size() != y.items().size()) {
        return false;
      }
      for (int i = 0; i < x.items().size(); i++) {
        if (!same(x.items().get(i), y.items().get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof RawValue.Ref x && b instanceof RawValue.Ref y) {
      return x.number() == y.number() && x.generation() == y.generation();
    }
    if (a instanceof RawValue.Name x && b instanceof RawValue.Name y) {
      return x.name().equals(y.name());
    }
    if (a instanceof RawValue.Str x && b instanceof RawValue.Str y) {
      return Arrays.equals(x.bytes(), y.bytes());
    }
    if (a instanceof RawValue.Num x && b instanceof RawValue.Num y) {
      try {
        return new BigDecimal(x.text()).compareTo(new BigDecimal(y.text())) == 0;
      } catch (NumberFormatException e) {
        return x.text().equals(y.text());
      }
    }
    if (a instanceof RawValue.Word x && b instanceof RawValue.Word y) {
      return x.word().equals(y.word());
    }
    return false;
  }

  private static boolean isName(RawValue v, String name) {
    return v instanceof RawValue.Name n && n.name().equals(name);
  }
}
