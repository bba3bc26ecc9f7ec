package org.kyso.pdf.internal.fast;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Plans the incremental update that adds one invisible PAdES signature to a PDF: a signature dictionary with a
 * reserved {@code /Contents} hole, a signature field merged with its widget on page 1, the page (or its
 * {@code /Annots} array), the catalog (or its {@code /AcroForm} or {@code /Fields}) rewritten by splicing their
 * original bytes, and a cross-reference section (a table, or a stream when the newest section is one) chained to
 * the previous one with {@code /Prev}. The original bytes are never touched.
 */
final class IncrementPlanner {
  private static final DateTimeFormatter PDF_DATE =
      DateTimeFormatter.ofPattern("'D:'yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final int BYTE_RANGE_WIDTH = 4 * 14;
  private static final int MAX_TREE_DEPTH = 64;

  private IncrementPlanner() {}

  /** What is written after the original bytes, with the positions the signer patches. */
  record Increment(byte[] bytes, int contentsStart, int contentsEnd, int byteRangePos, long baseLength) {

    long totalLength() {
      return baseLength + bytes.length;
    }

    /** The four /ByteRange numbers. */
    long[] byteRange() {
      long a = baseLength + contentsStart;
      long b = baseLength + contentsEnd;
      return new long[] {0, a, b, totalLength() - b};
    }

    private void patchByteRange() {
      long[] br = byteRange();
      byte[] t = (br[0] + " " + br[1] + " " + br[2] + " " + br[3]).getBytes(StandardCharsets.US_ASCII);
      if (t.length > BYTE_RANGE_WIDTH) {
        throw new IllegalStateException("the /ByteRange does not fit its reserved space");
      }
      System.arraycopy(t, 0, bytes, byteRangePos, t.length);
    }

    /** Writes the CMS signature, hex-encoded, into the /Contents hole. */
    /** The bytes of CMS that {@code /Contents} holds. */
    int room() {
      return (contentsEnd - contentsStart - 2) / 2;
    }

    void patchContents(byte[] cms) {
      int room = (contentsEnd - contentsStart - 2) / 2;
      if (cms.length > room) {
        throw new IllegalStateException("the CMS signature (" + cms.length + " bytes) exceeds the reserved "
            + room + " bytes");
      }
      int p = contentsStart + 1;
      for (byte b : cms) {
        bytes[p++] = HEX[(b >> 4) & 0xF];
        bytes[p++] = HEX[b & 0xF];
      }
    }
  }

  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  /** What the signature dictionary says besides the signature itself. */
  record SignatureInfo(Instant signingTime, String name, String reason, String location, String contactInfo,
      int contentsSize) {}

  /** An object of the original file rewritten in the update. */
  private record Rewrite(long number, int generation, byte[] body) {}

  static Increment plan(RawPdf pdf, SignatureInfo info) throws IOException {
    RawValue.Dict trailer = pdf.trailer();
    if (trailer.get("Encrypt") != null) {
      throw new FastPathUnsupportedException("encrypted documents");
    }
    if (!(trailer.get("Root") instanceof RawValue.Ref rootRef)) {
      throw new FastPathUnsupportedException("a catalog that is not an indirect object");
    }
    RawPdf.Loaded catalogObj = pdf.object(rootRef.number());
    if (catalogObj == null || !(catalogObj.value() instanceof RawValue.Dict catalog)) {
      throw new FastPathUnsupportedException("a missing catalog");
    }
    if (catalog.get("Perms") != null) {
      throw new FastPathUnsupportedException("certified documents (/Perms)");
    }
    RawPdf.Loaded pageObj = firstPage(pdf, catalog);
    RawValue.Dict page = (RawValue.Dict) pageObj.value();

    long next = pdf.nextObjectNumber();
    long sigNum = next;
    long fieldNum = next + 1;
    String fieldRef = fieldNum + " 0 R";
    List<Rewrite> rewrites = new ArrayList<>();

    // the page's /Annots gets the widget
    RawValue annots = page.get("Annots");
    if (annots == null) {
      rewrites.add(new Rewrite(pageObj.number(), pageObj.generation(),
          splice(page, page.closing(), " /Annots [" + fieldRef + "]")));
    } else if (annots instanceof RawValue.Arr a) {
      rewrites.add(new Rewrite(pageObj.number(), pageObj.generation(), splice(page, a.closing(), " " + fieldRef)));
    } else if (annots instanceof RawValue.Ref r) {
      RawPdf.Loaded arr = pdf.object(r.number());
      if (arr == null || !(arr.value() instanceof RawValue.Arr a)) {
        throw new FastPathUnsupportedException("a page /Annots that is not an array");
      }
      rewrites.add(new Rewrite(arr.number(), arr.generation(), splice(a, a.closing(), " " + fieldRef)));
    } else {
      throw new FastPathUnsupportedException("a page /Annots that is not an array");
    }

    // the form: /Fields gets the field, /SigFlags gets 3 (signatures exist, append only)
    Set<String> names = new HashSet<>();
    RawValue acroItem = catalog.get("AcroForm");
    if (acroItem == null) {
      rewrites.add(new Rewrite(catalogObj.number(), catalogObj.generation(),
          splice(catalog, catalog.closing(), " /AcroForm << /Fields [" + fieldRef + "] /SigFlags 3 >>")));
    } else {
      RawPdf.Loaded acroObj = null;
      RawValue.Dict acro;
      if (acroItem instanceof RawValue.Ref r) {
        acroObj = pdf.object(r.number());
        if (acroObj == null || !(acroObj.value() instanceof RawValue.Dict d)) {
          throw new FastPathUnsupportedException("an /AcroForm that is not a dictionary");
        }
        acro = d;
      } else if (acroItem instanceof RawValue.Dict d) {
        acro = d;
      } else {
        throw new FastPathUnsupportedException("an /AcroForm that is not a dictionary");
      }
      // the form dictionary's own edits, then where they go (the form object or the catalog)
      List<Edit> edits = new ArrayList<>();
      RawValue fieldsItem = acro.get("Fields");
      RawValue.Arr fields;
      if (fieldsItem == null) {
        fields = null;
        edits.add(new Edit(acro.closing(), 0, " /Fields [" + fieldRef + "]"));
      } else if (fieldsItem instanceof RawValue.Arr a) {
        fields = a;
        edits.add(new Edit(a.closing(), 0, " " + fieldRef));
      } else if (fieldsItem instanceof RawValue.Ref r) {
        RawPdf.Loaded fo = pdf.object(r.number());
        if (fo == null || !(fo.value() instanceof RawValue.Arr a)) {
          throw new FastPathUnsupportedException("an /AcroForm /Fields that is not an array");
        }
        fields = a;
        rewrites.add(new Rewrite(fo.number(), fo.generation(), splice(a, a.closing(), " " + fieldRef)));
      } else {
        throw new FastPathUnsupportedException("an /AcroForm /Fields that is not an array");
      }
      RawValue flags = acro.get("SigFlags");
      if (flags == null) {
        edits.add(new Edit(acro.closing(), 0, " /SigFlags 3"));
      } else if (flags instanceof RawValue.Num n && n.isInteger()) {
        long v = n.longValue() | 3;
        if (v != n.longValue()) {
          edits.add(new Edit(n.start(), n.end() - n.start(), String.valueOf(v)));
        }
      } else {
        throw new FastPathUnsupportedException("an indirect or odd /SigFlags");
      }
      if (!edits.isEmpty()) {
        if (acroObj != null) {
          rewrites.add(new Rewrite(acroObj.number(), acroObj.generation(), splice(acro, edits)));
        } else {
          rewrites.add(new Rewrite(catalogObj.number(), catalogObj.generation(), splice(catalog, edits)));
        }
      }
      if (fields != null) {
        addFieldNames(pdf, fields, names);
      }
    }
    String fieldName = freeFieldName(names);

    // ---- write the increment
    Buf buf = new Buf(info.contentsSize() * 2 + 2_048);
    boolean endsWithEol = endsWithEol(pdf);
    if (!endsWithEol) {
      buf.write('\n');
    }
    Map<Long, long[]> offsets = new TreeMap<>(); // number -> {offset in increment, generation}

    // the signature dictionary; /Contents before /ByteRange so the hole's place is known when it is written
    offsets.put(sigNum, new long[] {buf.size(), 0});
    buf.latin1(sigNum + " 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /M ");
    textString(buf, pdfDate(info.signingTime()));
    optional(buf, "Name", info.name());
    optional(buf, "Reason", info.reason());
    optional(buf, "Location", info.location());
    optional(buf, "ContactInfo", info.contactInfo());
    buf.latin1(" /Contents ");
    int contentsStart = buf.size();
    buf.write('<');
    buf.fill((byte) '0', info.contentsSize() * 2);
    buf.write('>');
    int contentsEnd = buf.size();
    buf.latin1(" /ByteRange [");
    int byteRangePos = buf.size();
    buf.fill((byte) ' ', BYTE_RANGE_WIDTH);
    buf.latin1("] >>\nendobj\n");

    // the signature field merged with its invisible widget on page 1
    offsets.put(fieldNum, new long[] {buf.size(), 0});
    buf.latin1(fieldNum + " 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig /T ");
    textString(buf, fieldName);
    buf.latin1(" /V " + sigNum + " 0 R /F 132 /Rect [0 0 0 0] /P " + pageObj.number() + " "
        + pageObj.generation() + " R >>\nendobj\n");

    writeRewrites(buf, rewrites, offsets);

    long base = pdf.length();
    long prev = pdf.startXref().offset();
    StringBuilder tail = new StringBuilder(128);
    tail.append(" /Root ").append(rootRef.text());
    RawValue infoV = trailer.get("Info");
    if (infoV instanceof RawValue.Ref ir) {
      tail.append(" /Info ").append(ir.text());
    }
    RawValue id = trailer.get("ID");
    byte[] idRaw = id instanceof RawValue.Arr ? id.raw() : null;

    if (pdf.newestIsStream()) {
      long xrefNum = next + 2;
      long xrefOffset = base + buf.size();
      offsets.put(xrefNum, new long[] {buf.size(), 0});
      int ow = xrefOffset < (1L << 32) ? 4 : 8;
      Buf data = new Buf(64);
      StringBuilder index = new StringBuilder();
      xrefStreamEntries(offsets, base, ow, index, data);
      buf.latin1(xrefNum + " 0 obj\n<< /Type /XRef /Size " + (next + 3) + " /W [1 " + ow + " 2] /Index ["
          + index.toString().trim() + "] /Prev " + prev + tail);
      if (idRaw != null) {
        buf.latin1(" /ID ");
        buf.writeBytes(idRaw);
      }
      buf.latin1(" /Length " + data.size() + " >>\nstream\n");
      buf.writeBytes(data.toByteArray());
      buf.latin1("\nendstream\nendobj\nstartxref\n" + xrefOffset + "\n%%EOF\n");
    } else {
      long xrefOffset = base + buf.size();
      StringBuilder x = new StringBuilder(64 + 40 * offsets.size());
      x.append("xref\n0 1\n0000000000 65535 f \n");
      xrefTableEntries(offsets, base, x);
      x.append("trailer\n<< /Size ").append(next + 2).append(tail);
      buf.latin1(x.toString());
      if (idRaw != null) {
        buf.latin1(" /ID ");
        buf.writeBytes(idRaw);
      }
      buf.latin1(" /Prev " + prev + " >>\nstartxref\n" + xrefOffset + "\n%%EOF\n");
    }
    Increment inc = new Increment(buf.toByteArray(), contentsStart, contentsEnd, byteRangePos, base);
    inc.patchByteRange();
    return inc;
  }

  /**
   * {@code D:yyyyMMddHHmmssZ} in UTC, as {@link #PDF_DATE} writes it: by hand for four-digit years, because the
   * formatter is the costliest step of planning an update in a batch.
   */
  static String pdfDate(Instant t) {
    LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
    if (d.getYear() < 1000 || d.getYear() > 9999) {
      return PDF_DATE.format(t);
    }
    char[] c = new char[17];
    c[0] = 'D';
    c[1] = ':';
    digits(c, 2, d.getYear(), 4);
    digits(c, 6, d.getMonthValue(), 2);
    digits(c, 8, d.getDayOfMonth(), 2);
    digits(c, 10, d.getHour(), 2);
    digits(c, 12, d.getMinute(), 2);
    digits(c, 14, d.getSecond(), 2);
    c[16] = 'Z';
    return new String(c);
  }

  private static void digits(char[] c, int at, int v, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + v % 10);
      v /= 10;
    }
  }

  // The loops of plan() live in small methods of their own: plan() then runs a few times per document with no loop
  // of its own, so a batch of a thousand documents does not make C2 compile it whole (its largest compilation, most
  // of a second of processor time, and finished too late in the batch to pay back).

  private static void addFieldNames(RawPdf pdf, RawValue.Arr fields, Set<String> names) throws IOException {
    for (RawValue f : fields.items()) {
      if (pdf.resolve(f) instanceof RawValue.Dict fd && fd.get("T") instanceof RawValue.Str t) {
        names.add(t.text());
      }
    }
  }

  private static String freeFieldName(Set<String> names) {
    String fieldName = "Signature1";
    for (int i = 2; names.contains(fieldName); i++) {
      fieldName = "Signature" + i;
    }
    return fieldName;
  }

  private static void writeRewrites(Buf buf, List<Rewrite> rewrites, Map<Long, long[]> offsets)
      throws FastPathUnsupportedException {
    for (Rewrite r : rewrites) {
      if (offsets.containsKey(r.number())) {
        throw new FastPathUnsupportedException("an object that must be rewritten twice");
      }
      offsets.put(r.number(), new long[] {buf.size(), r.generation()});
      buf.latin1(r.number() + " " + r.generation() + " obj\n");
      buf.writeBytes(r.body());
      buf.latin1("\nendobj\n");
    }
  }

  private static void xrefStreamEntries(Map<Long, long[]> offsets, long base, int ow, StringBuilder index,
      Buf data) {
    for (Map.Entry<Long, long[]> e : offsets.entrySet()) {
      index.append(e.getKey()).append(" 1 ");
      data.write(1);
      long off = base + e.getValue()[0];
      for (int i = ow - 1; i >= 0; i--) {
        data.write((int) (off >>> (8 * i)) & 0xFF);
      }
      int g = (int) e.getValue()[1];
      data.write((g >> 8) & 0xFF);
      data.write(g & 0xFF);
    }
  }

  private static void xrefTableEntries(Map<Long, long[]> offsets, long base, StringBuilder x) {
    for (Map.Entry<Long, long[]> e : offsets.entrySet()) {
      x.append(e.getKey()).append(" 1\n");
      pad(x, base + e.getValue()[0], 10).append(' ');
      pad(x, e.getValue()[1], 5).append(" n \n");
    }
  }

  private static StringBuilder pad(StringBuilder sb, long v, int width) {
    String s = Long.toString(v);
    for (int i = s.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(s);
  }

  /** The first page in page-tree order, which must be an indirect page dictionary. */
  private static RawPdf.Loaded firstPage(RawPdf pdf, RawValue.Dict catalog) throws IOException {
    RawValue node = catalog.get("Pages");
    Set<Long> seen = new HashSet<>();
    for (int depth = 0; depth < MAX_TREE_DEPTH; depth++) {
      if (!(node instanceof RawValue.Ref r) || !seen.add(r.number())) {
        throw new FastPathUnsupportedException("a page tree with direct or repeated nodes");
      }
      RawPdf.Loaded l = pdf.object(r.number());
      if (l == null || !(l.value() instanceof RawValue.Dict d)) {
        throw new FastPathUnsupportedException("a page tree node that is not a dictionary");
      }
      String type = d.get("Type") instanceof RawValue.Name n ? n.name() : null;
      RawValue kidsV = pdf.resolve(d.get("Kids"));
      if ("Page".equals(type) || (type == null && kidsV == null)) {
        return l;
      }
      if (!(kidsV instanceof RawValue.Arr kids)) {
        throw new FastPathUnsupportedException("a page tree node without /Kids");
      }
      RawValue chosen = null;
      for (RawValue kid : kids.items()) {
        RawValue kd = pdf.resolve(kid);
        if (!(kd instanceof RawValue.Dict k)) {
          throw new FastPathUnsupportedException("a page tree kid that is not a dictionary");
        }
        String kt = k.get("Type") instanceof RawValue.Name n ? n.name() : null;
        boolean isNode = "Pages".equals(kt) || (kt == null && k.get("Kids") != null);
        if (!isNode) {
          chosen = kid;
          break;
        }
        RawValue count = pdf.resolve(k.get("Count"));
        if (count instanceof RawValue.Num c && c.longValue() > 0) {
          chosen = kid;
          break;
        }
      }
      if (chosen == null) {
        throw new FastPathUnsupportedException("documents without pages");
      }
      node = chosen;
    }
    throw new FastPathUnsupportedException("a page tree nested too deeply");
  }

  private static boolean endsWithEol(RawPdf pdf) {
    // the parser checked that the file ends with "%%EOF" followed by optional white space
    return pdf.endsWithEol();
  }

  private record Edit(int at, int delete, String insert) {}

  private static byte[] splice(RawValue v, int at, String insert) {
    return splice(v, List.of(new Edit(at, 0, insert)));
  }

  /** The bytes of {@code v} with the edits applied (positions are in {@code v}'s buffer, inside its span). */
  private static byte[] splice(RawValue v, List<Edit> edits) {
    List<Edit> sorted = new ArrayList<>(edits);
    sorted.sort((a, b) -> Integer.compare(a.at(), b.at()));
    Buf out = new Buf(v.end() - v.start() + 64);
    int p = v.start();
    for (Edit e : sorted) {
      if (e.at() < p || e.at() + e.delete() > v.end()) {
        throw new IllegalStateException("overlapping edits");
      }
      out.write(v.buf(), p, e.at() - p);
      out.latin1(e.insert());
      p = e.at() + e.delete();
    }
    out.write(v.buf(), p, v.end() - p);
    return out.toByteArray();
  }

  private static void optional(Buf b, String key, String text) {
    if (text != null) {
      b.latin1(" /").latin1(key).write(' ');
      textString(b, text);
    }
  }

  /**
   * A PDF text string: literal for plain ASCII, otherwise UTF-16BE with a byte order mark, as hex (the string's
   * UTF-16 code units are its UTF-16BE bytes, two hex digits each, high byte first).
   */
  static void textString(Buf b, String text) {
    boolean plain = true;
    for (int i = 0; i < text.length() && plain; i++) {
      char c = text.charAt(i);
      plain = c >= 0x20 && c < 0x7f && c != '(' && c != ')' && c != '\\';
    }
    if (plain) {
      b.write('(').latin1(text).write(')');
      return;
    }
    b.latin1("<FEFF");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      b.write(HEX[(c >> 12) & 0xF]).write(HEX[(c >> 8) & 0xF]).write(HEX[(c >> 4) & 0xF]).write(HEX[c & 0xF]);
    }
    b.write('>');
  }

  /** The bytes of the update as they are written: a growable array without the locks of ByteArrayOutputStream. */
  static final class Buf {
    private byte[] a;
    private int n;

    Buf(int capacity) {
      a = new byte[Math.max(16, capacity)];
    }

    private void room(int more) {
      if (n + more > a.length) {
        a = java.util.Arrays.copyOf(a, Math.max(n + more, a.length * 2));
      }
    }

    Buf write(int b) {
      room(1);
      a[n++] = (byte) b;
      return this;
    }

    Buf write(byte[] b, int off, int len) {
      room(len);
      System.arraycopy(b, off, a, n, len);
      n += len;
      return this;
    }

    Buf writeBytes(byte[] b) {
      return write(b, 0, b.length);
    }

    /** Each char as one byte (ISO-8859-1, '?' beyond it): PDF syntax, numbers, names and plain text strings. */
    Buf latin1(String s) {
      room(s.length());
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        a[n++] = c <= 0xFF ? (byte) c : (byte) '?';
      }
      return this;
    }

    Buf fill(byte b, int count) {
      room(count);
      java.util.Arrays.fill(a, n, n + count, b);
      n += count;
      return this;
    }

    int size() {
      return n;
    }

    byte[] toByteArray() {
      return java.util.Arrays.copyOf(a, n);
    }
  }
}
