package org.kyso.registers;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.kyso.core.verify.Verdict;
import org.kyso.registers.internal.Fold;
import org.kyso.registers.internal.Hex;

/**
 * The rules an entry must keep before anything is written (Decree 30/2020/NĐ-CP, Articles 15–25): required fields,
 * dates not in the future, the series a type may be numbered in, the notation, what a correction may change and
 * which status changes are allowed. Pure functions; no database.
 */
final class EntryRules {
  private EntryRules() {}

  /** An outgoing draft checked and normalised, waiting for its number. */
  record Outgoing(OutgoingDraft draft, DocumentType type, String summary, LocalDate date, Series series, String unit,
      Optional<String> sha) {

    /** The entry this draft becomes with {@code number} in journal record {@code id}. */
    OutgoingEntry entry(long id, long number, Organisation org, EntryStatus status, Instant now) {
      String notation = notation(number, date.getYear(), series, type, org.abbreviation(), unit);
      return new OutgoingEntry(id, date.getYear(), series, number, notation, org.abbreviation(), date, type, summary,
          Fold.line(draft.signer()), Fold.line(draft.recipients()), Fold.line(draft.filingUnit()), draft.copies(),
          draft.urgency(), draft.confidentiality(), sha, draft.verdict(), status, now);
    }
  }

  /** An incoming draft checked and normalised, waiting for its arrival number. */
  record Incoming(IncomingDraft draft, String author, String code, String summary, LocalDate arrival,
      DocumentType type, Series series, Optional<String> sha) {

    IncomingEntry entry(long id, long number, Instant now) {
      return new IncomingEntry(id, arrival.getYear(), series, number, arrival, author, code, draft.documentDate(), type,
          summary, Fold.line(draft.receiver()), draft.dueDate(), draft.trace(), draft.urgency(),
          draft.confidentiality(), sha, draft.verdict(), EntryStatus.REGISTERED, now);
    }
  }

  static Outgoing outgoing(OutgoingDraft draft, LocalDate today) throws InvalidEntryException {
    DocumentType type = draft.type().orElseThrow(() -> new InvalidEntryException(
        "The document type is required (QĐ, TB, KH, BC, TTr, ..., or CV for a công văn)."));
    String summary = required(draft.summary(), "The summary (trích yếu) is required.");
    LocalDate date = draft.date().orElse(today);
    notInFuture(date, "issue date", today);
    Series series = draft.series().orElse(defaultSeries(draft.confidentiality()));
    if (series.isNormative() && !series.code().endsWith(":" + type.abbreviation())) {
      throw new InvalidEntryException("The series " + series + " numbers " + series.code().substring(
          series.code().indexOf(':') + 1) + " documents, not " + type.key() + ".");
    }
    if (draft.copies() < 0) {
      throw new InvalidEntryException("The number of copies cannot be negative.");
    }
    String unit = Fold.line(draft.unitAbbreviation());
    if (unit.contains("/") || unit.contains(" ")) {
      throw new InvalidEntryException("The unit abbreviation cannot contain '/' or spaces: " + unit);
    }
    return new Outgoing(draft, type, summary, date, series, unit, sha256(draft.fileSha256()));
  }

  static Incoming incoming(IncomingDraft draft, LocalDate today) throws InvalidEntryException {
    String author = required(draft.author(), "The author (tác giả: the issuing organisation) is required.");
    String code = required(draft.notation(), "The document's number and notation (e.g. 15/QĐ-UBND) is required.");
    String summary = required(draft.summary(), "The summary (trích yếu) is required.");
    LocalDate arrival = draft.arrivalDate().orElse(today);
    notInFuture(arrival, "arrival date", today);
    if (draft.documentDate().isPresent()) {
      notInFuture(draft.documentDate().get(), "document date", today);
      if (draft.documentDate().get().isAfter(arrival)) {
        throw new InvalidEntryException("The document date " + draft.documentDate().get() + " is after its arrival "
            + "date " + arrival + "; check both dates.");
      }
    }
    DocumentType type = draft.type().orElse(DocumentType.fromNotation(code));
    Series series = draft.series().orElse(defaultSeries(draft.confidentiality()));
    return new Incoming(draft, author, code, summary, arrival, type, series, sha256(draft.fileSha256()));
  }

  private static Series defaultSeries(Confidentiality c) {
    return c == Confidentiality.NONE ? Series.ADMINISTRATIVE : Series.CONFIDENTIAL;
  }

