package org.kyso.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceGray;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Generates the benchmark inputs: PDFs of given sizes and page counts (text pages with the standard Helvetica
 * font, made bigger with an incompressible image), an e-invoice-like XML document, and very large PDFs written by
 * streaming (for the bounded-memory runs). Inputs are deterministic for a given seed.
 */
public final class Inputs {
  private Inputs() {}

  /**
   * The 50 KB PDF, like a one-decision document: 3 pages of Vietnamese text in an embedded subset of DejaVu Serif
   * (Helvetica when that font is not installed) and a 10 KB image (a logo or a scanned seal).
   */
  public static Path pdf50k(Path dir) throws IOException {
    return pdf(dir.resolve("in-50k.pdf"), 3, 45, 10_000, 1);
  }

  /** The 5 MB PDF: 20 text pages and a 5 MB image on page 1. */
  public static Path pdf5m(Path dir) throws IOException {
    return pdf(dir.resolve("in-5m.pdf"), 20, 40, 5_000_000, 2);
  }

  /** The 5 MB, 2,000-page PDF: uncompressed text pages of about 2.5 KB each. */
  public static Path pdf2000p(Path dir) throws IOException {
    return pdf(dir.resolve("in-2000p.pdf"), 2000, 45, 0, 3);
  }

  /**
   * A PDF with {@code pages} pages of {@code lines} text lines each (content streams left uncompressed so the size
   * grows with the pages), plus an image of {@code imageBytes} random grey pixels on page 1 when positive.
   * Written atomically; an existing file is kept.
   */
  public static Path pdf(Path out, int pages, int lines, int imageBytes, long seed) throws IOException {
    if (Files.isRegularFile(out)) {
      return out;
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Random rnd = new Random(seed);
    try (PDDocument doc = new PDDocument()) {
      Path ttf = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf");
      boolean embedded = pages <= 50 && Files.isRegularFile(ttf);
      PDFont font = embedded ? PDType0Font.load(doc, ttf.toFile())
          : new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      PDImageXObject image = null;
      if (imageBytes > 0) {
        int w = 1000;
        int h = Math.max(1, imageBytes / w);
        byte[] px = new byte[w * h];
        rnd.nextBytes(px);
        image = new PDImageXObject(new PDStream(doc, new java.io.ByteArrayInputStream(px), COSName.FLATE_DECODE),
            null);
        image.setWidth(w);
        image.setHeight(h);
        image.setBitsPerComponent(8);
        image.setColorSpace(PDDeviceGray.INSTANCE);
      }
      for (int p = 0; p < pages; p++) {
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.OVERWRITE,
            false)) {
          if (p == 0 && image != null) {
            cs.drawImage(image, 300, 600, 200, 200);
          }
          cs.beginText();
          cs.setFont(font, 9);
          cs.setLeading(11);
          cs.newLineAtOffset(50, 800);
          cs.showText("Page " + (p + 1) + " of " + pages + " - kyso benchmark input");
          for (int l = 0; l < lines; l++) {
            cs.newLine();
            cs.showText(embedded ? vietnamese(rnd) : line(rnd));
          }
          cs.endText();
        }
      }
      doc.getDocumentInformation().setTitle("kyso benchmark input");
      Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".gen", ".tmp");
      doc.save(tmp.toFile());
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    return out;
  }

  private static String vietnamese(Random rnd) {
    String[] words = {"quyết", "định", "ủy", "ban", "nhân", "dân", "phường", "Điện", "Biên", "văn", "bản", "số",
        "ngày", "tháng", "năm", "căn", "cứ", "luật", "tổ", "chức", "chính", "quyền", "địa", "phương", "Đà", "Nẵng"};
    StringBuilder sb = new StringBuilder(60);
    while (sb.length() < 50) {
      sb.append(words[rnd.nextInt(words.length)]).append(' ');
    }
    return sb.toString();
  }

  private static String line(Random rnd) {
    String[] words = {"quyet", "dinh", "uy", "ban", "nhan", "dan", "phuong", "dien", "bien", "van", "ban", "so",
        "ngay", "thang", "nam", "can", "cu", "luat", "to", "chuc", "chinh", "quyen", "dia", "phuong"};
    StringBuilder sb = new StringBuilder(60);
    while (sb.length() < 50) {
      sb.append(words[rnd.nextInt(words.length)]).append(' ');
    }
    return sb.toString();
  }

  /** Copies of {@code template} named {@code doc-0000.pdf}... in {@code dir}; existing copies are kept. */
  public static List<Path> copies(Path template, Path dir, int count) throws IOException {
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Path p = dir.resolve(String.format("doc-%04d.pdf", i));
      if (!Files.isRegularFile(p)) {
        Files.copy(template, p);
      }
      out.add(p);
    }
    return out;
  }

  /** An e-invoice-like XML document (HDon/DLHDon@Id with {@code items} lines), about 200 bytes per line. */
  public static Path invoiceXml(Path dir, int items) throws IOException {
    Path out = dir.resolve("invoice-" + items + ".xml");
    if (Files.isRegularFile(out)) {
      return out;
    }
    Files.createDirectories(dir);
    StringBuilder sb = new StringBuilder();
    sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<HDon>\n  <DLHDon Id=\"data\">\n    <TTChung>\n")
        .append("      <PBan>2.0.1</PBan><THDon>Hóa đơn giá trị gia tăng</THDon><KHMSHDon>1</KHMSHDon>")
        .append("<KHHDon>C25TAA</KHHDon><SHDon>123</SHDon><NLap>2025-07-01</NLap><DVTTe>VND</DVTTe>\n")
        .append("    </TTChung>\n    <NDHDon>\n      <NBan><Ten>Công ty TNHH Đà Nẵng</Ten><MST>0401234567</MST>")
        .append("<DChi>Đà Nẵng</DChi></NBan>\n      <NMua><Ten>Ủy ban nhân dân phường Điện Biên</Ten>")
        .append("<MST>0101234567</MST></NMua>\n      <DSHHDVu>\n");
    for (int i = 1; i <= items; i++) {
      sb.append("        <HHDVu><STT>").append(i).append("</STT><THHDVu>Văn phòng phẩm loại ").append(i)
          .append("</THHDVu><DVTinh>Hộp</DVTinh><SLuong>").append(i % 7 + 1).append("</SLuong><DGia>")
          .append(10_000 + i).append("</DGia><ThTien>").append((i % 7 + 1) * (10_000 + i))
          .append("</ThTien><TSuat>10%</TSuat></HHDVu>\n");
    }
    sb.append("      </DSHHDVu>\n    </NDHDon>\n  </DLHDon>\n  <DSCKS><NBan/></DSCKS>\n</HDon>\n");
    Files.writeString(out, sb.toString(), StandardCharsets.UTF_8);
    return out;
  }

  /**
   * Writes a large PDF by streaming, never holding more than a few megabytes: {@code pages} text pages, each
   * drawing its own incompressible image of {@code bytesPerPage} bytes. Used for the 300 MB and 1 GB
   * bounded-memory runs.
   */
  public static Path largePdf(Path out, int pages, int bytesPerPage) throws IOException {
    if (Files.isRegularFile(out)) {
      return out;
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".gen", ".tmp");
    Random rnd = new Random(7);
    try (CountingOut w = new CountingOut(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
      // objects: 1 catalog, 2 pages, then per page i: page 3+3i, content 4+3i, image 5+3i
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
        String content = "q 400 0 0 400 100 300 cm /Im0 Do Q BT /F1 12 Tf 50 800 Td (Page " + (i + 1) + " of "
            + pages + " - kyso large input) Tj ET\n";
        offsets[page + 1] = w.count;
        w.ascii((page + 1) + " 0 obj\n<< /Length " + content.length() + " >>\nstream\n" + content
            + "endstream\nendobj\n");
        offsets[page + 2] = w.count;
        long len = (long) width * height;
        w.ascii((page + 2) + " 0 obj\n<< /Type /XObject /Subtype /Image /Width " + width + " /Height " + height
            + " /ColorSpace /DeviceGray /BitsPerComponent 8 /Length " + len + " >>\nstream\n");
        long left = len;
        while (left > 0) {
          rnd.nextBytes(chunk);
          int n = (int) Math.min(chunk.length, left);
          w.write(chunk, 0, n);
          left -= n;
        }
        w.ascii("\nendstream\nendobj\n");
      }
      long xref = w.count;
      w.ascii("xref\n0 " + (objects + 1) + "\n0000000000 65535 f \n");
      for (int o = 1; o <= objects; o++) {
        w.ascii(String.format("%010d 00000 n \n", offsets[o]));
      }
      w.ascii("trailer\n<< /Size " + (objects + 1) + " /Root 1 0 R >>\nstartxref\n" + xref + "\n%%EOF\n");
    }
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return out;
  }

  /** Checks that PDFBox opens a file and returns its page count (for the generator's own test). */
  public static int pageCount(Path pdf) throws IOException {
    try (PDDocument d = Loader.loadPDF(pdf.toFile())) {
      return d.getNumberOfPages();
    }
  }

  private static final class CountingOut extends OutputStream {
    private final OutputStream out;
    long count;

    CountingOut(OutputStream out) {
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
