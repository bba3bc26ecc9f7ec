package org.kyso.cli.register;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kyso.registers.IncomingEntry;
import org.kyso.registers.JournalRecord;
import org.kyso.registers.OutgoingEntry;
import org.kyso.registers.ProcessingStep;
import org.kyso.registers.RegisterEntry;
import java.util.LinkedHashMap;

/** How entries look on the command line: one text line, or a JSON object. */
final class Entries {
  private Entries() {}

  static Map<String, Object> json(RegisterEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("register", e.register().code());
    m.put("year", e.year());
    m.put("series", e.series().code());
    m.put("number", e.number());
    m.put("notation", e.notation());
    m.put("id", e.id());
    m.put("type", e.type().key());
    m.put("typeName", e.type().name());
    m.put("summary", e.summary());
    if (e instanceof OutgoingEntry o) {
      m.put("date", o.date().toString());
      m.put("issuer", o.issuer());
      m.put("signer", o.signer());
      m.put("recipients", o.recipients());
      m.put("filingUnit", o.filingUnit());
      m.put("copies", o.copies());
    } else {
      IncomingEntry i = (IncomingEntry) e;
      m.put("arrivalDate", i.arrivalDate().toString());
      m.put("author", i.author());
      m.put("documentDate", i.documentDate().map(LocalDate::toString).orElse(null));
      m.put("receiver", i.receiver());
      m.put("dueDate", i.dueDate().map(LocalDate::toString).orElse(null));
      List<Object> trace = new ArrayList<>();
      for (ProcessingStep s : i.trace()) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("at", s.at().toString());
        step.put("actor", s.actor());
        step.put("action", s.action());
        trace.add(step);
      }
      m.put("trace", trace);
    }
    m.put("urgency", e.urgency().name());
    m.put("confidentiality", e.confidentiality().name());
    m.put("fileSha256", e.fileSha256().orElse(null));
    m.put("verdict", e.verdict().map(Enum::name).orElse("UNKNOWN"));
    m.put("status", e.status().name());
    m.put("registeredAt", e.registeredAt().toString());
    return m;
  }

  static Map<String, Object> json(JournalRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seq", r.seq());
    m.put("kind", r.kind());
    m.put("recordedAt", r.recordedAt().toString());
    m.put("note", r.note());
    m.put("hash", r.hash());
    return m;
  }

  /** "đi  2026  01/QĐ-UBND  2026-03-10  Quyết định: Về việc ..." */
  static String line(RegisterEntry e) {
    String series = e.series().code().equals("administrative") ? "" : " [" + e.series().code() + "]";
    String flags = (e.urgency().label().isEmpty() ? "" : " (" + e.urgency().label() + ")")
        + (e.confidentiality().label().isEmpty() ? "" : " (" + e.confidentiality().label() + ")");
    if (e instanceof OutgoingEntry o) {
      return "out " + o.year() + series + " no. " + o.number() + "  " + o.notation() + "  " + o.date() + "  "
          + o.type().name() + ": " + o.summary() + flags;
    }
    IncomingEntry i = (IncomingEntry) e;
    return "in " + i.year() + series + " no. " + i.number() + "  " + i.arrivalDate() + "  " + i.author() + "  "
        + i.notation() + "  " + i.type().name() + ": " + i.summary() + flags;
  }
}
