package org.kyso.pdf.internal.fast;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A lazy, strict, read-only view of a PDF for the incremental signer: the cross-reference sections (tables,
 * streams and hybrids, following {@code /Prev}), the newest trailer, and any object fetched on demand, by offset or
 * from its object stream. Only the handful of objects the signer touches are ever read; the rest of the file is
 * not looked at. Anything unusual (broken offsets, unknown filters, encryption...) is reported as
 * {@link FastPathUnsupportedException}, never repaired.
 *
 * <p>Not thread-safe; one per signing.
 */
final class RawPdf implements Closeable {
  private static final int WINDOW = 2_048;
  private static final int MAX_WINDOW = 8 << 20;
  private static final int MAX_SECTIONS = 10_000;
  private static final int MAX_DECODED = 64 << 20;

  /** Random access to the file's bytes. */
  interface Source extends Closeable {
    long length();

    /** Reads up to {@code len} bytes at {@code pos}; returns how many were read (less only at the end). */
    int read(long pos, byte[] b, int off, int len) throws IOException;

    static Source of(byte[] bytes) {
      return new Source() {
        @Override
        public long length() {
          return bytes.length;
        }

        @Override
        public int read(long pos, byte[] b, int off, int len) {
          int n = (int) Math.max(0, Math.min(len, bytes.length - pos));
          System.arraycopy(bytes, (int) pos, b, off, n);
          return n;
        }

        @Override
        public void close() {}
      };
    }

    static Source of(FileChannel ch) throws IOException {
      long size = ch.size();
      return new Source() {
        @Override
        public long length() {
          return size;
        }

        @Override
        public int read(long pos, byte[] b, int off, int len) throws IOException {
          ByteBuffer bb = ByteBuffer.wrap(b, off, (int) Math.max(0, Math.min(len, size - pos)));
          int total = 0;
          while (bb.hasRemaining()) {
            int n = ch.read(bb, pos + total);
            if (n < 0) {
              break;
            }
            total += n;
          }
          return total;
        }

        @Override
        public void close() throws IOException {
          ch.close();
        }
      };
    }
  }

  /** An object as read: its value, the buffer holding it, and its generation. */
  record Loaded(long number, int generation, RawValue value) {}

  /** One cross-reference entry: type 0 free, 1 at an offset, 2 inside an object stream. */
  record Entry(int type, long field2, long field3) {}

  private interface Section {
    /** The entry for {@code num}, or null when this section does not mention it. */
    Entry lookup(long num) throws IOException;

    long maxObject();
  }

