package org.kyso.pdf.internal.verify;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;

/**
 * Looks at the raw bytes of a PDF after its signed parts: how much follows a signed revision, and whether bytes
 * were appended after the last {@code %%EOF} (which no PDF revision explains). Reads the file directly and only the
 * parts it needs, so it works on large files.
 */
public final class FileTail {
  private static final byte[] EOF = {'%', '%', 'E', 'O', 'F'};
  private static final int CHUNK = 64 * 1024;

  /**
   * What follows a signed revision: {@code bytes} not counting trailing whitespace (0 when nothing follows), and
   * {@code unexplainedBytes}, the size of the later revisions (each ends with {@code %%EOF}) that do not end where
   * a later signature or document timestamp ends — validation data (/DSS) revisions, or changes.
   */
  public record Info(long bytes, long unexplainedBytes) {}

  /** Random access to the document's bytes. */
  public interface Source {
    long length() throws IOException;

    /** Reads up to {@code len} bytes at {@code pos} into {@code buf}; returns how many were read. */
    int read(long pos, byte[] buf, int len) throws IOException;

    static Source of(byte[] content) {
      return new Source() {
        @Override
        public long length() {
          return content.length;
        }

        @Override
        public int read(long pos, byte[] buf, int len) {
          int n = (int) Math.max(0, Math.min(len, content.length - pos));
          System.arraycopy(content, (int) pos, buf, 0, n);
          return n;
        }
      };
    }

