package org.kyso.registers.internal.export;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.kyso.core.KysoException;
import org.kyso.registers.EntryStatus;
import org.kyso.registers.IncomingEntry;
import org.kyso.registers.Organisation;
import org.kyso.registers.OutgoingEntry;
import org.kyso.registers.RegisterEntry;
import org.kyso.registers.RegisterKind;
import org.kyso.registers.Series;
import org.kyso.registers.internal.Fold;

/**
 * The printable register book (Decree 30/2020, Appendix IV): A4 landscape, one row per entry under the numbered
 * column headings of the outgoing or incoming register, grouped by series, with DejaVu Sans Condensed embedded
 * (it covers Vietnamese; licence next to the font files).
 */
public final class PdfBook {
  private static final DateTimeFormatter DMY = DateTimeFormatter.ofPattern("dd/MM/yyyy", Locale.ROOT);
  private static final float MARGIN = 28;
  private static final float BOTTOM = 42;
  private static final float SIZE = 8;
  private static final float LEADING = 9.8f;
  private static final float PAD = 3;
  private static final int MAX_LINES = 40;

  private static final String[] OUT_HEADINGS = {"Số, ký hiệu văn bản", "Ngày tháng văn bản",
      "Tên loại và trích yếu nội dung văn bản", "Người ký", "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu",
      "Số lượng bản", "Ngày chuyển", "Ký nhận", "Ghi chú"};
  private static final float[] OUT_WIDTHS = {84, 54, 210, 72, 92, 72, 36, 50, 50, 66};
  private static final String[] IN_HEADINGS = {"Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu", "Ngày tháng",
      "Tên loại và trích yếu nội dung", "Đơn vị hoặc người nhận", "Ký nhận", "Ghi chú"};
  private static final float[] IN_WIDTHS = {52, 38, 104, 84, 54, 224, 94, 58, 78};

  private PdfBook() {}

  public static void write(Path out, RegisterKind kind, int year, Organisation org, List<RegisterEntry> entries,
      LocalDate printed) throws KysoException {
    AtomicFile.write(out, os -> {
      // page contents go to a scratch file, not the heap: a large register's book streams to disk
      try (PDDocument doc = new PDDocument(IOUtils.createTempFileOnlyStreamCache())) {
        PDType0Font regular = font(doc, "DejaVuSansCondensed.ttf");
        PDType0Font bold = font(doc, "DejaVuSansCondensed-Bold.ttf");
        PDDocumentInformation info = doc.getDocumentInformation();
        info.setTitle("Sổ đăng ký văn bản " + kind.vietnamese() + " năm " + year + " — " + org.name());
        info.setCreator("kyso");
        new Writer(doc, regular, bold, kind, year, org, printed).write(entries);
        doc.save(os);
      }
    });
  }

  private static PDType0Font font(PDDocument doc, String name) throws IOException {
    try (InputStream in = PdfBook.class.getResourceAsStream("/org/kyso/registers/fonts/" + name)) {
      if (in == null) {
        throw new IOException("The font " + name + " is missing from the kyso registers jar.");
      }
      return PDType0Font.load(doc, in, true);
    }
  }

  private static final class Writer {
    private final PDDocument doc;
    private final PDType0Font regular;
    private final PDType0Font bold;
    private final RegisterKind kind;
    private final int year;
    private final Organisation org;
    private final LocalDate printed;
    private final String[] headings;
    private final float[] widths;
    private final float pageW = PDRectangle.A4.getHeight();
    private final float pageH = PDRectangle.A4.getWidth();
    private PDPageContentStream cs;
    private float y;
    private int pages;

    Writer(PDDocument doc, PDType0Font regular, PDType0Font bold, RegisterKind kind, int year, Organisation org,
        LocalDate printed) {
      this.doc = doc;
      this.regular = regular;
      this.bold = bold;
      this.kind = kind;
      this.year = year;
      this.org = org;
      this.printed = printed;
      this.headings = kind == RegisterKind.OUTGOING ? OUT_HEADINGS : IN_HEADINGS;
      this.widths = kind == RegisterKind.OUTGOING ? OUT_WIDTHS : IN_WIDTHS;
    }

    void write(List<RegisterEntry> entries) throws IOException {
      newPage(true);
      Series current = null;
      if (entries.isEmpty()) {
        fullWidthRow("(Chưa có văn bản nào được đăng ký.)", regular);
      }
      for (RegisterEntry e : entries) {
        if (!e.series().equals(current)) {
          current = e.series();
          ensure(LEADING * 3 + PAD * 4);
          fullWidthRow(current.label(), bold);
        }
        row(cells(e), regular);
      }
      cs.close();
    }

