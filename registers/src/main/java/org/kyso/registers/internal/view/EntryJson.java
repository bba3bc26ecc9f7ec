package org.kyso.registers.internal.view;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kyso.registers.IncomingEntry;
import org.kyso.registers.JournalRecord;
import org.kyso.registers.OutgoingEntry;
import org.kyso.registers.ProcessingStep;
import org.kyso.registers.RegisterEntry;

/**
 * The one JSON view of an entry and of a journal record, as values for {@code org.kyso.core.internal.json.Json}:
 * the register commands' {@code --format json} and the server's answers show the same fields. Not API.
 */
public final class EntryJson {
  private EntryJson() {}

  /** An entry: its number, type, summary, dates, parties, file, verdict and status (absent optional values null). */
  public static Map<String, Object> of(RegisterEntry e) {
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
    } else if (e instanceof IncomingEntry i) {
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

  /** A journal record of an entry's history. */
  public static Map<String, Object> of(JournalRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seq", r.seq());
    m.put("kind", r.kind());
    m.put("recordedAt", r.recordedAt().toString());
    m.put("note", r.note());
    m.put("hash", r.hash());
    return m;
  }
}