  /**
   * The notation: the number with at least two digits, the year for a legal normative document, the type's
   * abbreviation (none for a công văn), the organisation's and the drafting unit's: {@code 15/QĐ-UBND},
   * {@code 05/UBND-VP}, {@code 12/2026/NQ-HĐND}.
   */
  static String notation(long number, int year, Series series, DocumentType type, String org, String unit) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%02d", number)).append('/');
    if (series.isNormative()) {
      sb.append(year).append('/');
    }
    if (!type.isCongVan()) {
      sb.append(type.abbreviation()).append('-');
    }
    sb.append(org);
    if (!unit.isEmpty()) {
      sb.append('-').append(unit);
    }
    return sb.toString();
  }

  /** The entry after a correction; the number, notation, dates and status never change. */
  static RegisterEntry corrected(RegisterEntry old, Correction k) throws InvalidEntryException {
    if (old.status() == EntryStatus.VOID) {
      throw new InvalidEntryException(old.ref() + " is void (its number was never issued); there is nothing to "
          + "correct.");
    }
    Optional<String> sha = k.fileSha256().isPresent() ? sha256(k.fileSha256()) : old.fileSha256();
    Optional<Verdict> verdict = k.verdict().isPresent() ? k.verdict() : old.verdict();
    String summary = k.summary().map(Fold::line).orElse(old.summary());
    if (summary.isEmpty()) {
      throw new InvalidEntryException("The summary (trích yếu) cannot be made empty.");
    }
    Urgency u = k.urgency().orElse(old.urgency());
    Confidentiality conf = k.confidentiality().orElse(old.confidentiality());
    if (old instanceof OutgoingEntry o) {
      if (k.receiver().isPresent() || k.dueDate().isPresent()) {
        throw new InvalidEntryException("An outgoing entry has no receiver or due date; correct the incoming entry.");
      }
      int copies = k.copies().orElse(o.copies());
      if (copies < 0) {
        throw new InvalidEntryException("The number of copies cannot be negative.");
      }
      return o.toBuilder().summary(summary).signer(k.signer().map(Fold::line).orElse(o.signer()))
          .recipients(k.recipients().map(Fold::line).orElse(o.recipients()))
          .filingUnit(k.filingUnit().map(Fold::line).orElse(o.filingUnit())).copies(copies).urgency(u)
          .confidentiality(conf).fileSha256(sha).verdict(verdict).build();
    }
    IncomingEntry i = (IncomingEntry) old;
    if (k.signer().isPresent() || k.recipients().isPresent() || k.filingUnit().isPresent() || k.copies().isPresent()) {
      throw new InvalidEntryException("An incoming entry has no signer, recipients, filing unit or copies.");
    }
    return i.toBuilder().summary(summary).receiver(k.receiver().map(Fold::line).orElse(i.receiver()))
        .dueDate(k.dueDate().isPresent() ? k.dueDate() : i.dueDate()).urgency(u).confidentiality(conf)
        .fileSha256(sha).verdict(verdict).build();
  }

  /**
   * Checks a status change asked for through {@link Registers#changeStatus}: {@link EntryStatus#RESERVED} and
   * {@link EntryStatus#VOID} belong to issuance and are set by kyso only; a reserved number cannot be changed while
   * its document is being issued, and a void one never.
   */
  static void statusChange(RegisterEntry old, EntryStatus status) throws InvalidEntryException {
    if (old.status() == status) {
      throw new InvalidEntryException(old.ref() + " already has the status " + status + ".");
    }
    if (status == EntryStatus.RESERVED || status == EntryStatus.VOID) {
      throw new InvalidEntryException("The status " + status + " is set by issuance only.");
    }
    if (old.status() == EntryStatus.RESERVED) {
      throw new InvalidEntryException(old.ref() + " is reserved for a document being issued; wait for the issuance "
          + "to finish (or to be voided).");
    }
    if (old.status() == EntryStatus.VOID) {
      throw new InvalidEntryException(old.ref() + " is void: its number was never issued and is not reused.");
    }
  }

  /** The incoming entry with one more processing step; a REGISTERED one becomes IN_PROGRESS. */
  static IncomingEntry withStep(IncomingEntry old, ProcessingStep step) {
    List<ProcessingStep> trace = new ArrayList<>(old.trace());
    trace.add(step);
    EntryStatus status = old.status() == EntryStatus.REGISTERED ? EntryStatus.IN_PROGRESS : old.status();
    return old.toBuilder().trace(trace).status(status).build();
  }

  /** A digest given by the caller: 64 hex digits, stored in lower case. */
  static Optional<String> sha256(Optional<String> hex) throws InvalidEntryException {
    if (hex.isEmpty()) {
      return hex;
    }
    String h = hex.get().trim().toLowerCase(Locale.ROOT);
    if (!Hex.isSha256Hex(h)) {
      throw new InvalidEntryException("A file digest must be a SHA-256 value of 64 hex digits.");
    }
    return Optional.of(h);
  }

  static String required(String value, String message) throws InvalidEntryException {
    String v = value == null ? "" : Fold.line(value);
    if (v.isEmpty()) {
      throw new InvalidEntryException(message);
    }
    return v;
  }

  private static void notInFuture(LocalDate d, String what, LocalDate today) throws InvalidEntryException {
    if (d.isAfter(today)) {
      throw new InvalidEntryException("The " + what + " " + d + " is in the future (today is " + today
          + "); a document is registered on or after its date.");
    }
  }

  static InvalidEntryException notInitialised() {
    return new InvalidEntryException("The registers have not been set up: run 'kyso register init' (or "
        + "Registers.initialise) with the organisation's name and abbreviation first.");
  }

  static InvalidEntryException noSuchEntry(EntryRef ref) {
    return new InvalidEntryException("There is no entry " + ref + " in the registers.");
  }
}