    private List<String> cells(RegisterEntry e) {
      List<String> c = new ArrayList<>();
      String typeAndSummary = e.type().name() + "\n" + e.summary();
      if (e instanceof OutgoingEntry o) {
        c.add(o.notation());
        c.add(DMY.format(o.entryDate()));
        c.add(typeAndSummary);
        c.add(o.signer());
        c.add(o.recipients());
        c.add(o.filingUnit());
        c.add(o.copies() == 0 ? "" : String.valueOf(o.copies()));
        c.add("");
        c.add("");
        c.add(notes(e, ""));
      } else {
        IncomingEntry i = (IncomingEntry) e;
        c.add(DMY.format(i.entryDate()));
        c.add(String.valueOf(i.number()));
        c.add(i.author());
        c.add(i.notation());
        c.add(i.documentDate().map(DMY::format).orElse(""));
        c.add(typeAndSummary);
        c.add(i.receiver());
        c.add("");
        c.add(notes(e, i.dueDate().map(d -> "Hạn: " + DMY.format(d)).orElse("")));
      }
      return c;
    }

    private static String notes(RegisterEntry e, String extra) {
      List<String> n = new ArrayList<>();
      if (!e.urgency().label().isEmpty()) {
        n.add(e.urgency().label());
      }
      if (!e.confidentiality().label().isEmpty()) {
        n.add(e.confidentiality().label());
      }
      if (!extra.isEmpty()) {
        n.add(extra);
      }
      if (e.status() == EntryStatus.WITHDRAWN) {
        n.add("Đã thu hồi");
      } else if (e.status() == EntryStatus.DONE) {
        n.add("Đã giải quyết");
      } else if (e.status() == EntryStatus.VOID) {
        n.add("Số không sử dụng (không ban hành)");
      } else if (e.status() == EntryStatus.RESERVED) {
        n.add("Đang ban hành");
      }
      return String.join("\n", n);
    }

    private void newPage(boolean first) throws IOException {
      if (cs != null) {
        cs.close();
      }
      PDPage page = new PDPage(new PDRectangle(pageW, pageH));
      doc.addPage(page);
      pages++;
      cs = new PDPageContentStream(doc, page);
      cs.setLineWidth(0.5f);
      y = pageH - MARGIN;
      if (first) {
        text(MARGIN, y - 10, org.name().toUpperCase(Locale.forLanguageTag("vi")), bold, 10);
        String title = "SỔ ĐĂNG KÝ VĂN BẢN " + kind.vietnamese().toUpperCase(Locale.forLanguageTag("vi"));
        centered(y - 34, title, bold, 15);
        centered(y - 52, "Năm " + year, regular, 11);
        y -= 66;
      } else {
        text(MARGIN, y - 8, "Sổ đăng ký văn bản " + kind.vietnamese() + " năm " + year + " — " + org.name(),
            regular, 7.5f);
        y -= 16;
      }
      text(MARGIN, 18, "In ngày " + DMY.format(printed) + " bằng kyso", regular, 7);
      String p = "Trang " + pages;
      text(pageW - MARGIN - width(p, regular, 7), 18, p, regular, 7);
      headingRows();
    }

    private void headingRows() throws IOException {
      row(List.of(headings), bold);
      List<String> numbers = new ArrayList<>();
      for (int i = 1; i <= headings.length; i++) {
        numbers.add("(" + i + ")");
      }
      row(numbers, regular, true);
    }

    private void ensure(float height) throws IOException {
      if (y - height < BOTTOM) {
        newPage(false);
      }
    }

    private void fullWidthRow(String label, PDType0Font f) throws IOException {
      float total = 0;
      for (float w : widths) {
        total += w;
      }
      List<String> lines = wrap(label, f, total - 2 * PAD);
      float h = lines.size() * LEADING + 2 * PAD;
      ensure(h);
      box(MARGIN, y - h, total, h);
      float ty = y - PAD - SIZE;
      for (String l : lines) {
        text(MARGIN + PAD, ty, l, f, SIZE);
        ty -= LEADING;
      }
      y -= h;
    }

    private void row(List<String> cells, PDType0Font f) throws IOException {
      row(cells, f, false);
    }

