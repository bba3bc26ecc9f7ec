package org.kyso.pdf.internal.fast;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds where each revision of a PDF ends, exactly as DSS 6.4 does when it lists a document's revisions (the
 * ends after which a {@code %%EOF} marker and its line break lie), but in one pass over a buffer without any
 * allocation per byte. DSS reads the file byte by byte and keeps a short line buffer: it recognises {@code %%EOF}
 * when the buffer holds exactly those five bytes, clears the buffer at each line break and whenever it grows past
 * five bytes (so a marker is only seen at the start of a line or at a multiple of six bytes after it), and after a
 * marker it takes the next byte (and the one after it when that is a CR) out of the scan, counting a LF or CR LF
 * there as part of the revision. This class keeps those rules, so that the revisions kyso's fast path reports are
 * the ones DSS would report, and skips eight bytes at a time where none is a CR, a LF or a '%'.
 */
final class EofScanner {
  /** The bytes the scan stops at: CR, LF and '%'. */
  private static final boolean[] INTERESTING = new boolean[256];

  static {
    INTERESTING['\r'] = true;
    INTERESTING['\n'] = true;
    INTERESTING['%'] = true;
  }

  private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
      long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  private EofScanner() {}

  /** Whether one of the 8 bytes in {@code v} is CR, LF or '%' (the classic test for a zero byte). */
  private static boolean anyInteresting(long v) {
    long cr = v ^ (ONES * '\r');
    long lf = v ^ (ONES * '\n');
    long pc = v ^ (ONES * '%');
    return ((((cr - ONES) & ~cr) | ((lf - ONES) & ~lf) | ((pc - ONES) & ~pc)) & HIGHS) != 0;
  }

  /** The end offsets (exclusive, line break included) of the revisions in {@code in}, in file order. */
  static List<Long> scan(InputStream in) throws IOException {
    // DSS's line buffer is empty at a position p exactly when (p - r) is a multiple of 6, r being the last reset:
    // just after a line break it processed, or just after the bytes a marker consumed. So one pass only needs to
    // remember where the last line break was, and look closer at each "%%EOF".
    List<Long> ends = new ArrayList<>();
    byte[] buf = new byte[(1 << 16) + 4];
    int carry = 0;
    long base = 0; // file offset of buf[0]
    long lastBreak = -1; // offset of the last CR or LF processed as a line break
    long reset = 0; // offset where DSS's line buffer last restarted after a marker
    int pending = 0; // bytes of a marker's line break still to consume: 1 after the marker, 2 after its CR
    long eof = 0;
    boolean done = false;
    while (!done) {
      int n = in.read(buf, carry, buf.length - carry);
      done = n <= 0;
      int len = carry + Math.max(n, 0);
      int stop = done ? len : len - 4;
      int i = 0;
      while (i < stop || (pending > 0 && i < len)) {
        if (pending > 0) {
          byte b = buf[i];
          if (pending == 1 && b == '\r') {
            eof++;
            pending = 2;
          } else {
            ends.add(b == '\n' ? eof + 1 : eof);
            pending = 0;
          }
          i++;
          reset = base + i;
          continue;
        }
        if (i + 8 <= stop && !anyInteresting((long) LONGS.get(buf, i))) {
          i += 8;
          continue;
        }
        int b = buf[i] & 0xFF;
        if (INTERESTING[b]) {
          if (b == '\n' || b == '\r') {
            lastBreak = base + i;
          } else if (b == '%' && i + 4 < len && buf[i + 1] == '%' && buf[i + 2] == 'E' && buf[i + 3] == 'O'
              && buf[i + 4] == 'F') {
            long p = base + i;
            long start = Math.max(lastBreak + 1, reset);
            if ((p - start) % 6 == 0) {
              eof = p + 5;
              pending = 1;
              i += 5;
              reset = base + i;
              continue;
            }
          }
        }
        i++;
      }
      if (done) {
        break;
      }
      carry = len - i;
      System.arraycopy(buf, i, buf, 0, carry);
      base += i;
    }
    if (pending > 0) {
      ends.add(eof);
    }
    return ends;
  }
}
