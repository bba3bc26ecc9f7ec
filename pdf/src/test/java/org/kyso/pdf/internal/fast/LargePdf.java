package org.kyso.pdf.internal.fast;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;

/**
 * Writes a large PDF by streaming, holding a few kilobytes at a time: {@code pages} pages, each drawing its own
 * incompressible image of {@code bytesPerPage} bytes, with a classic cross-reference table.
 */
final class LargePdf {
  private LargePdf() {}

  static Path write(Path out, int pages, int bytesPerPage) throws IOException {
    Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".gen", ".tmp");
    Random rnd = new Random(7);
    try (Counting w = new Counting(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
      int objects = 2 + 3 * pages;
      long[] offsets = new long[objects + 1];
      w.ascii("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
      offsets[1] = w.count;
      w.ascii("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
      offsets[2] = w.count;
      StringBuilder kids = new StringBuilder();
      for (int i = 0; i < pages; i++) {
        kids.append(3 + 3 * i).append(" 0 R ");
      }
      w.ascii("2 0 obj\n<< /Type /Pages /Count " + pages + " /Kids [" + kids + "] >>\nendobj\n");
      byte[] chunk = new byte[1 << 16];
      int width = 1000;
      int height = Math.max(1, bytesPerPage / width);
      for (int i = 0; i < pages; i++) {
        int page = 3 + 3 * i;
        offsets[page] = w.count;
        w.ascii(page + " 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents " + (page + 1)
            + " 0 R /Resources << /XObject << /Im0 " + (page + 2) + " 0 R >> /Font << /F1 << /Type /Font "
            + "/Subtype /Type1 /BaseFont /Helvetica >> >> >> >>\nendobj\n");
        String content = "q 400 0 0 400 100 300 cm /Im0 Do Q BT /F1 12 Tf 50 800 Td (Page " + (i + 1) + ") Tj ET\n";
        offsets[page + 1] = w.count;
        w.ascii((page + 1) + " 0 obj\n<< /Length " + content.length() + " >>\nstream\n" + content
            + "endstream\nendobj\n");
        offsets[page + 2] = w.count;
        long len = (long) width * height;
        w.ascii((page + 2) + " 0 obj\n<< /Type /XObject /Subtype /Image /Width " + width + " /Height " + height
            + " /ColorSpace /DeviceGray /BitsPerComponent 8 /Length " + len + " >>\nstream\n");
        for (long left = len; left > 0; ) {
          rnd.nextBytes(chunk);
          int n = (int) Math.min(chunk.length, left);
          w.write(chunk, 0, n);
          left -= n;
        }
        w.ascii("\nendstream\nendobj\n");
      }
      long xref = w.count;
      StringBuilder x = new StringBuilder("xref\n0 " + (objects + 1) + "\n0000000000 65535 f \n");
      for (int o = 1; o <= objects; o++) {
        x.append(String.format("%010d 00000 n \n", offsets[o]));
      }
      w.ascii(x + "trailer\n<< /Size " + (objects + 1) + " /Root 1 0 R >>\nstartxref\n" + xref + "\n%%EOF\n");
    }
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return out;
  }

  private static final class Counting extends OutputStream {
    private final OutputStream out;
    long count;

    Counting(OutputStream out) {
      this.out = out;
    }

    void ascii(String s) throws IOException {
      write(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
