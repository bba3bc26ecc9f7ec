package org.kyso.registers.internal.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.kyso.core.verify.Verdict;
import org.kyso.registers.Confidentiality;
import org.kyso.registers.DocumentType;
import org.kyso.registers.EntryStatus;
import org.kyso.registers.IncomingEntry;
import org.kyso.registers.OutgoingEntry;
import org.kyso.registers.ProcessingStep;
import org.kyso.registers.RegisterEntry;
import org.kyso.registers.Series;
import org.kyso.registers.Urgency;
import org.kyso.registers.internal.Fold;
import org.kyso.core.internal.json.Json;

/**
 * One row of the {@code entries} table, for both registers: the mapping between entries, rows and the canonical
 * JSON state recorded in the journal. Absent text is "", absent dates and digests are null.
 */
public record EntryRow(long id, String register, int year, String series, long number, String notation,
    String issuer, String entryDate, String documentDate, String docType, String typeAbbr, String summary,
    String signer, String recipients, String filingUnit, int copies, String receiver, String dueDate, String trace,
    String urgency, String confidentiality, String fileSha256, String verdict, String status, String registeredAt,
    long journalSeq, String dedupKey, String searchSummary, String searchParty, String searchNotation) {

  /** The columns of the entries table this row holds, by name (statements are built from these names). */
  static final List<String> COLUMN_NAMES = List.of("id", "register", "year", "series", "number", "notation",
      "issuer", "entry_date", "document_date", "doc_type", "type_abbr", "summary", "signer", "recipients",
      "filing_unit", "copies", "receiver", "due_date", "trace", "urgency", "confidentiality", "file_sha256",
      "verdict", "status", "registered_at", "journal_seq", "dedup_key", "search_summary", "search_party",
      "search_notation");
  /** The column list for a SELECT. */
  static final String COLUMNS = String.join(", ", COLUMN_NAMES);

  public EntryRow {
    Objects.requireNonNull(register, "register");
  }

  /** The row for an entry, whose latest journal record is {@code journalSeq}; derived columns computed here. */
  public static EntryRow of(RegisterEntry e, long journalSeq) {
    String dedup;
    String party;
    EntryRow r;
    if (e instanceof OutgoingEntry o) {
      party = String.join(" ", o.issuer(), o.signer(), o.recipients(), o.filingUnit());
      dedup = "out|" + Fold.fold(o.issuer()) + "|" + o.year() + "|" + o.series().code() + "|" + Fold.fold(o.notation());
      r = new EntryRow(o.id(), "out", o.year(), o.series().code(), o.number(), o.notation(), o.issuer(),
          o.entryDate().toString(), null, o.type().name(), o.type().abbreviation(), o.summary(), o.signer(),
          o.recipients(), o.filingUnit(), o.copies(), "", null, "", o.urgency().name(), o.confidentiality().name(),
          o.fileSha256().orElse(null), o.verdict().map(Verdict::name).orElse(null), o.status().name(),
          o.registeredAt().toString(), journalSeq, dedup, "", "", "");
    } else {
      IncomingEntry i = (IncomingEntry) e;
      party = String.join(" ", i.author(), i.receiver());
      int docYear = i.documentDate().orElse(i.entryDate()).getYear();
      dedup = "in|" + Fold.fold(i.author()) + "|" + Fold.fold(i.notation()) + "|" + docYear;
      r = new EntryRow(i.id(), "in", i.year(), i.series().code(), i.number(), i.notation(), i.author(),
          i.entryDate().toString(), i.documentDate().map(LocalDate::toString).orElse(null), i.type().name(),
          i.type().abbreviation(), i.summary(), "", "", "", 0, i.receiver(), i.dueDate().map(LocalDate::toString)
          .orElse(null), traceText(i.trace()), i.urgency().name(), i.confidentiality().name(),
          i.fileSha256().orElse(null), i.verdict().map(Verdict::name).orElse(null), i.status().name(),
          i.registeredAt().toString(), journalSeq, dedup, "", "", "");
    }
    return r.withSearch(Fold.fold(e.type().name() + " " + e.summary()), Fold.fold(party), Fold.fold(e.notation()));
  }

  private EntryRow withSearch(String s, String p, String n) {
    return new EntryRow(id, register, year, series, number, notation, issuer, entryDate, documentDate, docType,
        typeAbbr, summary, signer, recipients, filingUnit, copies, receiver, dueDate, trace, urgency, confidentiality,
        fileSha256, verdict, status, registeredAt, journalSeq, dedupKey, s, p, n);
  }

  /** The entry this row holds. */
  public RegisterEntry toEntry() {
    DocumentType type = new DocumentType(docType, typeAbbr);
    Optional<String> sha = Optional.ofNullable(fileSha256);
    Optional<Verdict> v = Optional.ofNullable(verdict).map(Verdict::valueOf);
    if (register.equals("out")) {
      return new OutgoingEntry(id, year, new Series(series), number, notation, issuer, LocalDate.parse(entryDate),
          type, summary, signer, recipients, filingUnit, copies, Urgency.valueOf(urgency),
          Confidentiality.valueOf(confidentiality), sha, v, EntryStatus.valueOf(status), Instant.parse(registeredAt));
    }
    return new IncomingEntry(id, year, new Series(series), number, LocalDate.parse(entryDate), issuer, notation,
        Optional.ofNullable(documentDate).map(LocalDate::parse), type, summary, receiver,
        Optional.ofNullable(dueDate).map(LocalDate::parse), parseTrace(trace), Urgency.valueOf(urgency),
        Confidentiality.valueOf(confidentiality), sha, v, EntryStatus.valueOf(status), Instant.parse(registeredAt));
  }

  /** The canonical JSON of the entry: what the journal records and the hash covers. */
  public String state() {
    List<String> steps = new ArrayList<>();
    for (ProcessingStep s : parseTrace(trace)) {
      steps.add(Json.canonical().put("at", s.at().toString()).put("actor", s.actor()).put("action", s.action())
          .toString());
    }
    return Json.canonical().put("register", register).put("id", id).put("year", year).put("series", series)
        .put("number", number).put("notation", notation).put("issuer", issuer).put("entryDate", entryDate)
        .put("documentDate", documentDate).put("type", docType).put("typeAbbreviation", typeAbbr)
        .put("summary", summary).put("signer", signer).put("recipients", recipients).put("filingUnit", filingUnit)
        .put("copies", copies).put("receiver", receiver).put("dueDate", dueDate).raw("trace", Json.array(steps))
        .put("urgency", urgency).put("confidentiality", confidentiality).put("fileSha256", fileSha256)
        .put("verdict", verdict).put("status", status).put("registeredAt", registeredAt).toString();
  }

  /** The same row with its derived columns (dedup key, search columns) recomputed from its data. */
  public EntryRow recomputed() {
    try {
      return of(toEntry(), journalSeq);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** A short human name: "outgoing 2026 no. 15 (15/QĐ-UBND)". */
  public String label() {
    return (register.equals("out") ? "outgoing" : "incoming") + " " + year
        + (series.equals(Series.ADMINISTRATIVE.code()) ? "" : " " + series) + " no. " + number + " (" + notation + ")";
  }

  /** The label of an entry from its recorded state, for journal problems. */
  static String label(Map<?, ?> state) {
    Object reg = state.get("register");
    Object series = state.get("series");
    return ("out".equals(reg) ? "outgoing" : "incoming") + " " + state.get("year")
        + (Series.ADMINISTRATIVE.code().equals(series) ? "" : " " + series) + " no. " + state.get("number") + " ("
        + state.get("notation") + ")";
  }

  static String traceText(List<ProcessingStep> steps) {
    List<String> lines = new ArrayList<>();
    for (ProcessingStep s : steps) {
      lines.add(s.at() + "\t" + s.actor() + "\t" + s.action());
    }
    return String.join("\n", lines);
  }

  static List<ProcessingStep> parseTrace(String text) {
    List<ProcessingStep> out = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return out;
    }
    for (String line : text.split("\n")) {
      String[] f = line.split("\t", 3);
      out.add(new ProcessingStep(OffsetDateTime.parse(f[0]), f.length > 1 ? f[1] : "", f.length > 2 ? f[2] : ""));
    }
    return out;
  }

  /** The row's values by column name, in the order of {@link #COLUMN_NAMES}; null is SQL NULL. */
  Map<String, Object> values() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", id);
    v.put("register", register);
    v.put("year", year);
    v.put("series", series);
    v.put("number", number);
    v.put("notation", notation);
    v.put("issuer", issuer);
    v.put("entry_date", entryDate);
    v.put("document_date", documentDate);
    v.put("doc_type", docType);
    v.put("type_abbr", typeAbbr);
    v.put("summary", summary);
    v.put("signer", signer);
    v.put("recipients", recipients);
    v.put("filing_unit", filingUnit);
    v.put("copies", copies);
    v.put("receiver", receiver);
    v.put("due_date", dueDate);
    v.put("trace", trace);
    v.put("urgency", urgency);
    v.put("confidentiality", confidentiality);
    v.put("file_sha256", fileSha256);
    v.put("verdict", verdict);
    v.put("status", status);
    v.put("registered_at", registeredAt);
    v.put("journal_seq", journalSeq);
    v.put("dedup_key", dedupKey);
    v.put("search_summary", searchSummary);
    v.put("search_party", searchParty);
    v.put("search_notation", searchNotation);
    return v;
  }

  /** Binds a value of {@link #values()} to parameter {@code i}. */
  static void bind(PreparedStatement s, int i, Object v) throws SQLException {
    if (v == null) {
      s.setNull(i, Types.VARCHAR);
    } else if (v instanceof Long l) {
      s.setLong(i, l);
    } else if (v instanceof Integer n) {
      s.setInt(i, n);
    } else {
      s.setString(i, (String) v);
    }
  }

  /** Reads a row selected with (at least) {@link #COLUMNS}, by column name. */
  static EntryRow read(ResultSet rs) throws SQLException {
    return new EntryRow(rs.getLong("id"), rs.getString("register"), rs.getInt("year"), rs.getString("series"),
        rs.getLong("number"), rs.getString("notation"), rs.getString("issuer"), rs.getString("entry_date"),
        rs.getString("document_date"), rs.getString("doc_type"), rs.getString("type_abbr"), rs.getString("summary"),
        rs.getString("signer"), rs.getString("recipients"), rs.getString("filing_unit"), rs.getInt("copies"),
        rs.getString("receiver"), rs.getString("due_date"), rs.getString("trace"), rs.getString("urgency"),
        rs.getString("confidentiality"), rs.getString("file_sha256"), rs.getString("verdict"),
        rs.getString("status"), rs.getString("registered_at"), rs.getLong("journal_seq"), rs.getString("dedup_key"),
        rs.getString("search_summary"), rs.getString("search_party"), rs.getString("search_notation"));
  }
}
