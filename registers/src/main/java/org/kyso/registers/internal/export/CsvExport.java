package org.kyso.registers.internal.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.kyso.core.KysoException;
import org.kyso.registers.IncomingEntry;
import org.kyso.registers.OutgoingEntry;
import org.kyso.registers.ProcessingStep;
import org.kyso.registers.RegisterEntry;

/** CSV export: UTF-8 with a byte order mark (Excel), RFC 4180 quoting, CRLF line ends, Vietnamese headers. */
public final class CsvExport {
  /** Feeds entries to a sink. */
  @FunctionalInterface
  public interface Source {
    void feed(Consumer<RegisterEntry> sink) throws KysoException;
  }

  static final List<String> HEADER = List.of("Sổ", "Năm", "Dãy số", "Số", "Số, ký hiệu", "Ngày đăng ký",
      "Ngày văn bản", "Tên loại", "Trích yếu", "Cơ quan ban hành (tác giả)", "Người ký", "Nơi nhận",
      "Đơn vị, người nhận bản lưu", "Số lượng bản", "Đơn vị hoặc người nhận xử lý", "Hạn giải quyết", "Độ khẩn",
      "Độ mật", "Trạng thái", "SHA-256", "Kiểm tra chữ ký", "Thời điểm ghi sổ", "Quá trình xử lý");

  private CsvExport() {}

  public static void write(Path out, Source source) throws KysoException {
    AtomicFile.write(out, os -> {
      BufferedWriter w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8));
      w.write('\uFEFF');
      line(w, HEADER);
      try {
        source.feed(e -> {
          try {
            line(w, row(e));
          } catch (IOException x) {
            throw new UncheckedIOException(x);
          }
        });
      } catch (UncheckedIOException x) {
        throw x.getCause();
      }
      w.flush();
    });
  }

  static List<String> row(RegisterEntry e) {
    List<String> r = new ArrayList<>();
    r.add(e.register().vietnamese());
    r.add(String.valueOf(e.year()));
    r.add(e.series().code());
    r.add(String.valueOf(e.number()));
    r.add(e.notation());
    r.add(e.entryDate().toString());
    if (e instanceof OutgoingEntry o) {
      r.add(o.entryDate().toString());
      r.add(o.type().name());
      r.add(o.summary());
      r.add(o.issuer());
      r.add(o.signer());
      r.add(o.recipients());
      r.add(o.filingUnit());
      r.add(o.copies() == 0 ? "" : String.valueOf(o.copies()));
      r.add("");
      r.add("");
    } else {
      IncomingEntry i = (IncomingEntry) e;
      r.add(i.documentDate().map(LocalDate::toString).orElse(""));
      r.add(i.type().name());
      r.add(i.summary());
      r.add(i.author());
      r.add("");
      r.add("");
      r.add("");
      r.add("");
      r.add(i.receiver());
      r.add(i.dueDate().map(LocalDate::toString).orElse(""));
    }
    r.add(e.urgency().label());
    r.add(e.confidentiality().label());
    r.add(e.status().name());
    r.add(e.fileSha256().orElse(""));
    r.add(e.verdict().map(Enum::name).orElse(""));
    r.add(e.registeredAt().toString());
    List<String> steps = new ArrayList<>();
    if (e instanceof IncomingEntry i) {
      for (ProcessingStep s : i.trace()) {
        steps.add(s.at() + " " + s.actor() + ": " + s.action());
      }
    }
    r.add(String.join("\n", steps));
    return r;
  }

  private static void line(BufferedWriter w, List<String> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        w.write(',');
      }
      w.write(quote(fields.get(i)));
    }
    w.write("\r\n");
  }

  /** RFC 4180: quote a field holding a comma, quote, CR or LF (doubling quotes); also one starting with = + - @. */
  static String quote(String f) {
    boolean formula = !f.isEmpty() && "=+-@".indexOf(f.charAt(0)) >= 0 && !f.matches("-?\\d+");
    if (formula) {
      f = "'" + f; // a spreadsheet must not run a summary as a formula (CSV injection)
    }
    if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
      return "\"" + f.replace("\"", "\"\"") + "\"";
    }
    return f;
  }
}