    static Source of(Path file) {
      return new Source() {
        @Override
        public long length() {
          return file.toFile().length();
        }

        @Override
        public int read(long pos, byte[] buf, int len) throws IOException {
          try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(pos);
            int total = 0;
            while (total < len) {
              int n = f.read(buf, total, len - total);
              if (n < 0) {
                break;
              }
              total += n;
            }
            return total;
          }
        }
      };
    }
  }

  private FileTail() {}

  /**
   * What follows {@code offset}; {@code knownEnds} are the positions where signed revisions (signatures, document
   * timestamps) end.
   */
  public static Info after(Source src, long offset, java.util.Collection<Long> knownEnds) throws IOException {
    long len = src.length();
    if (offset >= len) {
      return new Info(0, 0);
    }
    long end = endWithoutTrailingWhitespace(src, offset);
    long unexplained = 0;
    long start = offset;
    for (long eof : eofPositions(src, offset, end)) {
      long sectionEnd = eof + EOF.length;
      final long s0 = start;
      boolean explained = knownEnds.stream().anyMatch(k -> k > s0 && k >= sectionEnd && k <= sectionEnd + 2);
      // a signer may end its range just before its own %%EOF: a section that holds no more than that is no change;
      // only the first one, right after the signed part (more bare %%EOF markers are appended data)
      if (!explained && (start != offset || sectionEnd - start > EOF.length + 2)) {
        unexplained += sectionEnd - start;
      }
      start = sectionEnd;
    }
    return new Info(Math.max(0, end - offset), unexplained);
  }

  /**
   * {@link #after} for every offset of one file from a single scan of it, so that a file with many signatures is
   * read once rather than once per signature (issue 20: time linear in the number of signatures).
   */
  public static Index index(Source src, java.util.Collection<Long> knownEnds) throws IOException {
    return new Index(src, knownEnds);
  }

  /** What follows each offset of one file; see {@link #index}. */
  public static final class Index {
    private final long length;
    private final long end;
    private final long[] eofs;
    private final boolean[] explained;
    /** suffix[i]: the unexplained bytes of sections i, i+1, ... (each but the first one after an offset). */
    private final long[] suffix;

    private Index(Source src, java.util.Collection<Long> knownEnds) throws IOException {
      length = src.length();
      end = endWithoutTrailingWhitespace(src, 0);
      List<Long> found = eofPositions(src, 0, end);
      java.util.Set<Long> known = new java.util.HashSet<>(knownEnds);
      eofs = new long[found.size()];
      explained = new boolean[found.size()];
      for (int i = 0; i < eofs.length; i++) {
        eofs[i] = found.get(i);
        long sectionEnd = eofs[i] + EOF.length;
        // as in after(): a known end right at the section's end, or up to two line-break bytes after it
        explained[i] = known.contains(sectionEnd) || known.contains(sectionEnd + 1) || known.contains(sectionEnd + 2);
      }
      suffix = new long[eofs.length + 1];
      for (int i = eofs.length - 1; i >= 1; i--) {
        suffix[i] = suffix[i + 1] + (explained[i] ? 0 : eofs[i] - eofs[i - 1]);
      }
      // data between a %%EOF and the next update's first object (a comment of any size, appended before a later
      // revision was written after it): counted like data after the last %%EOF
      leadSuffix = new long[eofs.length + 1];
      for (int i = eofs.length - 2; i >= 0; i--) {
        leadSuffix[i] = leadSuffix[i + 1] + leadingData(src, eofs[i] + EOF.length, eofs[i + 1]);
      }
    }

    /** leadSuffix[i]: the data at the start of the sections after %%EOF i, i+1, ... (not after the last one). */
    private final long[] leadSuffix;

    /**
     * The bytes of data (not white space, not a PDF object or cross-reference section) that lie between a %%EOF and
     * the next revision's content anywhere after the revision that ends at {@code offset}; data after the last
     * %%EOF is not counted here ({@link FileTail#junkAfterLastEof}).
     */
    public long dataBetweenRevisionsAfter(long offset) {
      // the revision's own %%EOF may end up to two line-break bytes before the offset, or follow it
      int i0 = java.util.Arrays.binarySearch(eofs, offset - EOF.length - 2);
      i0 = i0 >= 0 ? i0 : -i0 - 1;
      return i0 < eofs.length ? leadSuffix[i0] : 0;
    }

    private static long leadingData(Source src, long from, long to) throws IOException {
      byte[] buf = new byte[CHUNK];
      long pos = from;
      boolean lineStart = false;
      int want = 64; // usually the next object starts at once
      while (pos < to) {
        int got = src.read(pos, buf, (int) Math.min(want, to - pos));
        want = CHUNK;
        if (got <= 0) {
          break;
        }
        for (int i = 0; i < got; i++) {
          byte b = buf[i];
          if (b == '\r' || b == '\n') {
            lineStart = true;
            continue;
          }
          if (b == ' ' || b == '\t' || b == '\f' || b == 0) {
            continue;
          }
          if ((pos + i == from || lineStart) && (Character.isDigit(b) || b == 'x')) {
            // the next revision's first object ("12 0 obj") or cross-reference table: where the data ends
            long start = firstData(src, from, pos + i);
            return start < 0 ? 0 : pos + i - start;
          }
          lineStart = false;
        }
        pos += got;
      }
      long start = firstData(src, from, to);
      return start < 0 ? 0 : to - start;
    }

    /** The first byte in [from, to) that is not white space, or -1. */
    private static long firstData(Source src, long from, long to) throws IOException {
      byte[] buf = new byte[256];
      long pos = from;
      while (pos < to) {
        int got = src.read(pos, buf, (int) Math.min(buf.length, to - pos));
        if (got <= 0) {
          return -1;
        }
        for (int i = 0; i < got; i++) {
          byte b = buf[i];
          if (b != ' ' && b != '\t' && b != '\f' && b != 0 && b != '\r' && b != '\n') {
            return pos + i;
          }
        }
        pos += got;
      }
      return -1;
    }

    /** The same as {@link FileTail#after} with this index's source and known ends. */
    public Info after(long offset) {
      if (offset >= length) {
        return new Info(0, 0);
      }
      long e = Math.max(offset, end);
      int i0 = java.util.Arrays.binarySearch(eofs, offset);
      i0 = i0 >= 0 ? i0 : -i0 - 1;
      long unexplained = 0;
      if (i0 < eofs.length && e == end) {
        long first = eofs[i0] + EOF.length - offset;
        unexplained = (!explained[i0] && first > EOF.length + 2 ? first : 0) + suffix[i0 + 1];
      }
      return new Info(Math.max(0, e - offset), unexplained);
    }
  }

  /** The positions of every %%EOF that starts in [from, to - 5], in order. */
  static java.util.List<Long> eofPositions(Source src, long from, long to) throws IOException {
    java.util.List<Long> out = new java.util.ArrayList<>();
    byte[] buf = new byte[CHUNK + EOF.length];
    long lo = from;
    while (to - lo >= EOF.length) {
      int n = (int) Math.min(buf.length, to - lo);
      int got = src.read(lo, buf, n);
      // the first byte alone in the loop: a 5 MB file is scanned in a few milliseconds under the quick JIT
      for (int i = 0, last = got - EOF.length; i <= last; i++) {
        if (buf[i] == '%' && matches(buf, i)) {
          out.add(lo + i);
        }
      }
      if (lo + got >= to || got < EOF.length) {
        break;
      }
      lo += got - EOF.length + 1;
    }
    return out;
  }

  /**
   * The number of bytes after the last {@code %%EOF} that lies at or after {@code lastSignedEnd} (trailing
   * whitespace not counted); when no {@code %%EOF} follows the signed part at all, every byte after it counts.
   */
  public static long junkAfterLastEof(Source src, long lastSignedEnd) throws IOException {
    long len = src.length();
    long end = endWithoutTrailingWhitespace(src, Math.max(0, lastSignedEnd));
    if (end <= lastSignedEnd) {
      return 0;
    }
    long eof = lastIndexOfEof(src, Math.max(0, lastSignedEnd - EOF.length), end);
    if (eof < 0 || eof + EOF.length <= lastSignedEnd) {
      return end - lastSignedEnd;
    }
    long after = eof + EOF.length;
    byte[] eol = new byte[2];
    int got = src.read(after, eol, 2);
    for (int i = 0; i < got && (eol[i] == '\r' || eol[i] == '\n'); i++) {
      after++;
    }
    return Math.max(0, end - after);
  }

  /** True when any of {@code needles} (ASCII) occurs in the source; reads it once, in chunks. */
  public static boolean containsAny(Source src, List<String> needles) throws IOException {
    List<byte[]> ns = new java.util.ArrayList<>();
    int longest = 1;
    for (String n : needles) {
      byte[] b = n.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      ns.add(b);
      longest = Math.max(longest, b.length);
    }
    boolean[] first = new boolean[256];
    for (byte[] n : ns) {
      if (n.length == 0) {
        java.util.Arrays.fill(first, true);
      } else {
        first[n[0] & 0xFF] = true;
      }
    }
    long len = src.length();
    byte[] buf = new byte[CHUNK + longest];
    long pos = 0;
    while (pos < len) {
      int got = src.read(pos, buf, (int) Math.min(buf.length, len - pos));
      for (int i = 0; i < got; i++) {
        if (!first[buf[i] & 0xFF]) {
          continue;
        }
        for (byte[] n : ns) {
          if (i + n.length <= got && startsWith(buf, i, n)) {
            return true;
          }
        }
      }
      if (pos + got >= len || got <= longest) {
        break;
      }
      pos += got - longest + 1;
    }
    return false;
  }

  private static boolean startsWith(byte[] buf, int at, byte[] n) {
    for (int j = 0; j < n.length; j++) {
      if (buf[at + j] != n[j]) {
        return false;
      }
    }
    return true;
  }

  private static long endWithoutTrailingWhitespace(Source src, long floor) throws IOException {
    long pos = src.length();
    byte[] buf = new byte[CHUNK];
    while (pos > floor) {
      int n = (int) Math.min(CHUNK, pos - floor);
      int got = src.read(pos - n, buf, n);
      for (int i = got - 1; i >= 0; i--) {
        byte b = buf[i];
        if (b != ' ' && b != '\r' && b != '\n' && b != '\t' && b != '\f' && b != 0) {
          return pos - n + i + 1;
        }
      }
      pos -= n;
    }
    return floor;
  }

  /** The position of the last %%EOF that starts in [from, to - 5], or -1. */
  private static long lastIndexOfEof(Source src, long from, long to) throws IOException {
    byte[] buf = new byte[CHUNK + EOF.length];
    long hi = to;
    while (hi - from >= EOF.length) {
      long lo = Math.max(from, hi - CHUNK - EOF.length);
      int n = (int) (hi - lo);
      int got = src.read(lo, buf, n);
      for (int i = got - EOF.length; i >= 0; i--) {
        if (matches(buf, i)) {
          return lo + i;
        }
      }
      if (lo == from) {
        break;
      }
      hi = lo + EOF.length - 1;
    }
    return -1;
  }

  private static boolean matches(byte[] buf, int at) {
    for (int j = 0; j < EOF.length; j++) {
      if (buf[at + j] != EOF[j]) {
        return false;
      }
    }
    return true;
  }
}
