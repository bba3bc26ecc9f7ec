package org.kyso.server.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.kyso.core.verify.Finding;
import org.kyso.core.verify.ReportFormats;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.VerificationReport;

/**
 * The PDF validation record of one verified file: its name, SHA-256 and size, when and by which service it was
 * checked, the verdict in a clerk's words, each signature (signer, organisation, CA, time, level, what it covers,
 * result) and every finding, in Vietnamese or English. The caller seals it with the service's key when one is
 * configured; {@code sealedBy} says which, or that it is not sealed, on the record itself.
 */
final class ValidationRecord {
  private static final float MARGIN = 56;
  private static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;

  private ValidationRecord() {}

  /**
   * @param sealedBy the subject of the seal that will sign the record, or empty when it will not be signed
   */
  static byte[] create(Uploads.Upload file, Verification.Outcome outcome, Locale lang, Optional<String> sealedBy,
      Clock clock) throws ApiException {
    boolean vi = !lang.getLanguage().equals("en");
    VerificationReport r = outcome.report();
    String verdict = r == null ? "UNREADABLE" : r.verdict().name();
    try (PDDocument doc = new PDDocument()) {
      Writer w = new Writer(doc, font(doc, "DejaVuSansCondensed.ttf"), font(doc, "DejaVuSansCondensed-Bold.ttf"));
      w.line(w.bold, 15, vi ? "BIÊN BẢN KIỂM TRA CHỮ KÝ SỐ" : "DIGITAL SIGNATURE VALIDATION RECORD");
      w.gap(6);
      w.field(vi ? "Tệp" : "File", file.name());
      w.field("SHA-256", Api.sha256(file.bytes()));
      w.field(vi ? "Kích thước" : "Size", file.bytes().length + (vi ? " byte" : " bytes"));
      w.field(vi ? "Định dạng" : "Format", r == null ? "-" : r.format());
      w.field(vi ? "Thời điểm kiểm tra (UTC)" : "Checked at (UTC)",
          DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
      w.gap(8);
      w.line(w.bold, 12, (vi ? "Kết luận: " : "Verdict: ") + verdict);
      w.paragraph(w.regular, 11, Page.verdictText(verdict, vi));
      if (r == null) {
        w.paragraph(w.regular, 10, outcome.error());
      } else {
        int i = 1;
        for (SignatureResult s : r.signatures()) {
          w.gap(10);
          w.line(w.bold, 12, (vi ? "Chữ ký " : "Signature ") + i++);
          w.field(vi ? "Mã chữ ký" : "Signature id", s.id());
          w.field(vi ? "Kết quả" : "Result", ReportFormats.indication(s.indication(), lang)
              + s.subIndication().map(x -> " - " + ReportFormats.subIndication(x, lang)).orElse(""));
          w.field(vi ? "Người ký" : "Signer", s.signedBy());
          w.field(vi ? "Cơ quan, tổ chức" : "Organisation", s.details().organisation()
              .or(() -> Page.dnPart(s.certificateSubject(), "O")).orElse("-"));
          w.field(vi ? "Tổ chức cấp chứng thư (CA)" : "Certificate authority (CA)", s.details().issuerName()
              .or(() -> s.details().issuer()).orElse("-"));
          w.field(vi ? "Thời điểm ký (khai báo)" : "Signing time (claimed)",
              s.claimedSigningTime().map(Object::toString).orElse("-"));
          w.field(vi ? "Thời điểm ký (có dấu thời gian)" : "Signing time (timestamped)",
              s.provenSigningTime().map(Object::toString).orElse("-"));
          w.field(vi ? "Mức chữ ký" : "Level", s.level());
          w.field(vi ? "Phạm vi ký" : "What it covers", s.coversWholeDocument()
              ? (vi ? "Toàn bộ văn bản như đã nhận" : "The whole document as received")
              : (vi ? "Văn bản như lúc ký; có phần được thêm sau" : "The document as it was then; more was added later"));
          findings(w, s, Finding.Kind.MODIFICATION, vi ? "Thay đổi sau khi ký" : "Changes after signing", lang);
          findings(w, s, Finding.Kind.ERROR, vi ? "Lỗi" : "Errors", lang);
          findings(w, s, Finding.Kind.WARNING, vi ? "Lưu ý" : "Warnings", lang);
        }
      }
      w.gap(14);
      w.paragraph(w.regular, 9, sealedBy.map(s -> vi
          ? "Biên bản này được ký bằng con dấu số của dịch vụ kiểm tra: " + s + "."
          : "This record is signed with the verification service's seal: " + s + ".")
          .orElse(vi ? "Biên bản này KHÔNG được ký: dịch vụ chưa được cấu hình con dấu số, nên biên bản tự nó không "
              + "chứng minh điều gì; hãy kiểm tra lại tệp gốc."
              : "This record is NOT signed: the service has no seal configured, so the record proves nothing by "
              + "itself; check the original file again."));
      w.close();
      PDDocumentInformation info = doc.getDocumentInformation();
      info.setTitle((vi ? "Biên bản kiểm tra chữ ký số: " : "Validation record: ") + file.name());
      info.setSubject(verdict);
      info.setCreator("kyso serve");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new ApiException(500, "internal_error", "The validation record cannot be made.");
    }
  }

  private static void findings(Writer w, SignatureResult s, Finding.Kind kind, String title, Locale lang)
      throws IOException {
    List<String> texts = s.findings().stream().filter(f -> f.kind() == kind)
        .map(f -> ReportFormats.finding(f, lang)).toList();
    if (!texts.isEmpty()) {
      w.line(w.bold, 10, title + ":");
      for (String t : texts) {
        w.paragraph(w.regular, 10, "- " + t);
      }
    }
  }

  /**
   * DejaVu Sans Condensed (Vietnamese glyphs), as the registers module bundles it for its PDF book; on a module path
   * where that package is not open, the system's DejaVu fonts.
   */
  private static PDFont font(PDDocument doc, String name) throws IOException {
    InputStream in = ValidationRecord.class.getResourceAsStream("/org/kyso/registers/fonts/" + name);
    if (in == null) {
      java.nio.file.Path system = java.nio.file.Path.of("/usr/share/fonts/truetype/dejavu", name);
      if (!java.nio.file.Files.isReadable(system)) {
        throw new IOException("font " + name + " missing");
      }
      in = java.nio.file.Files.newInputStream(system);
    }
    try (InputStream font = in) {
      return PDType0Font.load(doc, font, true);
    }
  }

  /** Lines top to bottom, wrapped to the page width, new pages as needed. */
  private static final class Writer {
    final PDDocument doc;
    final PDFont regular;
    final PDFont bold;
    PDPageContentStream cs;
    float y;

    Writer(PDDocument doc, PDFont regular, PDFont bold) throws IOException {
      this.doc = doc;
      this.regular = regular;
      this.bold = bold;
      newPage();
    }

    void newPage() throws IOException {
      if (cs != null) {
        cs.close();
      }
      PDPage p = new PDPage(PDRectangle.A4);
      doc.addPage(p);
      cs = new PDPageContentStream(doc, p);
      y = PDRectangle.A4.getHeight() - MARGIN;
    }

    void gap(float h) {
      y -= h;
    }

    void line(PDFont f, float size, String text) throws IOException {
      if (y - size * 1.4f < MARGIN) {
        newPage();
      }
      y -= size * 1.4f;
      cs.beginText();
      cs.setFont(f, size);
      cs.newLineAtOffset(MARGIN, y);
      cs.showText(clean(text));
      cs.endText();
    }

    void field(String label, String value) throws IOException {
      paragraph(regular, 10, label + ": " + value);
    }

    void paragraph(PDFont f, float size, String text) throws IOException {
      for (String l : wrap(f, size, clean(text))) {
        line(f, size, l);
      }
    }

    List<String> wrap(PDFont f, float size, String text) throws IOException {
      List<String> out = new ArrayList<>();
      StringBuilder cur = new StringBuilder();
      for (String word : text.split(" ")) {
        String next = cur.isEmpty() ? word : cur + " " + word;
        if (f.getStringWidth(next) / 1000 * size <= WIDTH) {
          cur.setLength(0);
          cur.append(next);
          continue;
        }
        if (!cur.isEmpty()) {
          out.add(cur.toString());
          cur.setLength(0);
        }
        // a word wider than the line (a digest, a long name): cut it
        String w = word;
        while (f.getStringWidth(w) / 1000 * size > WIDTH) {
          int n = w.length() - 1;
          while (n > 1 && f.getStringWidth(w.substring(0, n)) / 1000 * size > WIDTH) {
            n--;
          }
          out.add(w.substring(0, n));
          w = w.substring(n);
        }
        cur.append(w);
      }
      if (!cur.isEmpty() || out.isEmpty()) {
        out.add(cur.toString());
      }
      return out;
    }

    /** Characters the font cannot show (controls) become spaces; the rest is kept. */
    private String clean(String s) {
      StringBuilder b = new StringBuilder(s.length());
      s.codePoints().forEach(c -> {
        boolean ok;
        try {
          String one = new String(Character.toChars(c));
          ok = !Character.isISOControl(c) && regular.encode(one).length > 0 && bold.encode(one).length > 0;
        } catch (IOException | IllegalArgumentException e) {
          ok = false;
        }
        b.appendCodePoint(ok ? c : c == ' ' ? ' ' : '?');
      });
      return b.toString();
    }

    void close() throws IOException {
      cs.close();
    }
  }
}
