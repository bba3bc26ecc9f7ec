package org.kyso.pdf.internal.fast;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSBoolean;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSFloat;
import org.apache.pdfbox.cos.COSInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSNull;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdfwriter.COSWriter;

/**
 * Serialises PDF objects for an incremental update: direct values are written out, indirect references stay
 * references ({@code n g R}). Streams cannot be written (the incremental signer never rewrites a stream).
 */
final class CosBytes {
  private final ByteArrayOutputStream out;

  CosBytes(ByteArrayOutputStream out) {
    this.out = out;
  }

  CosBytes ascii(String s) {
    out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    return this;
  }

  CosBytes raw(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  int position() {
    return out.size();
  }

  /** Writes a direct value (a reference for a {@link COSObject}). */
  CosBytes value(COSBase b) throws IOException {
    if (b == null || b instanceof COSNull) {
      ascii("null");
    } else if (b instanceof COSObject o) {
      ref(o.getObjectNumber(), o.getGenerationNumber());
    } else if (b instanceof COSStream) {
      throw new FastPathUnsupportedException("a stream is used as a direct value");
    } else if (b instanceof COSDictionary d) {
      dictionary(d, Map.of());
    } else if (b instanceof COSArray a) {
      ascii("[");
      for (int i = 0; i < a.size(); i++) {
        if (i > 0) {
          ascii(" ");
        }
        value(a.get(i));
      }
      ascii("]");
    } else if (b instanceof COSName n) {
      n.writePDF(out);
    } else if (b instanceof COSString s) {
      COSWriter.writeString(s.getBytes(), out);
    } else if (b instanceof COSInteger i) {
      i.writePDF(out);
    } else if (b instanceof COSFloat f) {
      f.writePDF(out);
    } else if (b instanceof COSBoolean bo) {
      bo.writePDF(out);
    } else {
      throw new FastPathUnsupportedException("an unexpected object type " + b.getClass().getSimpleName());
    }
    return this;
  }

  /**
   * Writes a dictionary. An item of {@code overrides} replaces the item of the same name (or is added); an
   * override with a {@code null} value removes it.
   */
  CosBytes dictionary(COSDictionary d, Map<COSName, byte[]> overrides) throws IOException {
    ascii("<<");
    for (Map.Entry<COSName, COSBase> e : d.entrySet()) {
      if (overrides.containsKey(e.getKey())) {
        continue;
      }
      ascii(" ");
      e.getKey().writePDF(out);
      ascii(" ");
      value(e.getValue());
    }
    for (Map.Entry<COSName, byte[]> e : overrides.entrySet()) {
      if (e.getValue() != null) {
        ascii(" ");
        e.getKey().writePDF(out);
        ascii(" ");
        out.writeBytes(e.getValue());
      }
    }
    ascii(" >>");
    return this;
  }

  CosBytes ref(long number, int generation) {
    return ascii(number + " " + generation + " R");
  }

  static String ref(COSObjectKey k) {
    return k.getNumber() + " " + k.getGeneration() + " R";
  }

  /** A PDF text string: literal for printable ASCII, UTF-16BE with a byte order mark otherwise, hex-encoded. */
  static byte[] textString(String text) {
    boolean ascii = text.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    byte[] raw;
    if (ascii) {
      raw = text.getBytes(StandardCharsets.US_ASCII);
    } else {
      byte[] utf16 = text.getBytes(StandardCharsets.UTF_16BE);
      raw = new byte[utf16.length + 2];
      raw[0] = (byte) 0xFE;
      raw[1] = (byte) 0xFF;
      System.arraycopy(utf16, 0, raw, 2, utf16.length);
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream(raw.length * 2 + 2);
    try {
      COSWriter.writeString(raw, b);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return b.toByteArray();
  }
}
