package org.kyso.core.verify;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Renders verification reports: the JSON of CONTRACT.md for programs, and text for people (vi or en). */
public final class ReportFormats {
  private ReportFormats() {}

  /** One JSON document {@code {"files":[…]}} for all reports, as CONTRACT.md specifies. */
  public static String json(List<VerificationReport> reports) {
    StringBuilder sb = new StringBuilder();
    sb.append("{\n  \"files\": [");
    for (int i = 0; i < reports.size(); i++) {
      VerificationReport r = reports.get(i);
      sb.append(i == 0 ? "\n" : ",\n").append("    {");
      sb.append("\"file\": ").append(str(r.file()));
      sb.append(", \"format\": ").append(str(r.format()));
      sb.append(", \"verdict\": ").append(str(r.verdict().name()));
      sb.append(", \"signatures\": [");
      for (int j = 0; j < r.signatures().size(); j++) {
        SignatureResult s = r.signatures().get(j);
        sb.append(j == 0 ? "\n" : ",\n").append("      {");
        sb.append("\"id\": ").append(str(s.id()));
        sb.append(", \"indication\": ").append(str(s.indication().name()));
        sb.append(", \"subIndication\": ").append(opt(s.subIndication()));
        sb.append(", \"level\": ").append(str(s.level()));
        sb.append(", \"signedBy\": ").append(str(s.signedBy()));
        sb.append(", \"certificateSubject\": ").append(str(s.certificateSubject()));
        sb.append(", \"claimedSigningTime\": ").append(opt(s.claimedSigningTime().map(OffsetDateTime::toString)));
        sb.append(", \"provenSigningTime\": ").append(opt(s.provenSigningTime().map(OffsetDateTime::toString)));
        sb.append(", \"timestamps\": [");
        for (int k = 0; k < s.timestamps().size(); k++) {
          sb.append(k == 0 ? "" : ", ").append(timestamp(s.timestamps().get(k)));
        }
        sb.append("]");
        sb.append(", \"coversWholeDocument\": ").append(s.coversWholeDocument());
        sb.append(", \"modificationsAfterSigning\": ").append(list(s.modificationsAfterSigning()));
        sb.append(", \"errors\": ").append(list(s.errors()));
        sb.append(", \"warnings\": ").append(list(s.warnings()));
        sb.append("}");
      }
      sb.append(r.signatures().isEmpty() ? "]" : "\n    ]");
      sb.append(", \"documentTimestamps\": [");
      for (int k = 0; k < r.documentTimestamps().size(); k++) {
        sb.append(k == 0 ? "" : ", ").append(timestamp(r.documentTimestamps().get(k)));
      }
      sb.append("]}");
    }
    sb.append(reports.isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
    return sb.toString();
  }

  /** A report a person reads; {@code lang} "vi" gives Vietnamese, anything else English. */
  public static String text(List<VerificationReport> reports, Locale lang) {
    boolean vi = "vi".equals(lang.getLanguage());
    StringBuilder sb = new StringBuilder();
    for (VerificationReport r : reports) {
      sb.append(r.file()).append(": ").append(verdict(r.verdict(), vi)).append('\n');
      for (SignatureResult s : r.signatures()) {
        sb.append("  ").append(vi ? "Chữ ký của " : "Signature by ").append(s.signedBy()).append(": ")
            .append(indication(s.indication(), vi))
            .append(s.subIndication().map(x -> " (" + x + ")").orElse("")).append('\n');
        sb.append("    ").append(vi ? "Định dạng: " : "Level: ").append(s.level()).append('\n');
        s.claimedSigningTime().ifPresent(t -> sb.append("    ").append(vi ? "Thời điểm ký (khai báo): " : "Claimed signing time: ").append(t).append('\n'));
        sb.append("    ").append(vi ? "Phủ toàn bộ tài liệu: " : "Covers the whole document: ")
            .append(s.coversWholeDocument() ? (vi ? "có" : "yes") : (vi ? "không" : "no")).append('\n');
        for (String m : s.modificationsAfterSigning()) {
          sb.append("    ").append(vi ? "Thay đổi sau khi ký: " : "Changed after signing: ").append(m).append('\n');
        }
        for (String e : s.errors()) {
          sb.append("    ").append(vi ? "Lỗi: " : "Error: ").append(e).append('\n');
        }
        for (String w : s.warnings()) {
          sb.append("    ").append(vi ? "Cảnh báo: " : "Warning: ").append(w).append('\n');
        }
      }
    }
    return sb.toString();
  }

  private static String verdict(Verdict v, boolean vi) {
    return switch (v) {
      case TOTAL_PASSED -> vi ? "HỢP LỆ" : "VALID";
      case TOTAL_FAILED -> vi ? "KHÔNG HỢP LỆ" : "INVALID";
      case INDETERMINATE -> vi ? "CHƯA XÁC ĐỊNH ĐƯỢC" : "INDETERMINATE";
      case NO_SIGNATURE -> vi ? "KHÔNG CÓ CHỮ KÝ" : "NO SIGNATURE";
    };
  }

  private static String indication(Indication i, boolean vi) {
    return switch (i) {
      case TOTAL_PASSED -> vi ? "hợp lệ" : "valid";
      case TOTAL_FAILED -> vi ? "không hợp lệ" : "invalid";
      case INDETERMINATE -> vi ? "chưa xác định được" : "indeterminate";
    };
  }

  private static String timestamp(TimestampResult t) {
    return "{\"type\": " + str(t.type()) + ", \"time\": " + str(t.time().toString()) + ", \"indication\": "
        + str(t.indication().name()) + "}";
  }

  private static String list(List<String> items) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < items.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(str(items.get(i)));
    }
    return sb.append(']').toString();
  }

  private static String opt(Optional<String> s) {
    return s.map(ReportFormats::str).orElse("null");
  }

  /** A JSON string literal. */
  static String str(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
