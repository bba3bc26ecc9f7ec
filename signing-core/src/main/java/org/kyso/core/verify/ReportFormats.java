package org.kyso.core.verify;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.kyso.core.internal.verify.Json;
import org.kyso.core.internal.verify.Messages;

/**
 * The two outputs of {@code kyso verify}: the JSON document of CONTRACT.md for programs, and a text report for a
 * person, in Vietnamese or English.
 */
public final class ReportFormats {
  /** Vietnamese, the default language of the text report. */
  public static final Locale VIETNAMESE = Messages.VIETNAMESE;
  private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx");

  private ReportFormats() {}

  /**
   * One JSON document for all files, as in CONTRACT.md: {@code {"files": [...]}} with, per file, its format and
   * verdict and, per signature, indication, sub-indication ({@code null} when none), level, signer, claimed (and
   * proven) signing time, timestamps, coverage, changes after signing, errors and warnings. Times are ISO 8601 with
   * offset. Messages are in English. Ends with a newline.
   */
  public static String json(List<VerificationReport> reports) {
    Objects.requireNonNull(reports, "reports");
    Json j = new Json().beginObject().name("files").beginArray();
    for (VerificationReport r : reports) {
      j.beginObject();
      j.name("file").value(r.file());
      j.name("format").value(r.format());
      j.name("verdict").value(r.verdict().name());
      j.name("signatures").beginArray();
      for (SignatureResult s : r.signatures()) {
        j.beginObject();
        j.name("id").value(s.id());
        j.name("indication").value(s.indication().name());
        j.name("subIndication").value(s.subIndication());
        j.name("level").value(s.level());
        j.name("signedBy").value(s.signedBy());
        j.name("certificateSubject").value(s.certificateSubject());
        j.name("claimedSigningTime").time(s.claimedSigningTime());
        j.name("provenSigningTime").time(s.provenSigningTime());
        j.name("timestamps");
        timestamps(j, s.timestamps());
        j.name("coversWholeDocument").value(s.coversWholeDocument());
        j.name("modificationsAfterSigning");
        strings(j, s.modificationsAfterSigning());
        j.name("errors");
        strings(j, s.errors());
        j.name("warnings");
        strings(j, s.warnings());
        j.endObject();
      }
      j.endArray();
      j.name("documentTimestamps");
      timestamps(j, r.documentTimestamps());
      j.endObject();
    }
    j.endArray().endObject();
    return j + "\n";
  }

  private static void timestamps(Json j, List<TimestampResult> list) {
    j.beginArray();
    for (TimestampResult t : list) {
      j.beginObject();
      j.name("type").value(t.type());
      j.name("time").time(t.time());
      j.name("indication").value(t.indication().name());
      j.name("subIndication").value(t.subIndication());
      j.name("producedBy").value(t.tsaName());
      j.endObject();
    }
    j.endArray();
  }

  private static void strings(Json j, List<String> list) {
    j.beginArray();
    for (String s : list) {
      j.value(s);
    }
    j.endArray();
  }

