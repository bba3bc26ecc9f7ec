package org.kyso.pdf.internal;

import java.nio.charset.StandardCharsets;

/**
 * Repairs the padding of the signature PDFBox writes into an encrypted document.
 *
 * <p>Why: the value of a signature's {@code /Contents} is never encrypted (ISO 32000-2, 7.6.2), but PDFBox 3
 * encrypts the zero-filled placeholder it reserves for it like any other string, then writes the CMS over the start
 * of that space in clear. The CMS is read correctly, but the rest of the space holds the encrypted zeros instead of
 * zero padding: pdfsig then reports the document as "Not total document signed", and a strict reader may reject the
 * field. This class writes zeros (hex {@code 0}) after the end of the DER-encoded CMS, inside the gap of the byte
 * range of the signature just written: bytes no signature covers, so no signature changes.
 */
final class EncryptedContents {
  private static final byte[] BYTE_RANGE = "/ByteRange".getBytes(StandardCharsets.ISO_8859_1);

  private EncryptedContents() {}

  /**
   * Zeroes the padding of the last signature of {@code pdf} (the one whose byte range ends at the end of the file) in
   * place; does nothing when no such signature or no readable DER length is found.
   */
  static void zeroPadding(byte[] pdf) {
    long[] range = lastByteRange(pdf);
    if (range == null || range[2] + range[3] != pdf.length) {
      return;
    }
    int open = (int) range[1];
    int close = (int) range[2] - 1;
    if (open < 0 || close <= open || close >= pdf.length || pdf[open] != '<' || pdf[close] != '>') {
      return;
    }
    int hexStart = open + 1;
    int hexLength = close - hexStart;
    long derLength = derLength(pdf, hexStart, hexLength);
    if (derLength <= 0 || 2 * derLength > hexLength) {
      return;
    }
    for (int i = hexStart + (int) (2 * derLength); i < close; i++) {
      pdf[i] = '0';
    }
  }

  /** The length in bytes (header included) of the DER SEQUENCE whose hex starts at {@code at}, or -1. */
  private static long derLength(byte[] pdf, int at, int hexLength) {
    if (hexLength < 4 || hex(pdf, at, 1) != 0x30) {
      return -1;
    }
    int first = hex(pdf, at + 2, 1);
    if (first < 0 || first == 0x80) {
      return -1; // indefinite length: not what DSS writes
    }
    if (first < 0x80) {
      return 2 + first;
    }
    int n = first & 0x7f;
    if (n > 4 || hexLength < 4 + 2 * n) {
      return -1;
    }
    long len = hex(pdf, at + 4, n);
    return len < 0 ? -1 : 2 + n + len;
  }

  /** {@code n} bytes read from hex digits at {@code at}, big-endian, or -1 when a digit is not hex. */
  private static int hex(byte[] pdf, int at, int n) {
    int v = 0;
    for (int i = 0; i < 2 * n; i++) {
      int d = Character.digit(pdf[at + i], 16);
      if (d < 0) {
        return -1;
      }
      v = (v << 4) | d;
    }
    return v;
  }

  /** The four numbers of the last {@code /ByteRange [a b c d]} in the file, or null. */
  private static long[] lastByteRange(byte[] pdf) {
    for (int i = pdf.length - BYTE_RANGE.length; i >= 0; i--) {
      if (pdf[i] == '/' && matches(pdf, i)) {
        return numbers(pdf, i + BYTE_RANGE.length);
      }
    }
    return null;
  }

  private static boolean matches(byte[] pdf, int at) {
    for (int j = 0; j < BYTE_RANGE.length; j++) {
      if (pdf[at + j] != BYTE_RANGE[j]) {
        return false;
      }
    }
    return true;
  }

  private static long[] numbers(byte[] pdf, int at) {
    int i = at;
    while (i < pdf.length && isSpace(pdf[i])) {
      i++;
    }
    if (i >= pdf.length || pdf[i] != '[') {
      return null;
    }
    i++;
    long[] out = new long[4];
    for (int k = 0; k < 4; k++) {
      while (i < pdf.length && isSpace(pdf[i])) {
        i++;
      }
      int start = i;
      long v = 0;
      while (i < pdf.length && pdf[i] >= '0' && pdf[i] <= '9' && i - start < 12) {
        v = v * 10 + (pdf[i] - '0');
        i++;
      }
      if (i == start) {
        return null;
      }
      out[k] = v;
    }
    return out;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == '\f' || b == 0;
  }
}
