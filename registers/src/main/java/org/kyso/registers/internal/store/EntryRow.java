package org.kyso.registers.internal.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
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
import org.kyso.registers.internal.Json;

/**
 * One row of the {@code entries} table, for both registers: the mapping between entries, rows and the canonical
 * JSON state recorded in the journal. Absent text is "", absent dates and digests are null.
 */
public record EntryRow(long id, String register, int year, String series, long number, String notation,
    String issuer, String entryDate, String documentDate, String docType, String typeAbbr, String summary,
    String signer, String recipients, String filingUnit, int copies, String receiver, String dueDate, String trace,
    String urgency, String confidentiality, String fileSha256, String verdict, String status, String registeredAt,
    long journalSeq, String dedupKey, String searchSummary, String searchParty, String searchNotation) {

  /** The columns, in the order of {@link #bind} and {@link #read}. */
  static final String COLUMNS = "id, register, year, series, number, notation, issuer, entry_date, document_date, "
      + "doc_type, type_abbr, summary, signer, recipients, filing_unit, copies, receiver, due_date, trace, urgency, "
      + "confidentiality, file_sha256, verdict, status, registered_at, journal_seq, dedup_key, search_summary, "
      + "search_party, search_notation";
  static final int COLUMN_COUNT = 30;

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
      steps.add(Json.obj().put("at", s.at().toString()).put("actor", s.actor()).put("action", s.action()).toString());
    }
    return Json.obj().put("register", register).put("id", id).put("year", year).put("series", series)
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

  void bind(PreparedStatement s) throws SQLException {
    int i = 1;
    s.setLong(i++, id);
    s.setString(i++, register);
    s.setInt(i++, year);
    s.setString(i++, series);
    s.setLong(i++, number);
    s.setString(i++, notation);
    s.setString(i++, issuer);
    s.setString(i++, entryDate);
    setNullable(s, i++, documentDate);
    s.setString(i++, docType);
    s.setString(i++, typeAbbr);
    s.setString(i++, summary);
    s.setString(i++, signer);
    s.setString(i++, recipients);
    s.setString(i++, filingUnit);
    s.setInt(i++, copies);
    s.setString(i++, receiver);
    setNullable(s, i++, dueDate);
    s.setString(i++, trace);
    s.setString(i++, urgency);
    s.setString(i++, confidentiality);
    setNullable(s, i++, fileSha256);
    setNullable(s, i++, verdict);
    s.setString(i++, status);
    s.setString(i++, registeredAt);
    s.setLong(i++, journalSeq);
    s.setString(i++, dedupKey);
    s.setString(i++, searchSummary);
    s.setString(i++, searchParty);
    s.setString(i, searchNotation);
  }

  private static void setNullable(PreparedStatement s, int i, String v) throws SQLException {
    if (v == null) {
      s.setNull(i, Types.VARCHAR);
    } else {
      s.setString(i, v);
    }
  }

  /** Reads a row selected with {@link #COLUMNS} starting at column {@code first}. */
  static EntryRow read(ResultSet rs, int first) throws SQLException {
    int i = first;
    return new EntryRow(rs.getLong(i++), rs.getString(i++), rs.getInt(i++), rs.getString(i++), rs.getLong(i++),
        rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++),
        rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++),
        rs.getInt(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++),
        rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++),
        rs.getLong(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i));
  }
}