  /**
   * A report a person reads: per file the verdict, and per signature who signed, when, the result and why, what
   * it covers, its timestamps, changes made after signing, errors and warnings. {@code lang} {@code vi} gives
   * Vietnamese (kyso's default for Vietnamese users), anything else English. Ends with a newline.
   */
  public static String text(List<VerificationReport> reports, Locale lang) {
    Objects.requireNonNull(reports, "reports");
    Locale l = lang == null ? VIETNAMESE : lang;
    StringBuilder out = new StringBuilder();
    int passed = 0;
    int failed = 0;
    int indeterminate = 0;
    int none = 0;
    for (VerificationReport r : reports) {
      if (out.length() > 0) {
        out.append('\n');
      }
      Verdict v = r.verdict();
      switch (v) {
        case TOTAL_PASSED -> passed++;
        case TOTAL_FAILED -> failed++;
        case INDETERMINATE -> indeterminate++;
        case NO_SIGNATURE -> none++;
      }
      line(out, 0, m("label.file", l) + ": " + r.file());
      line(out, 0, m("label.format", l) + ": " + r.format());
      line(out, 0, m("label.verdict", l) + ": " + m("verdict." + v.name(), l));
      if (r.signatures().isEmpty() && r.documentTimestamps().isEmpty()) {
        line(out, 0, m("label.noSignatures", l));
      }
      int n = 0;
      for (SignatureResult s : r.signatures()) {
        n++;
        out.append('\n');
        line(out, 1, Messages.format("label.signature", List.of(Integer.toString(n)), l) + ":");
        line(out, 2, m("label.signedBy", l) + ": " + s.signedBy());
        line(out, 2, m("label.result", l) + ": " + m("indication." + s.indication().name(), l)
            + " (" + s.indication().name() + ")");
        s.subIndication().ifPresent(sub -> line(out, 2, m("label.reason", l) + ": " + sub(sub, l) + " (" + sub + ")"));
        if (!s.certificateSubject().isEmpty()) {
          line(out, 2, m("label.subject", l) + ": " + s.certificateSubject());
        }
        line(out, 2, m("label.level", l) + ": " + s.level());
        s.claimedSigningTime().ifPresent(t -> line(out, 2, m("label.claimedTime", l) + ": " + human(t)));
        s.provenSigningTime().ifPresent(t -> line(out, 2, m("label.provenTime", l) + ": " + human(t)));
        String coverage = s.coversWholeDocument() ? "label.coverage.whole"
            : "PAdES".equals(r.format()) ? "label.coverage.partial" : "label.coverage.elements";
        line(out, 2, m("label.coverage", l) + ": " + m(coverage, l));
        if (!s.timestamps().isEmpty()) {
          line(out, 2, m("label.timestamps", l) + ":");
          for (TimestampResult t : s.timestamps()) {
            line(out, 3, "- " + timestamp(t, l));
          }
        }
        section(out, m("label.modifications", l), texts(s, Finding.Kind.MODIFICATION, l));
        section(out, m("label.errors", l), texts(s, Finding.Kind.ERROR, l));
        section(out, m("label.warnings", l), texts(s, Finding.Kind.WARNING, l));
      }
      if (!r.documentTimestamps().isEmpty()) {
        out.append('\n');
        line(out, 1, m("label.documentTimestamps", l) + ":");
        for (TimestampResult t : r.documentTimestamps()) {
          line(out, 2, "- " + timestamp(t, l));
        }
      }
    }
    if (reports.size() > 1) {
      out.append('\n');
      line(out, 0, Messages.format("label.summary", List.of(Integer.toString(reports.size()),
          Integer.toString(passed), Integer.toString(failed), Integer.toString(indeterminate),
          Integer.toString(none)), l));
    }
    return out.toString();
  }

  /** The sentence of a finding (a change after signing, an error, a warning) in {@code lang}. */
  public static String finding(Finding f, Locale lang) {
    return Messages.text(Objects.requireNonNull(f, "f"), lang == null ? VIETNAMESE : lang);
  }

  /** The text of an indication (TOTAL_PASSED, ...) in {@code lang}. */
  public static String indication(Indication i, Locale lang) {
    return m("indication." + i.name(), lang);
  }

  /** The explanation of an ETSI sub-indication (HASH_FAILURE, ...) in {@code lang}; the name itself if unknown. */
  public static String subIndication(String sub, Locale lang) {
    return sub(sub, lang);
  }

  private static String sub(String sub, Locale l) {
    String code = "sub." + sub;
    return Messages.has(code, Locale.ROOT) ? m(code, l) : sub;
  }

  private static String timestamp(TimestampResult t, Locale l) {
    String type = Messages.has("tstype." + t.type(), Locale.ROOT) ? m("tstype." + t.type(), l) : t.type();
    StringBuilder b = new StringBuilder(type).append(", ").append(human(t.time())).append(": ")
        .append(m("indication." + t.indication().name(), l));
    t.subIndication().ifPresent(s -> b.append(" — ").append(sub(s, l)));
    t.tsaName().ifPresent(n -> b.append(" (").append(Messages.format("label.timestampBy", List.of(n), l))
        .append(')'));
    return b.toString();
  }

  private static List<String> texts(SignatureResult s, Finding.Kind kind, Locale l) {
    List<String> out = new ArrayList<>();
    for (Finding f : s.findings()) {
      if (f.kind() == kind) {
        out.add(Messages.text(f, l));
      }
    }
    return out;
  }

  private static void section(StringBuilder out, String title, List<String> items) {
    if (items.isEmpty()) {
      return;
    }
    line(out, 2, title + ":");
    for (String i : items) {
      line(out, 3, "- " + i);
    }
  }

  private static String human(OffsetDateTime t) {
    return HUMAN.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  private static String m(String code, Locale l) {
    return Messages.format(code, List.of(), l);
  }

  private static void line(StringBuilder out, int indent, String text) {
    out.append("  ".repeat(indent)).append(text).append('\n');
  }

}
