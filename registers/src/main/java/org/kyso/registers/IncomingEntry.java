package org.kyso.registers;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.kyso.core.verify.Verdict;

/**
 * A document the organisation received (Appendix IV, sổ đăng ký văn bản đến). Text fields that were not given are
 * empty strings.
 *
 * @param number số đến: the arrival number
 * @param entryDate ngày đến: the arrival date
 * @param author tác giả: the organisation that issued the document
 * @param notation the document's own number and notation ({@code 15/QĐ-UBND})
 * @param documentDate ngày tháng văn bản, when known
 * @param receiver đơn vị hoặc người nhận: the unit or person who handles it
 * @param dueDate hạn giải quyết, when set
 * @param trace the processing trace, oldest first
 */
public record IncomingEntry(long id, int year, Series series, long number, LocalDate entryDate, String author,
    String notation, Optional<LocalDate> documentDate, DocumentType type, String summary, String receiver,
    Optional<LocalDate> dueDate, List<ProcessingStep> trace, Urgency urgency, Confidentiality confidentiality,
    Optional<String> fileSha256, Optional<Verdict> verdict, EntryStatus status, Instant registeredAt)
    implements RegisterEntry {
  public IncomingEntry {
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(entryDate, "entryDate");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(notation, "notation");
    Objects.requireNonNull(documentDate, "documentDate");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(receiver, "receiver");
    Objects.requireNonNull(dueDate, "dueDate");
    trace = List.copyOf(trace);
    Objects.requireNonNull(urgency, "urgency");
    Objects.requireNonNull(confidentiality, "confidentiality");
    Objects.requireNonNull(fileSha256, "fileSha256");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(registeredAt, "registeredAt");
  }

  @Override
  public RegisterKind register() {
    return RegisterKind.INCOMING;
  }

  /** The arrival date (ngày đến); the same as {@link #entryDate()}. */
  public LocalDate arrivalDate() {
    return entryDate;
  }
}
