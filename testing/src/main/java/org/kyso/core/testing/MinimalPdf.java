package org.kyso.core.testing;

import java.nio.charset.StandardCharsets;

/** The smallest sensible PDF, written by hand: one empty A4 page, a classic cross-reference table. */
public final class MinimalPdf {
  private MinimalPdf() {}

  /** A new copy of the bytes. */
  public static byte[] bytes() {
    String[] objects = {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"};
    StringBuilder out = new StringBuilder("%PDF-1.7\n");
    int[] offsets = new int[objects.length];
    for (int i = 0; i < objects.length; i++) {
      offsets[i] = out.length();
      out.append(i + 1).append(" 0 obj\n").append(objects[i]).append("\nendobj\n");
    }
    int xref = out.length();
    out.append("xref\n0 ").append(objects.length + 1).append("\n0000000000 65535 f \n");
    for (int o : offsets) {
      out.append(String.format("%010d 00000 n \n", o));
    }
    out.append("trailer\n<< /Size ").append(objects.length + 1).append(" /Root 1 0 R >>\nstartxref\n").append(xref)
        .append("\n%%EOF\n");
    return out.toString().getBytes(StandardCharsets.ISO_8859_1);
  }
}
