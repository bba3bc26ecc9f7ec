package org.kyso.pdf.internal.fast;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.io.RandomAccessRead;

/**
 * The last cross-reference section of a PDF, read from the bytes themselves (not from a parser that may have
 * repaired the file): the {@code startxref} offset at the end of the file, and whether it points at a classic
 * {@code xref} table or at a cross-reference stream object. An incremental update chains to it with {@code /Prev},
 * so it must be exactly right.
 */
record StartXref(long offset, boolean stream) {
  private static final int TAIL = 1_024;

  static StartXref read(RandomAccessRead in, long length) throws IOException {
    int n = (int) Math.min(TAIL, length);
    byte[] tail = new byte[n];
    in.seek(length - n);
    readFully(in, tail);
    String t = new String(tail, StandardCharsets.ISO_8859_1);
    int at = t.lastIndexOf("startxref");
    if (at < 0 || t.indexOf("%%EOF", at) < 0) {
      throw new FastPathUnsupportedException("a file without a final startxref and %%EOF");
    }
    int p = at + "startxref".length();
    while (p < t.length() && isWhite(t.charAt(p))) {
      p++;
    }
    int q = p;
    while (q < t.length() && Character.isDigit(t.charAt(q))) {
      q++;
    }
    if (q == p || q - p > 15) {
      throw new FastPathUnsupportedException("an unreadable startxref");
    }
    long offset = Long.parseLong(t.substring(p, q));
    if (offset <= 0 || offset >= length) {
      throw new FastPathUnsupportedException("a startxref outside the file");
    }
    byte[] head = new byte[(int) Math.min(64, length - offset)];
    in.seek(offset);
    readFully(in, head);
    String h = new String(head, StandardCharsets.ISO_8859_1);
    if (h.startsWith("xref")) {
      return new StartXref(offset, false);
    }
    if (h.matches("(?s)\\d+\\s+\\d+\\s+obj.*")) {
      return new StartXref(offset, true);
    }
    throw new FastPathUnsupportedException("a startxref that does not point at a cross-reference section");
  }

  private static boolean isWhite(char c) {
    return c == ' ' || c == '\r' || c == '\n' || c == '\t' || c == '\f' || c == 0;
  }

  private static void readFully(RandomAccessRead in, byte[] b) throws IOException {
    int off = 0;
    while (off < b.length) {
      int r = in.read(b, off, b.length - off);
      if (r < 0) {
        throw new IOException("unexpected end of file");
      }
      off += r;
    }
  }
}
