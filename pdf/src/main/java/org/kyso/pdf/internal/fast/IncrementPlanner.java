package org.kyso.pdf.internal.fast;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSDocument;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;

/**
 * Plans the incremental update that adds one invisible PAdES signature to a parsed PDF: a signature dictionary
 * with a reserved {@code /Contents} hole, a signature field merged with its widget on page 1, the rewritten page
 * (or its {@code /Annots} array), catalog (or {@code /AcroForm} or {@code /Fields}), and a cross-reference section
 * (a table, or a stream when the document uses cross-reference streams) chained to the previous one with
 * {@code /Prev}. The original bytes are never touched.
 */
final class IncrementPlanner {
  private static final COSName SIG_FLAGS = COSName.getPDFName("SigFlags");
  private static final DateTimeFormatter PDF_DATE =
      DateTimeFormatter.ofPattern("'D:'yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

  private IncrementPlanner() {}

  /** What is written after the original bytes, with the positions the signer patches. */
  record Increment(byte[] bytes, int contentsStart, int contentsEnd, int byteRangePos, int byteRangeWidth,
      long baseLength) {

    long totalLength() {
      return baseLength + bytes.length;
    }

    /** The four /ByteRange numbers. */
    long[] byteRange() {
      long a = baseLength + contentsStart;
      long b = baseLength + contentsEnd;
      return new long[] {0, a, b, totalLength() - b};
    }

    /** Writes the /ByteRange numbers into the reserved place. */
    void patchByteRange() {
      long[] br = byteRange();
      String text = br[0] + " " + br[1] + " " + br[2] + " " + br[3];
      if (text.length() > byteRangeWidth) {
        throw new IllegalStateException("the /ByteRange does not fit its reserved space");
      }
      byte[] t = text.getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(t, 0, bytes, byteRangePos, t.length);
      for (int i = t.length; i < byteRangeWidth; i++) {
        bytes[byteRangePos + i] = ' ';
      }
    }

    /** Writes the CMS signature, hex-encoded, into the /Contents hole. */
    void patchContents(byte[] cms) {
      int room = (contentsEnd - contentsStart - 2) / 2;
      if (cms.length > room) {
        throw new IllegalStateException("the CMS signature (" + cms.length + " bytes) exceeds the reserved "
            + room + " bytes");
      }
      final byte[] hex = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
      int p = contentsStart + 1;
      for (byte b : cms) {
        bytes[p++] = hex[(b >> 4) & 0xF];
        bytes[p++] = hex[b & 0xF];
      }
    }
  }

  /** What the signature dictionary says besides the signature itself. */
  record SignatureInfo(Instant signingTime, String name, String reason, String location, String contactInfo,
      int contentsSize) {}

  /**
   * Plans the update.
   *
   * @param baseLength the length of the original file
   * @param endsWithEol whether the original file ends with a line break (otherwise one is added first)
   */
  static Increment plan(PDDocument doc, long baseLength, boolean endsWithEol, SignatureInfo info)
      throws IOException {
    if (doc.isEncrypted()) {
      throw new FastPathUnsupportedException("encrypted documents");
    }
    COSDocument cos = doc.getDocument();
    COSDictionary trailer = cos.getTrailer();
    COSObjectKey rootKey = keyOf(trailer.getItem(COSName.ROOT));
    if (rootKey == null) {
      throw new FastPathUnsupportedException("a catalog that is not an indirect object");
    }
    COSDictionary catalog = doc.getDocumentCatalog().getCOSObject();
    if (catalog.containsKey(COSName.PERMS)) {
      throw new FastPathUnsupportedException("certified documents (/Perms)");
    }
    if (doc.getNumberOfPages() < 1) {
      throw new FastPathUnsupportedException("documents without pages");
    }
    PDPage page = doc.getPage(0);
    COSDictionary pageDict = page.getCOSObject();
    COSObjectKey pageKey = pageDict.getKey();
    if (pageKey == null) {
      throw new FastPathUnsupportedException("a first page that is not an indirect object");
    }

    long next = Math.max(trailer.getLong(COSName.SIZE, 0), cos.getHighestXRefObjectNumber() + 1);
    long sigNum = next;
    long fieldNum = next + 1;
    long xrefStreamNum = next + 2;
    String fieldRef = fieldNum + " 0 R";

    ByteArrayOutputStream buf = new ByteArrayOutputStream(info.contentsSize() * 2 + 4_096);
    CosBytes w = new CosBytes(buf);
    if (!endsWithEol) {
      w.ascii("\n");
    }
    // object number -> offset in the increment
    Map<Long, Integer> offsets = new TreeMap<>();
    Map<Long, Integer> generations = new LinkedHashMap<>();

    // 1. the signature dictionary, /Contents before /ByteRange so the hole's place is known when it is written
    offsets.put(sigNum, w.position());
    generations.put(sigNum, 0);
    w.ascii(sigNum + " 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /M ");
    buf.writeBytes(CosBytes.textString(PDF_DATE.format(info.signingTime())));
    if (info.name() != null) {
      w.ascii(" /Name ");
      buf.writeBytes(CosBytes.textString(info.name()));
    }
    if (info.reason() != null) {
      w.ascii(" /Reason ");
      buf.writeBytes(CosBytes.textString(info.reason()));
    }
    if (info.location() != null) {
      w.ascii(" /Location ");
      buf.writeBytes(CosBytes.textString(info.location()));
    }
    if (info.contactInfo() != null) {
      w.ascii(" /ContactInfo ");
      buf.writeBytes(CosBytes.textString(info.contactInfo()));
    }
    w.ascii(" /Contents ");
    int contentsStart = w.position();
    w.ascii("<");
    byte[] zeros = new byte[info.contentsSize() * 2];
    java.util.Arrays.fill(zeros, (byte) '0');
    buf.writeBytes(zeros);
    w.ascii(">");
    int contentsEnd = w.position();
    w.ascii(" /ByteRange [");
    int byteRangePos = w.position();
    int byteRangeWidth = 4 * 14;
    w.ascii(" ".repeat(byteRangeWidth));
    w.ascii("] >>\nendobj\n");

    // 2. the signature field merged with its invisible widget on page 1
    Set<String> names = new HashSet<>();
    COSBase acroItem = catalog.getItem(COSName.ACRO_FORM);
    COSDictionary acro = resolveDict(acroItem);
    COSArray fields = acro == null ? null : resolveArray(acro.getItem(COSName.FIELDS));
    if (fields != null) {
      for (int i = 0; i < fields.size(); i++) {
        COSBase f = fields.getObject(i);
        if (f instanceof COSDictionary fd && fd.getItem(COSName.T) instanceof COSString t) {
          names.add(t.getString());
        }
      }
    }
    String fieldName = "Signature1";
    for (int i = 2; names.contains(fieldName); i++) {
      fieldName = "Signature" + i;
    }
    offsets.put(fieldNum, w.position());
    generations.put(fieldNum, 0);
    w.ascii(fieldNum + " 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig /T ");
    buf.writeBytes(CosBytes.textString(fieldName));
    w.ascii(" /V " + sigNum + " 0 R /F 132 /Rect [0 0 0 0] /P " + CosBytes.ref(pageKey) + " >>\nendobj\n");

    // 3. the page's /Annots
    COSBase annotsItem = pageDict.getItem(COSName.ANNOTS);
    if (annotsItem instanceof COSObject ao && ao.getObject() instanceof COSArray arr) {
      COSObjectKey k = keyOf(ao);
      writeObject(w, offsets, generations, k, () -> appended(arr, fieldRef));
    } else {
      byte[] annots = annotsItem instanceof COSArray arr ? appended(arr, fieldRef)
          : ("[" + fieldRef + "]").getBytes(StandardCharsets.US_ASCII);
      if (annotsItem != null && !(annotsItem instanceof COSArray)) {
        throw new FastPathUnsupportedException("a page /Annots entry that is not an array");
      }
      writeObject(w, offsets, generations, pageKey, () -> dict(pageDict, Map.of(COSName.ANNOTS, annots)));
    }

    // 4. the form: /Fields gets the new field, /SigFlags gets 3 (signatures exist, append only)
    int sigFlags = acro == null ? 3 : (acro.getInt(SIG_FLAGS, 0) | 3);
    byte[] flags = String.valueOf(sigFlags).getBytes(StandardCharsets.US_ASCII);
    if (acro == null) {
      byte[] form = ("<< /Fields [" + fieldRef + "] /SigFlags 3 >>").getBytes(StandardCharsets.US_ASCII);
      writeObject(w, offsets, generations, rootKey, () -> dict(catalog, Map.of(COSName.ACRO_FORM, form)));
    } else {
      COSBase fieldsItem = acro.getItem(COSName.FIELDS);
      Map<COSName, byte[]> acroOverrides = new LinkedHashMap<>();
      acroOverrides.put(SIG_FLAGS, flags);
      if (fieldsItem instanceof COSObject fo && fo.getObject() instanceof COSArray farr) {
        writeObject(w, offsets, generations, keyOf(fo), () -> appended(farr, fieldRef));
      } else if (fieldsItem == null || fieldsItem instanceof COSArray) {
        acroOverrides.put(COSName.FIELDS, fieldsItem == null
            ? ("[" + fieldRef + "]").getBytes(StandardCharsets.US_ASCII)
            : appended((COSArray) fieldsItem, fieldRef));
      } else {
        throw new FastPathUnsupportedException("an /AcroForm /Fields entry that is not an array");
      }
      boolean acroChanges = acroOverrides.containsKey(COSName.FIELDS) || acro.getInt(SIG_FLAGS, 0) != sigFlags;
      if (acroChanges) {
        if (acroItem instanceof COSObject ao) {
          writeObject(w, offsets, generations, keyOf(ao), () -> dict(acro, acroOverrides));
        } else {
          byte[] form = dict(acro, acroOverrides);
          writeObject(w, offsets, generations, rootKey, () -> dict(catalog, Map.of(COSName.ACRO_FORM, form)));
        }
      }
    }

    // 5. the cross-reference section and trailer
    long prev = cos.getStartXref();
    long base = baseLength;
    long size = next + 2;
    COSBase info0 = trailer.getItem(COSName.INFO);
    COSBase id = trailer.getItem(COSName.ID);
    if (cos.isXRefStream()) {
      size = next + 3;
      offsets.put(xrefStreamNum, w.position());
      generations.put(xrefStreamNum, 0);
      long xrefOffset = base + w.position();
      long total = xrefOffset + 1_000; // an upper bound for the width of offsets
      int ow = total < (1L << 32) ? 4 : 8;
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      StringBuilder index = new StringBuilder();
      for (Map.Entry<Long, Integer> e : offsets.entrySet()) {
        index.append(e.getKey()).append(" 1 ");
        data.write(1);
        long off = base + e.getValue();
        for (int i = ow - 1; i >= 0; i--) {
          data.write((int) (off >>> (8 * i)) & 0xFF);
        }
        int g = generations.get(e.getKey());
        data.write((g >> 8) & 0xFF);
        data.write(g & 0xFF);
      }
      w.ascii(xrefStreamNum + " 0 obj\n<< /Type /XRef /Size " + size + " /W [1 " + ow + " 2] /Index ["
          + index.toString().trim() + "] /Prev " + prev + " /Root " + CosBytes.ref(rootKey));
      if (info0 != null) {
        w.ascii(" /Info ").value(info0);
      }
      if (id != null) {
        w.ascii(" /ID ").value(id);
      }
      w.ascii(" /Length " + data.size() + " >>\nstream\n");
      buf.writeBytes(data.toByteArray());
      w.ascii("\nendstream\nendobj\nstartxref\n" + xrefOffset + "\n%%EOF\n");
    } else {
      long xrefOffset = base + w.position();
      w.ascii("xref\n0 1\n0000000000 65535 f \n");
      for (Map.Entry<Long, Integer> e : offsets.entrySet()) {
        w.ascii(e.getKey() + " 1\n" + String.format("%010d %05d n \n", base + e.getValue(),
            generations.get(e.getKey())));
      }
      w.ascii("trailer\n<< /Size " + size + " /Root " + CosBytes.ref(rootKey));
      if (info0 != null) {
        w.ascii(" /Info ").value(info0);
      }
      if (id != null) {
        w.ascii(" /ID ").value(id);
      }
      w.ascii(" /Prev " + prev + " >>\nstartxref\n" + xrefOffset + "\n%%EOF\n");
    }
    Increment inc = new Increment(buf.toByteArray(), contentsStart, contentsEnd, byteRangePos, byteRangeWidth,
        baseLength);
    inc.patchByteRange();
    return inc;
  }

  private interface Body {
    byte[] get() throws IOException;
  }

  private static void writeObject(CosBytes w, Map<Long, Integer> offsets, Map<Long, Integer> generations,
      COSObjectKey key, Body body) throws IOException {
    if (key == null) {
      throw new FastPathUnsupportedException("an object without a number");
    }
    if (offsets.containsKey(key.getNumber())) {
      throw new FastPathUnsupportedException("an object that must be rewritten twice");
    }
    offsets.put(key.getNumber(), w.position());
    generations.put(key.getNumber(), key.getGeneration());
    w.ascii(key.getNumber() + " " + key.getGeneration() + " obj\n");
    w.raw(body.get()).ascii("\nendobj\n");
  }

  private static byte[] dict(COSDictionary d, Map<COSName, byte[]> overrides) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(512);
    new CosBytes(b).dictionary(d, overrides);
    return b.toByteArray();
  }

  private static byte[] appended(COSArray arr, String ref) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(256);
    CosBytes w = new CosBytes(b);
    w.ascii("[");
    for (int i = 0; i < arr.size(); i++) {
      w.value(arr.get(i)).ascii(" ");
    }
    w.ascii(ref + "]");
    return b.toByteArray();
  }

  private static COSObjectKey keyOf(COSBase b) {
    if (b instanceof COSObject o) {
      return new COSObjectKey(o.getObjectNumber(), o.getGenerationNumber());
    }
    return b == null ? null : b.getKey();
  }

  private static COSDictionary resolveDict(COSBase b) throws IOException {
    COSBase r = b instanceof COSObject o ? o.getObject() : b;
    if (r == null) {
      return null;
    }
    if (!(r instanceof COSDictionary d)) {
      throw new FastPathUnsupportedException("an /AcroForm that is not a dictionary");
    }
    return d;
  }

  private static COSArray resolveArray(COSBase b) {
    COSBase r = b instanceof COSObject o ? o.getObject() : b;
    return r instanceof COSArray a ? a : null;
  }
}
