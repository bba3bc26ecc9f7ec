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

  /** The positions of every %%EOF that starts in [from, to - 5], in order. */
  static java.util.List<Long> eofPositions(Source src, long from, long to) throws IOException {
    java.util.List<Long> out = new java.util.ArrayList<>();
    byte[] buf = new byte[CHUNK + EOF.length];
    long lo = from;
    while (to - lo >= EOF.length) {
      int n = (int) Math.min(buf.length, to - lo);
      int got = src.read(lo, buf, n);
      for (int i = 0; i + EOF.length <= got; i++) {
        if (matches(buf, i)) {
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
    long len = src.length();
    byte[] buf = new byte[CHUNK + longest];
    long pos = 0;
    while (pos < len) {
      int got = src.read(pos, buf, (int) Math.min(buf.length, len - pos));
      for (int i = 0; i < got; i++) {
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
