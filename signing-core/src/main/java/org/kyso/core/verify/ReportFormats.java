package org.kyso.core.verify;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.kyso.core.internal.json.Json;
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
    return jsonResults(reports.stream().map(FileResult::of).toList());
  }

  /**
   * One file given to {@code kyso verify}: its report, or, when it could not be read or parsed at all, the one
   * sentence saying why (CONTRACT.md: verdict {@code UNREADABLE} with {@code error}).
   */
  public record FileResult(String file, Optional<VerificationReport> report, Optional<String> error) {
    public FileResult {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(report, "report");
      Objects.requireNonNull(error, "error");
      if (report.isPresent() == error.isPresent()) {
        throw new IllegalArgumentException("a file result has either a report or an error");
      }
    }

    public static FileResult of(VerificationReport report) {
      return new FileResult(report.file(), Optional.of(report), Optional.empty());
    }

    public static FileResult unreadable(String file, String error) {
      return new FileResult(file, Optional.empty(), Optional.of(error));
    }
  }

  /** As {@link #json(List)}, with an entry for every file, readable or not, in the order given. */
  public static String jsonResults(List<FileResult> results) {
    Objects.requireNonNull(results, "results");
    Json.Pretty j = new Json.Pretty().beginObject().name("files").beginArray();
    for (FileResult fr : results) {
      if (fr.report().isEmpty()) {
        j.beginObject();
        j.name("file").value(fr.file());
        j.name("format").value("UNKNOWN");
        j.name("verdict").value("UNREADABLE");
        j.name("error").value(fr.error().get());
        j.name("signatures").beginArray().endArray();
        j.name("documentTimestamps").beginArray().endArray();
        j.endObject();
        continue;
      }
      VerificationReport r = fr.report().get();
      j.beginObject();
      j.name("file").value(r.file());
      j.name("format").value(r.format());
      if (!r.engine().isEmpty()) {
        j.name("engine").value(r.engine());
      }
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
        // added fields (issue 13), written only when they say something: the signature's role, and every
        // modification, error and warning again with its stable code (for programs and translations)
        if (r.role(s).isPresent()) {
          j.name("role").value(r.role(s));
        }
        if (!s.findings().isEmpty()) {
          j.name("findings").beginArray();
          for (Finding f : s.findings()) {
            j.beginObject();
            j.name("kind").value(f.kind().name());
            j.name("code").value(f.code());
            j.name("text").value(f.text());
            j.endObject();
          }
          j.endArray();
        }
        details(j, s);
        j.endObject();
      }
      j.endArray();
      j.name("documentTimestamps");
      timestamps(j, r.documentTimestamps());
      if (!r.documentFields().isEmpty()) {
        j.name("document").beginObject();
        for (var e : r.documentFields().entrySet()) {
          j.name(e.getKey()).value(e.getValue());
        }
        j.endObject();
      }
      j.endObject();
    }
    j.endArray().endObject();
    return j + "\n";
  }

  /** The Circular 15/2025 fields: issuing CA, organisation, certificate, revocation, integrity, trust anchor. */
  private static void details(Json.Pretty j, SignatureResult s) {
    SignerDetails d = s.details();
    j.name("issuer").value(d.issuer());
    j.name("issuerName").value(d.issuerName());
    j.name("organisation").value(d.organisation());
    j.name("organisationalUnit").value(d.organisationalUnit());
    j.name("identifiers");
    strings(j, d.identifiers());
    j.name("taxCode").value(d.taxCode());
    j.name("personalId").value(d.personalId());
    j.name("certificateSerial").value(d.serialNumber());
    j.name("certificateValidFrom").time(d.validFrom());
    j.name("certificateValidTo").time(d.validTo());
    j.name("validAtSigningTime");
    bool(j, s.validAtSigningTime());
    SignerDetails.Revocation r = d.revocation();
    j.name("revocation").beginObject();
    j.name("status").value(r.status().name());
    j.name("source").value(r.source());
    j.name("producedBy").value(r.producedBy());
    j.name("producedAt").time(r.producedAt());
    j.name("revokedAt").time(r.revokedAt());
    j.name("reason").value(r.reason());
    j.endObject();
    j.name("intact");
    bool(j, d.intact());
    j.name("trustAnchor").value(d.trustAnchor());
    j.name("trustProfile").value(d.trustProfile());
    j.name("trustSource").value(d.trustSource());
  }

  private static void bool(Json.Pretty j, java.util.Optional<Boolean> b) {
    if (b.isPresent()) {
      j.value(b.get().booleanValue());
    } else {
      j.value((String) null);
    }
  }

  private static void timestamps(Json.Pretty j, List<TimestampResult> list) {
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

  private static void strings(Json.Pretty j, List<String> list) {
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
    return textResults(reports.stream().map(FileResult::of).toList(), lang);
  }

  /** As {@link #text(List, Locale)}, with an entry for every file, readable or not, in the order given. */
  public static String textResults(List<FileResult> results, Locale lang) {
    Objects.requireNonNull(results, "results");
    Locale l = lang == null ? VIETNAMESE : lang;
    StringBuilder out = new StringBuilder();
    int passed = 0;
    int failed = 0;
    int indeterminate = 0;
    int none = 0;
    int unreadable = 0;
    for (FileResult fr : results) {
      if (out.length() > 0) {
        out.append('\n');
      }
      if (fr.report().isEmpty()) {
        unreadable++;
        line(out, 0, m("label.file", l) + ": " + fr.file());
        line(out, 0, m("label.verdict", l) + ": " + m("verdict.UNREADABLE", l));
        line(out, 0, m("label.reason", l) + ": " + fr.error().get());
        continue;
      }
      VerificationReport r = fr.report().get();
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
      if (!r.documentFields().isEmpty()) {
        List<String> fields = new ArrayList<>();
        r.documentFields().forEach((k, val) -> fields.add((Messages.has("field." + k, Locale.ROOT)
            ? m("field." + k, l) : k) + " " + val));
        line(out, 0, m("label.document", l) + ": " + String.join("; ", fields));
      }
      if (r.signatures().isEmpty() && r.documentTimestamps().isEmpty()) {
        line(out, 0, m("label.noSignatures", l));
      }
      int n = 0;
      for (SignatureResult s : r.signatures()) {
        n++;
        out.append('\n');
        line(out, 1, Messages.format("label.signature", List.of(Integer.toString(n)), l) + ":");
        line(out, 2, m("label.signedBy", l) + ": " + s.signedBy());
        r.role(s).ifPresent(role -> line(out, 2, m("label.role", l) + ": "
            + (Messages.has("role." + role, Locale.ROOT) ? m("role." + role, l) : role)));
        line(out, 2, m("label.result", l) + ": " + m("indication." + s.indication().name(), l)
            + " (" + s.indication().name() + ")");
        s.subIndication().ifPresent(sub -> line(out, 2, m("label.reason", l) + ": "
            + (noRevocationData(s, sub) ? m("reason.noRevocationData", l) : sub(sub, l)) + " (" + sub + ")"));
        if (!s.certificateSubject().isEmpty()) {
          line(out, 2, m("label.subject", l) + ": " + s.certificateSubject());
        }
        details(out, s, l);
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
    if (results.size() > 1) {
      out.append('\n');
      String summary = Messages.format("label.summary", List.of(Integer.toString(results.size()),
          Integer.toString(passed), Integer.toString(failed), Integer.toString(indeterminate),
          Integer.toString(none)), l);
      if (unreadable > 0) {
        summary += Messages.format("label.summaryUnreadable", List.of(Integer.toString(unreadable)), l);
      }
      line(out, 0, summary);
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

  private static final List<String> WHY = List.of("offline", "untrusted", "unreachable", "anchor", "noCertificate",
      "notChecked");

  private static void details(StringBuilder out, SignatureResult s, Locale l) {
    SignerDetails d = s.details();
    // a known signer has an issuer: the record's equals (linked on its first call, milliseconds in a fresh JVM) only
    // for details that may be empty
    if (d.issuer().isEmpty() && d.equals(SignerDetails.UNKNOWN)) {
      return;
    }
    d.issuer().ifPresent(i -> line(out, 2, m("label.issuer", l) + ": "
        + d.issuerName().filter(n -> !n.equals(i)).map(n -> n + " (" + i + ")").orElse(i)));
    d.organisation().ifPresent(o -> line(out, 2, m("label.organisation", l) + ": " + o));
    d.organisationalUnit().ifPresent(o -> line(out, 2, m("label.organisationalUnit", l) + ": " + o));
    d.taxCode().ifPresent(t -> line(out, 2, m("label.taxCode", l) + ": " + t));
    d.personalId().ifPresent(t -> line(out, 2, m("label.personalId", l) + ": " + t));
    d.serialNumber().ifPresent(n -> line(out, 2, m("label.serial", l) + ": " + n));
    if (d.validFrom().isPresent() && d.validTo().isPresent()) {
      line(out, 2, m("label.validity", l) + ": " + Messages.format("label.validityRange",
          List.of(human(d.validFrom().get()), human(d.validTo().get())), l));
    }
    line(out, 2, m("label.validAtSigning", l) + ": "
        + s.validAtSigningTime().map(b -> m(b ? "label.yes" : "label.no", l)).orElse(m("label.unknown", l)));
    SignerDetails.Revocation r = d.revocation();
    StringBuilder rev = new StringBuilder(m("revocation." + r.status().name(), l));
    r.source().ifPresent(src -> {
      rev.setLength(0);
      rev.append(Messages.format("label.revocationFrom", List.of(m("revocation." + r.status().name(), l), src), l));
    });
    r.producedBy().ifPresent(p -> rev.append(", ").append(Messages.format("label.revocationBy", List.of(p), l)));
    r.producedAt().ifPresent(t -> rev.append(", ").append(Messages.format("label.revocationAt", List.of(human(t)), l)));
    r.revokedAt().ifPresent(t -> rev.append(", ").append(Messages.format("label.revokedAt", List.of(human(t)), l)));
    r.reason().ifPresent(why -> rev.append(" — ").append(why(why, l)));
    line(out, 2, m("label.revocation", l) + ": " + rev);
    line(out, 2, m("label.integrity", l) + ": " + m(d.intact().map(b -> b ? "label.integrity.intact"
        : "label.integrity.altered").orElse("label.integrity.unknown"), l));
    String anchor = d.trustAnchor().map(a -> a + d.trustSource().map(src -> " (" + Messages.format(
        d.trustProfile().isPresent() ? "label.trustProfile" : "label.trustFile", List.of(src), l) + ")").orElse(""))
        .orElse(m("label.trustAnchor.none", l));
    line(out, 2, m("label.trustAnchor", l) + ": " + anchor);
  }

  /**
   * True when DSS's sub-indication only says that the signer's certificate had no revocation data although its chain
   * reached a trust anchor: the reader is then told that, rather than "the chain could not be checked".
   */
  private static boolean noRevocationData(SignatureResult s, String sub) {
    SignerDetails d = s.details();
    return ("CERTIFICATE_CHAIN_GENERAL_FAILURE".equals(sub) || "TRY_LATER".equals(sub))
        && d.trustAnchor().isPresent() && d.revocation().status() == SignerDetails.Revocation.Status.NONE
        && s.findings().stream().anyMatch(f -> f.kind() == Finding.Kind.ERROR
            && ("dss.BBB_XCV_IRDPFC_ANS".equals(f.code()) || "dss.BBB_XCV_IARDPFC_ANS".equals(f.code())));
  }

  /** A reason for a missing status in {@code l}, when it is one of kyso's; else as given (e.g. DSS's reason). */
  private static String why(String english, Locale l) {
    for (String code : WHY) {
      if (Messages.english("revocation.why." + code).equals(english)) {
        return m("revocation.why." + code, l);
      }
    }
    return english;
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