  private final Source src;
  private final long length;
  private final StartXref startXref;
  private final RawValue.Dict trailer;
  private final List<Section> sections = new ArrayList<>();
  /** Where each of {@link #sections} starts, newest first. */
  private final List<Long> sectionOffsets = new ArrayList<>();
  /** The trailer dictionary of each of {@link #sections}. */
  private final List<RawValue.Dict> sectionTrailers = new ArrayList<>();
  /** Object streams read for {@link #objectAsOf}, by their offset. */
  private final Map<Long, ObjectStream> objectStreamsAt = new HashMap<>();
  private final Map<Long, Loaded> cache = new HashMap<>();
  /** The last objects {@link #objectAsOf} read, by file offset (least recently used dropped). */
  private final Map<Long, Loaded> recentAt = new java.util.LinkedHashMap<>(64, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Loaded> eldest) {
      return size() > 32;
    }
  };
  private final Map<Long, ObjectStream> objectStreams = new HashMap<>();
  private long maxObject;

  private RawPdf(Source src) throws IOException {
    this.src = src;
    this.length = src.length();
    this.startXref = readStartXref();
    RawValue.Dict newest = null;
    Set<Long> seen = new HashSet<>();
    long offset = startXref.offset();
    while (offset >= 0) {
      if (!seen.add(offset) || seen.size() > MAX_SECTIONS) {
        throw new FastPathUnsupportedException("cross-reference sections that loop");
      }
      if (offset >= length) {
        throw new FastPathUnsupportedException("a /Prev outside the file");
      }
      RawValue.Dict t;
      if (startsWith(offset, "xref")) {
        TableSection table = readTable(offset);
        t = table.trailer;
        RawValue stm = t.get("XRefStm");
        if (stm instanceof RawValue.Num n) {
          sections.add(new HybridMarker(table, readStreamSection(n.longValue())));
        } else {
          sections.add(table);
        }
      } else {
        StreamSection s = readStreamSection(offset);
        t = s.dict;
        sections.add(s);
      }
      sectionOffsets.add(offset);
      sectionTrailers.add(t);
      if (newest == null) {
        newest = t;
      }
      RawValue prev = t.get("Prev");
      offset = prev instanceof RawValue.Num p ? p.longValue() : -1;
    }
    this.trailer = newest;
    for (Section s : sections) {
      maxObject = Math.max(maxObject, s.maxObject());
    }
  }

  static RawPdf open(Source src) throws IOException {
    return new RawPdf(src);
  }

  long length() {
    return length;
  }

  /** Whether the last byte of the file is a line break. */
  boolean endsWithEol() {
    try {
      byte[] b = new byte[1];
      readFully(length - 1, b, 0, 1);
      return b[0] == '\n' || b[0] == '\r';
    } catch (IOException e) {
      return false;
    }
  }

  StartXref startXref() {
    return startXref;
  }

  RawValue.Dict trailer() {
    return trailer;
  }

  /** One more than the highest object number any section or the trailer's /Size mentions. */
  long nextObjectNumber() {
    long size = trailer.get("Size") instanceof RawValue.Num n ? n.longValue() : 0;
    return Math.max(size, maxObject + 1);
  }

  /** Whether the newest section is a cross-reference stream (then the update must be one too). */
  boolean newestIsStream() {
    return startXref.stream();
  }

  /** The value a reference points to (null for a free or missing object); other values are returned as they are. */
  RawValue resolve(RawValue v) throws IOException {
    if (v instanceof RawValue.Ref r) {
      Loaded l = object(r.number());
      return l == null ? null : l.value();
    }
    return v;
  }

  /** The object with this number, or null when it is free or absent. */
  Loaded object(long num) throws IOException {
    Loaded c = cache.get(num);
    if (c != null) {
      return c;
    }
    Entry e = lookup(num);
    Loaded l;
    if (e == null || e.type() == 0) {
      return null;
    } else if (e.type() == 1) {
      l = readAt(num, (int) e.field3(), e.field2());
    } else if (e.type() == 2) {
      l = readCompressed(num, e.field2(), (int) e.field3());
    } else {
      return null;
    }
    cache.put(num, l);
    return l;
  }

  private Entry lookup(long num) throws IOException {
    for (Section s : sections) {
      Entry e = s.lookup(num);
      if (e != null) {
        return e;
      }
    }
    return null;
  }


  // ---------------------------------------------------------------- sections, for UpdateChain

  /** The number of cross-reference sections in the chain from the final startxref. */
  int sectionCount() {
    return sections.size();
  }

  /** Where section {@code i} (0 = newest) starts. */
  long sectionOffset(int i) {
    return sectionOffsets.get(i);
  }

  /** The trailer dictionary of section {@code i} (0 = newest). */
  RawValue.Dict sectionTrailer(int i) {
    return sectionTrailers.get(i);
  }

  /** Every entry of section {@code i} (0 = newest) as {number, type}; a hybrid section's table and stream both. */
  List<long[]> sectionEntries(int i) throws IOException {
    List<long[]> out = new ArrayList<>();
    entries(sections.get(i), out);
    return out;
  }

  private void entries(Section s, List<long[]> out) throws IOException {
    if (s instanceof HybridMarker h) {
      entries(h.table, out);
      entries(h.stream, out);
      return;
    }
    long[] firsts = s instanceof TableSection t ? t.firsts : ((StreamSection) s).starts;
    long[] counts = s instanceof TableSection t ? t.counts : ((StreamSection) s).counts;
    for (int k = 0; k < firsts.length; k++) {
      if (out.size() + counts[k] > 1_000_000) {
        throw new FastPathUnsupportedException("a cross-reference section with too many entries");
      }
      for (long num = firsts[k]; num < firsts[k] + counts[k]; num++) {
        Entry e = s.lookup(num);
        if (e != null) {
          out.add(new long[] {num, e.type()});
        }
      }
    }
  }

  /**
   * The object with this number as the document stood with sections {@code from} and older only (0 = the final
   * document), or null when it is free or absent there. The last few objects read this way are kept by file
   * offset: an update's new version of an object is the next update's old one (issue 20: a form's /Fields of
   * 1,000 signatures was read twice per update).
   */
  Loaded objectAsOf(long num, int from) throws IOException {
    Entry e = null;
    for (int i = from; i < sections.size() && e == null; i++) {
      e = sections.get(i).lookup(num);
    }
    if (e == null || e.type() == 0) {
      return null;
    }
    if (e.type() == 1) {
      Loaded l = recentAt.get(e.field2());
      if (l == null || l.number() != num || l.generation() != (int) e.field3()) {
        l = readAt(num, (int) e.field3(), e.field2());
        recentAt.put(e.field2(), l);
      }
      return l;
    }
    if (e.type() != 2) {
      return null;
    }
    Entry se = null;
    for (int i = from; i < sections.size() && se == null; i++) {
      se = sections.get(i).lookup(e.field2());
    }
    if (se == null || se.type() != 1) {
      throw new FastPathUnsupportedException("an object stream that is not a plain object");
    }
    ObjectStream os = objectStreamsAt.get(se.field2());
    if (os == null) {
      if (objectStreamsAt.size() > 64) {
        objectStreamsAt.clear();
      }
      os = objectStreamAt(se.field2(), e.field2());
      objectStreamsAt.put(se.field2(), os);
    }
    int index = (int) e.field3();
    if (index < 0 || index >= os.numbers().length || os.numbers()[index] != num) {
      throw new FastPathUnsupportedException("an object stream index that names another object");
    }
    long offset = os.first() + os.offsets()[index];
    if (offset >= os.data().length) {
      throw new FastPathUnsupportedException("an object stream offset outside the stream");
    }
    try {
      return new Loaded(num, 0, new RawParser(os.data(), (int) offset, os.data().length, true).value());
    } catch (RawParser.Truncated t) {
      throw new FastPathUnsupportedException("an object that runs past its object stream");
    }
  }

  /** The value {@code v} points to as the document stood with sections {@code from} and older. */
  RawValue resolveAsOf(RawValue v, int from) throws IOException {
    if (v instanceof RawValue.Ref r) {
      Loaded l = objectAsOf(r.number(), from);
      return l == null ? null : l.value();
    }
    return v;
  }

  /** Whether the object at this offset is a stream (its dictionary is followed by {@code stream}). */
  boolean isStreamAt(long num, long offset) throws IOException {
    return withWindow(offset, p -> {
      p.objectHeader(num);
      p.value();
      p.skipSpace();
      return "stream".equals(p.token());
    });
  }

  /** Where object {@code num} lies in sections {@code from} and older: its entry, or null. */
  Entry entryAsOf(long num, int from) throws IOException {
    for (int i = from; i < sections.size(); i++) {
      Entry e = sections.get(i).lookup(num);
      if (e != null) {
        return e;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- reading

  private StartXref readStartXref() throws IOException {
    int n = (int) Math.min(1_024, length);
    long from = length - n;
    byte[] tail = new byte[n];
    readFully(from, tail, 0, n);
    String t = new String(tail, StandardCharsets.ISO_8859_1);
    int at = t.lastIndexOf("startxref");
    if (at < 0 || t.indexOf("%%EOF", at) < 0) {
      // data appended after the last %%EOF (issue 20: a 100 MiB comment): found by reading backwards in chunks, so
      // that such a file is signed without being read into memory; the update then follows the appended data
      long last = lastStartXref();
      if (last < 0) {
        throw new FastPathUnsupportedException("a file without a final startxref and %%EOF");
      }
      from = last;
      n = (int) Math.min(1_024, length - last);
      tail = new byte[n];
      readFully(from, tail, 0, n);
      t = new String(tail, StandardCharsets.ISO_8859_1);
      at = 0;
      if (t.indexOf("%%EOF") < 0) {
        throw new FastPathUnsupportedException("a file without a final startxref and %%EOF");
      }
    }
    long offset = RawParser.startxrefOffset(t, at);
    if (offset < 0) {
      throw new FastPathUnsupportedException("an unreadable startxref");
    }
    if (offset <= 0 || offset >= length) {
      throw new FastPathUnsupportedException("a startxref outside the file");
    }
    return new StartXref(offset, !startsWith(offset, "xref"));
  }

  /** Where the last {@code startxref} keyword of the file starts, or -1; reads backwards in 64 KiB chunks. */
  private long lastStartXref() throws IOException {
    byte[] key = "startxref".getBytes(StandardCharsets.US_ASCII);
    byte[] buf = new byte[64 * 1024 + key.length];
    long hi = length;
    while (hi > 0) {
      long lo = Math.max(0, hi - 64 * 1024);
      int len = (int) Math.min(buf.length, length - lo);
      readFully(lo, buf, 0, len);
      for (int i = (int) Math.min(len, hi - lo + key.length - 1) - key.length; i >= 0; i--) {
        boolean match = true;
        for (int j = 0; j < key.length && match; j++) {
          match = buf[i + j] == key[j];
        }
        if (match) {
          return lo + i;
        }
      }
      hi = lo;
    }
    return -1;
  }

  private boolean startsWith(long offset, String s) throws IOException {
    byte[] b = new byte[s.length()];
    int n = src.read(offset, b, 0, b.length);
    return n == b.length && new String(b, StandardCharsets.ISO_8859_1).equals(s);
  }

  private void readFully(long pos, byte[] b, int off, int len) throws IOException {
    int n = src.read(pos, b, off, len);
    if (n != len) {
      throw new FastPathUnsupportedException("an offset beyond the end of the file");
    }
  }

  /** Parses with a window that grows until the value fits. */
  private interface WindowJob<T> {
    T run(RawParser p) throws IOException;
  }

  private <T> T withWindow(long offset, WindowJob<T> job) throws IOException {
    int size = WINDOW;
    while (true) {
      int n = (int) Math.min(size, length - offset);
      byte[] b = new byte[n];
      readFully(offset, b, 0, n);
      boolean complete = offset + n >= length;
      try {
        return job.run(new RawParser(b, 0, n, complete));
      } catch (RawParser.Truncated e) {
        if (complete || size >= MAX_WINDOW) {
          throw new FastPathUnsupportedException("an object that does not end");
        }
        size *= 4;
      }
    }
  }

  private Loaded readAt(long num, int gen, long offset) throws IOException {
    if (offset <= 0 || offset >= length) {
      throw new FastPathUnsupportedException("an object offset outside the file");
    }
    return withWindow(offset, p -> {
      p.objectHeader(num);
      RawValue v = p.value();
      p.skipSpace();
      String after = p.token();
      if (!"endobj".equals(after) && !"stream".equals(after)) {
        throw new FastPathUnsupportedException("an object not followed by endobj");
      }
      return new Loaded(num, gen, v);
    });
  }

  /** A stream object's dictionary and decoded data. */
  private record StreamObject(RawValue.Dict dict, byte[] data) {}

  /** An object stream: its data, where its objects start, and their numbers. */
  private record ObjectStream(byte[] data, int first, long[] numbers, long[] offsets) {}

  private StreamObject readStream(long offset, long expectedNum) throws IOException {
    record Head(RawValue.Dict dict, long dataStart) {}
    Head h = withWindow(offset, p -> {
      p.objectHeader(expectedNum);
      RawValue v = p.value();
      if (!(v instanceof RawValue.Dict d)) {
        throw new FastPathUnsupportedException("a stream object without a dictionary");
      }
      p.skipSpace();
      if (!"stream".equals(p.token())) {
        throw new FastPathUnsupportedException("a stream object without 'stream'");
      }
      // the keyword is followed by CRLF or LF
      if (p.pos >= p.limit) {
        throw new RawParser.Truncated();
      }
      int c = p.buf[p.pos] & 0xFF;
      if (c == '\r') {
        p.pos++;
        if (p.pos >= p.limit) {
          throw new RawParser.Truncated();
        }
        c = p.buf[p.pos] & 0xFF;
      }
      if (c != '\n') {
        throw new FastPathUnsupportedException("a 'stream' keyword not followed by an end of line");
      }
      p.pos++;
      return new Head(d, offset + p.pos);
    });
    RawValue lenV = resolveDirectOrFromOlder(h.dict().get("Length"));
    if (!(lenV instanceof RawValue.Num ln) || !ln.isInteger() || ln.longValue() < 0
        || h.dataStart() + ln.longValue() > length || ln.longValue() > MAX_DECODED) {
      throw new FastPathUnsupportedException("a stream without a usable /Length");
    }
    byte[] raw = new byte[(int) ln.longValue()];
    readFully(h.dataStart(), raw, 0, raw.length);
    return new StreamObject(h.dict(), decode(h.dict(), raw));
  }

  private RawValue resolveDirectOrFromOlder(RawValue v) throws IOException {
    if (v instanceof RawValue.Ref r) {
      // only possible for object streams, read once the sections are known
      if (sections.isEmpty()) {
        throw new FastPathUnsupportedException("a cross-reference stream with an indirect /Length");
      }
      return resolve(r);
    }
    return v;
  }

  private static byte[] decode(RawValue.Dict dict, byte[] raw) throws IOException {
    RawValue f = dict.get("Filter");
    RawValue parms = dict.get("DecodeParms");
    if (f instanceof RawValue.Arr a) {
      if (a.items().isEmpty()) {
        f = null;
      } else if (a.items().size() == 1) {
        f = a.items().get(0);
        if (parms instanceof RawValue.Arr pa && pa.items().size() == 1) {
          parms = pa.items().get(0);
        }
      } else {
        throw new FastPathUnsupportedException("streams with several filters");
      }
    }
    if (f == null) {
      return raw;
    }
    if (!(f instanceof RawValue.Name n) || !"FlateDecode".equals(n.name())) {
      throw new FastPathUnsupportedException("a cross-reference or object stream filter other than FlateDecode");
    }
    byte[] data = inflate(raw);
    if (parms instanceof RawValue.Dict pd) {
      int predictor = intOf(pd.get("Predictor"), 1);
      if (predictor >= 10) {
        int colors = intOf(pd.get("Colors"), 1);
        int bits = intOf(pd.get("BitsPerComponent"), 8);
        int columns = intOf(pd.get("Columns"), 1);
        data = unPng(data, (colors * bits * columns + 7) / 8, Math.max(1, (colors * bits + 7) / 8));
      } else if (predictor != 1) {
        throw new FastPathUnsupportedException("a TIFF predictor");
      }
    } else if (parms != null && !(parms instanceof RawValue.Word)) {
      throw new FastPathUnsupportedException("unreadable /DecodeParms");
    }
    return data;
  }

  private static int intOf(RawValue v, int dflt) {
    return v instanceof RawValue.Num n ? (int) n.longValue() : dflt;
  }

  private static byte[] inflate(byte[] raw) throws IOException {
    Inflater inf = new Inflater();
    try {
      inf.setInput(raw);
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, raw.length * 4));
      byte[] buf = new byte[8_192];
      while (!inf.finished()) {
        int n = inf.inflate(buf);
        if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
          break;
        }
        out.write(buf, 0, n);
        if (out.size() > MAX_DECODED) {
          throw new FastPathUnsupportedException("a stream that inflates beyond 64 MB");
        }
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new FastPathUnsupportedException("a corrupt compressed stream");
    } finally {
      inf.end();
    }
  }

  /** Undoes PNG row filters (ISO 32000-1, 7.4.4.4). */
  private static byte[] unPng(byte[] in, int rowLen, int bpp) throws IOException {
    int rows = in.length / (rowLen + 1);
    byte[] out = new byte[rows * rowLen];
    byte[] prev = new byte[rowLen];
    for (int r = 0; r < rows; r++) {
      int type = in[r * (rowLen + 1)] & 0xFF;
      int base = r * (rowLen + 1) + 1;
      byte[] cur = new byte[rowLen];
      for (int i = 0; i < rowLen; i++) {
        int x = in[base + i] & 0xFF;
        int a = i >= bpp ? cur[i - bpp] & 0xFF : 0;
        int b = prev[i] & 0xFF;
        int c = i >= bpp ? prev[i - bpp] & 0xFF : 0;
        int v = switch (type) {
          case 0 -> x;
          case 1 -> x + a;
          case 2 -> x + b;
          case 3 -> x + ((a + b) >> 1);
          case 4 -> {
            int p = a + b - c;
            int pa = Math.abs(p - a);
            int pb = Math.abs(p - b);
            int pc = Math.abs(p - c);
            yield x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          }
          default -> throw new FastPathUnsupportedException("an unknown PNG predictor row type");
        };
        cur[i] = (byte) v;
      }
      System.arraycopy(cur, 0, out, r * rowLen, rowLen);
      prev = cur;
    }
    return out;
  }

  private Loaded readCompressed(long num, long streamNum, int index) throws IOException {
    ObjectStream os = objectStreams.get(streamNum);
    if (os == null) {
      os = readObjectStream(streamNum);
      objectStreams.put(streamNum, os);
    }
    if (index < 0 || index >= os.numbers().length || os.numbers()[index] != num) {
      throw new FastPathUnsupportedException("an object stream index that names another object");
    }
    long offset = os.first() + os.offsets()[index];
    if (offset >= os.data().length) {
      throw new FastPathUnsupportedException("an object stream offset outside the stream");
    }
    RawParser p = new RawParser(os.data(), (int) offset, os.data().length, true);
    try {
      return new Loaded(num, 0, p.value());
    } catch (RawParser.Truncated e) {
      throw new FastPathUnsupportedException("an object that runs past its object stream");
    }
  }

  private ObjectStream readObjectStream(long streamNum) throws IOException {
    Entry se = lookup(streamNum);
    if (se == null || se.type() != 1) {
      throw new FastPathUnsupportedException("an object stream that is not a plain object");
    }
    return objectStreamAt(se.field2(), streamNum);
  }

  private ObjectStream objectStreamAt(long offset, long streamNum) throws IOException {
    StreamObject so = readStream(offset, streamNum);
    int n = intOf(so.dict().get("N"), -1);
    int first = intOf(so.dict().get("First"), -1);
    byte[] data = so.data();
    if (n < 0 || first < 0 || first > data.length || n > data.length) {
      throw new FastPathUnsupportedException("an object stream without /N and /First");
    }
    long[] numbers = new long[n];
    long[] offsets = new long[n];
    RawParser header = new RawParser(data, 0, first, true);
    try {
      for (int i = 0; i < n; i++) {
        numbers[i] = Long.parseLong(header.token());
        offsets[i] = Long.parseLong(header.token());
      }
    } catch (RawParser.Truncated | NumberFormatException e) {
      throw new FastPathUnsupportedException("an object stream with a malformed header");
    }
    return new ObjectStream(data, first, numbers, offsets);
  }

  // ---------------------------------------------------------------- cross-reference sections

  private static final class TableSection implements Section {
    final long[] firsts;
    final long[] counts;
    final long[] entryOffsets;
    final RawValue.Dict trailer;
    final RawPdf pdf;

    TableSection(RawPdf pdf, long[] firsts, long[] counts, long[] entryOffsets, RawValue.Dict trailer) {
      this.pdf = pdf;
      this.firsts = firsts;
      this.counts = counts;
      this.entryOffsets = entryOffsets;
      this.trailer = trailer;
    }

    @Override
    public Entry lookup(long num) throws IOException {
      for (int i = firsts.length - 1; i >= 0; i--) {
        if (num >= firsts[i] && num < firsts[i] + counts[i]) {
          byte[] e = new byte[20];
          pdf.readFully(entryOffsets[i] + 20 * (num - firsts[i]), e, 0, 20);
          return parseEntry(e);
        }
      }
      return null;
    }

    @Override
    public long maxObject() {
      long m = 0;
      for (int i = 0; i < firsts.length; i++) {
        m = Math.max(m, firsts[i] + counts[i] - 1);
      }
      return m;
    }

    private static Entry parseEntry(byte[] e) throws FastPathUnsupportedException {
      // "oooooooooo ggggg n\r\n" (or " \n", " \r")
      for (int i = 0; i < 10; i++) {
        if (!Character.isDigit(e[i])) {
          throw new FastPathUnsupportedException("a malformed cross-reference entry");
        }
      }
      for (int i = 11; i < 16; i++) {
        if (!Character.isDigit(e[i])) {
          throw new FastPathUnsupportedException("a malformed cross-reference entry");
        }
      }
      if (e[10] != ' ' || e[16] != ' ' || (e[17] != 'n' && e[17] != 'f')
          || !RawParser.isWhite(e[18]) || !RawParser.isWhite(e[19])) {
        throw new FastPathUnsupportedException("a malformed cross-reference entry");
      }
      long off = Long.parseLong(new String(e, 0, 10, StandardCharsets.US_ASCII));
      int gen = Integer.parseInt(new String(e, 11, 5, StandardCharsets.US_ASCII));
      return e[17] == 'n' ? new Entry(1, off, gen) : new Entry(0, off, gen);
    }
  }

  private TableSection readTable(long offset) throws IOException {
    List<long[]> subs = new ArrayList<>();
    long pos = offset + 4; // "xref"
    RawValue.Dict trailerDict;
    while (true) {
      long p0 = pos;
      // a subsection header "first count" or the keyword "trailer"
      String[] head = withWindow(p0, p -> {
        String a = p.token();
        if ("trailer".equals(a)) {
          return new String[] {a, null, String.valueOf(p.pos)};
        }
        String b = p.token();
        // exactly one end of line (or space + EOL) before the entries
        int q = p.pos;
        while (q < p.limit && (p.buf[q] == ' ' || p.buf[q] == '\t')) {
          q++;
        }
        if (q < p.limit && p.buf[q] == '\r') {
          q++;
        }
        if (q < p.limit && p.buf[q] == '\n') {
          q++;
        }
        return new String[] {a, b, String.valueOf(q)};
      });
      if ("trailer".equals(head[0])) {
        long tpos = p0 + Long.parseLong(head[2]);
        trailerDict = withWindow(tpos, p -> {
          RawValue v = p.value();
          if (!(v instanceof RawValue.Dict d)) {
            throw new FastPathUnsupportedException("a trailer that is not a dictionary");
          }
          return d;
        });
        break;
      }
      if (!head[0].chars().allMatch(Character::isDigit) || head[1] == null
          || !head[1].chars().allMatch(Character::isDigit) || head[0].isEmpty() || head[1].isEmpty()) {
        throw new FastPathUnsupportedException("a malformed cross-reference table");
      }
      long first = Long.parseLong(head[0]);
      long count = Long.parseLong(head[1]);
      long entries = p0 + Long.parseLong(head[2]);
      subs.add(new long[] {first, count, entries});
      pos = entries + 20 * count;
      if (pos > length || subs.size() > 1_000_000) {
        throw new FastPathUnsupportedException("a cross-reference table that runs past the file");
      }
    }
    long[] firsts = new long[subs.size()];
    long[] counts = new long[subs.size()];
    long[] offs = new long[subs.size()];
    for (int i = 0; i < subs.size(); i++) {
      firsts[i] = subs.get(i)[0];
      counts[i] = subs.get(i)[1];
      offs[i] = subs.get(i)[2];
    }
    return new TableSection(this, firsts, counts, offs, trailerDict);
  }

  private static final class StreamSection implements Section {
    final RawValue.Dict dict;
    final byte[] data;
    final int[] w;
    final long[] starts;
    final long[] counts;
    final long[] rowBase;

    StreamSection(RawValue.Dict dict, byte[] data, int[] w, long[] starts, long[] counts) {
      this.dict = dict;
      this.data = data;
      this.w = w;
      this.starts = starts;
      this.counts = counts;
      this.rowBase = new long[starts.length];
      long r = 0;
      for (int i = 0; i < starts.length; i++) {
        rowBase[i] = r;
        r += counts[i];
      }
    }

    @Override
    public Entry lookup(long num) throws IOException {
      int rowLen = w[0] + w[1] + w[2];
      for (int i = starts.length - 1; i >= 0; i--) {
        if (num >= starts[i] && num < starts[i] + counts[i]) {
          long row = rowBase[i] + (num - starts[i]);
          long at = row * rowLen;
          if (at + rowLen > data.length) {
            throw new FastPathUnsupportedException("a cross-reference stream shorter than its /Index");
          }
          int p = (int) at;
          long type = w[0] == 0 ? 1 : field(p, w[0]);
          long f2 = field(p + w[0], w[1]);
          long f3 = field(p + w[0] + w[1], w[2]);
          return new Entry((int) type, f2, f3);
        }
      }
      return null;
    }

    private long field(int p, int width) {
      long v = 0;
      for (int i = 0; i < width; i++) {
        v = (v << 8) | (data[p + i] & 0xFF);
      }
      return v;
    }

    @Override
    public long maxObject() {
      long m = 0;
      for (int i = 0; i < starts.length; i++) {
        m = Math.max(m, starts[i] + counts[i] - 1);
      }
      return m;
    }
  }

  /** A table with its /XRefStm: in-use table entries first, then the stream, then free table entries. */
  private static final class HybridMarker implements Section {
    final TableSection table;
    final StreamSection stream;

    HybridMarker(TableSection table, StreamSection stream) {
      this.table = table;
      this.stream = stream;
    }

    @Override
    public Entry lookup(long num) throws IOException {
      Entry t = table.lookup(num);
      if (t != null && t.type() == 1) {
        return t;
      }
      Entry s = stream.lookup(num);
      if (s != null && s.type() != 0) {
        return s;
      }
      return t != null ? t : s;
    }

    @Override
    public long maxObject() {
      return Math.max(table.maxObject(), stream.maxObject());
    }
  }

  private StreamSection readStreamSection(long offset) throws IOException {
    if (offset <= 0 || offset >= length) {
      throw new FastPathUnsupportedException("a cross-reference stream offset outside the file");
    }
    StreamObject so = readStream(offset, -1);
    RawValue.Dict d = so.dict();
    if (!(d.get("Type") instanceof RawValue.Name t) || !"XRef".equals(t.name())) {
      throw new FastPathUnsupportedException("a startxref that does not point at a cross-reference section");
    }
    if (!(d.get("W") instanceof RawValue.Arr wa) || wa.items().size() != 3) {
      throw new FastPathUnsupportedException("a cross-reference stream without /W");
    }
    int[] w = new int[3];
    for (int i = 0; i < 3; i++) {
      w[i] = intOf(wa.items().get(i), -1);
      if (w[i] < 0 || w[i] > 8) {
        throw new FastPathUnsupportedException("a cross-reference stream with odd /W");
      }
    }
    long size = d.get("Size") instanceof RawValue.Num n ? n.longValue() : -1;
    long[] starts;
    long[] counts;
    if (d.get("Index") instanceof RawValue.Arr ia) {
      if (ia.items().size() % 2 != 0) {
        throw new FastPathUnsupportedException("a cross-reference stream with odd /Index");
      }
      starts = new long[ia.items().size() / 2];
      counts = new long[starts.length];
      for (int i = 0; i < starts.length; i++) {
        starts[i] = intOf(ia.items().get(2 * i), -1);
        counts[i] = intOf(ia.items().get(2 * i + 1), -1);
        if (starts[i] < 0 || counts[i] < 0) {
          throw new FastPathUnsupportedException("a cross-reference stream with odd /Index");
        }
      }
    } else if (size >= 0) {
      starts = new long[] {0};
      counts = new long[] {size};
    } else {
      throw new FastPathUnsupportedException("a cross-reference stream without /Size");
    }
    return new StreamSection(d, so.data(), w, starts, counts);
  }

  @Override
  public void close() throws IOException {
    src.close();
  }
}