    private void row(List<String> cells, PDType0Font f, boolean centred) throws IOException {
      List<List<String>> wrapped = new ArrayList<>();
      int lines = 1;
      for (int i = 0; i < cells.size(); i++) {
        List<String> w = wrap(cells.get(i), f, widths[i] - 2 * PAD);
        if (w.size() > MAX_LINES) {
          w = new ArrayList<>(w.subList(0, MAX_LINES));
          w.set(MAX_LINES - 1, w.get(MAX_LINES - 1) + " …");
        }
        wrapped.add(w);
        lines = Math.max(lines, w.size());
      }
      float h = lines * LEADING + 2 * PAD;
      if (y - h < BOTTOM) {
        newPage(false);
      }
      float x = MARGIN;
      for (int i = 0; i < cells.size(); i++) {
        box(x, y - h, widths[i], h);
        float ty = y - PAD - SIZE;
        for (String l : wrapped.get(i)) {
          float tx = centred || f == bold ? x + (widths[i] - width(l, f, SIZE)) / 2 : x + PAD;
          text(tx, ty, l, f, SIZE);
          ty -= LEADING;
        }
        x += widths[i];
      }
      y -= h;
    }

    private void box(float x, float by, float w, float h) throws IOException {
      cs.addRect(x, by, w, h);
      cs.stroke();
    }

    private void centered(float ty, String s, PDType0Font f, float size) throws IOException {
      text((pageW - width(s, f, size)) / 2, ty, s, f, size);
    }

    private void text(float x, float ty, String s, PDType0Font f, float size) throws IOException {
      if (s.isEmpty()) {
        return;
      }
      cs.beginText();
      cs.setFont(f, size);
      cs.newLineAtOffset(x, ty);
      cs.showText(printable(s, f));
      cs.endText();
    }

    private static float width(String s, PDType0Font f, float size) throws IOException {
      return f.getStringWidth(printable(s, f)) / 1000f * size;
    }

    /** NFC text with any character the font cannot show replaced by '?'. */
    private static String printable(String s, PDType0Font f) {
      String n = Fold.nfc(s);
      StringBuilder sb = new StringBuilder(n.length());
      n.codePoints().forEach(cp -> {
        String ch = new String(Character.toChars(cp));
        try {
          f.encode(ch);
          sb.append(ch);
        } catch (IOException | IllegalArgumentException e) {
          sb.append('?');
        }
      });
      return sb.toString();
    }

    /**
     * How many chars of {@code w} (whole code points, at least one) fit in {@code max} points: glyph widths of a
     * Type 0 font add up, so each code point is measured once.
     */
    private static int fitting(String w, PDType0Font f, float max) throws IOException {
      float total = 0;
      int i = 0;
      while (i < w.length()) {
        int cp = w.codePointAt(i);
        int next = i + Character.charCount(cp);
        total += width(w.substring(i, next), f, SIZE);
        if (total > max) {
          return i == 0 ? next : i;
        }
        i = next;
      }
      return w.length();
    }

    /** Breaks text into lines that fit {@code max} points: at spaces, inside a word only when it is too long. */
    private static List<String> wrap(String text, PDType0Font f, float max) throws IOException {
      List<String> out = new ArrayList<>();
      for (String para : text.split("\n", -1)) {
        StringBuilder line = new StringBuilder();
        for (String word : para.trim().split(" +")) {
          if (word.isEmpty()) {
            continue;
          }
          String candidate = line.length() == 0 ? word : line + " " + word;
          if (width(candidate, f, SIZE) <= max) {
            line.setLength(0);
            line.append(candidate);
            continue;
          }
          if (line.length() > 0) {
            out.add(line.toString());
            line.setLength(0);
          }
          String w = word;
          while (true) {
            // one pass over the characters that fit: linear in the word's length (a 10,000-character word took
            // minutes when every shorter prefix was measured again; issue 20)
            int cut = fitting(w, f, max);
            if (cut >= w.length()) {
              break;
            }
            int sep = Math.max(w.lastIndexOf('/', cut - 1), w.lastIndexOf('-', cut - 1));
            if (sep > 0) {
              cut = sep + 1; // break a notation after '/' or '-' rather than inside a part
            }
            out.add(w.substring(0, cut));
            w = w.substring(cut);
          }
          line.append(w);
        }
        if (line.length() > 0 || out.isEmpty() || para.isEmpty()) {
          out.add(line.toString());
        }
      }
      while (out.size() > 1 && out.get(out.size() - 1).isEmpty()) {
        out.remove(out.size() - 1);
      }
      return out;
    }
  }
}
