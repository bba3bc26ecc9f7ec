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

  /** A builder holding this entry's values, to derive a changed copy (the number and id are kept unless set). */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** This entry with another status. */
  public IncomingEntry withStatus(EntryStatus status) {
    return toBuilder().status(status).build();
  }

  /** This entry with another file digest and verdict. */
  public IncomingEntry withFile(Optional<String> fileSha256, Optional<Verdict> verdict) {
    return toBuilder().fileSha256(fileSha256).verdict(verdict).build();
  }

  /** Derives a changed copy of an {@link IncomingEntry}; {@link #build()} checks the fields as the constructor does. */
  public static final class Builder {
    private long id;
    private int year;
    private Series series;
    private long number;
    private LocalDate entryDate;
    private String author;
    private String notation;
    private Optional<LocalDate> documentDate;
    private DocumentType type;
    private String summary;
    private String receiver;
    private Optional<LocalDate> dueDate;
    private List<ProcessingStep> trace;
    private Urgency urgency;
    private Confidentiality confidentiality;
    private Optional<String> fileSha256;
    private Optional<Verdict> verdict;
    private EntryStatus status;
    private Instant registeredAt;

    private Builder(IncomingEntry e) {
      this.id = e.id;
      this.year = e.year;
      this.series = e.series;
      this.number = e.number;
      this.entryDate = e.entryDate;
      this.author = e.author;
      this.notation = e.notation;
      this.documentDate = e.documentDate;
      this.type = e.type;
      this.summary = e.summary;
      this.receiver = e.receiver;
      this.dueDate = e.dueDate;
      this.trace = e.trace;
      this.urgency = e.urgency;
      this.confidentiality = e.confidentiality;
      this.fileSha256 = e.fileSha256;
      this.verdict = e.verdict;
      this.status = e.status;
      this.registeredAt = e.registeredAt;
    }

    public Builder id(long id) {
      this.id = id;
      return this;
    }

    public Builder year(int year) {
      this.year = year;
      return this;
    }

    public Builder series(Series series) {
      this.series = series;
      return this;
    }

    public Builder number(long number) {
      this.number = number;
      return this;
    }

    public Builder entryDate(LocalDate entryDate) {
      this.entryDate = entryDate;
      return this;
    }

    public Builder author(String author) {
      this.author = author;
      return this;
    }

    public Builder notation(String notation) {
      this.notation = notation;
      return this;
    }

    public Builder documentDate(Optional<LocalDate> documentDate) {
      this.documentDate = documentDate;
      return this;
    }

    public Builder type(DocumentType type) {
      this.type = type;
      return this;
    }

    public Builder summary(String summary) {
      this.summary = summary;
      return this;
    }

    public Builder receiver(String receiver) {
      this.receiver = receiver;
      return this;
    }

    public Builder dueDate(Optional<LocalDate> dueDate) {
      this.dueDate = dueDate;
      return this;
    }

    public Builder trace(List<ProcessingStep> trace) {
      this.trace = trace;
      return this;
    }

    public Builder urgency(Urgency urgency) {
      this.urgency = urgency;
      return this;
    }

    public Builder confidentiality(Confidentiality confidentiality) {
      this.confidentiality = confidentiality;
      return this;
    }

    public Builder fileSha256(Optional<String> fileSha256) {
      this.fileSha256 = fileSha256;
      return this;
    }

    public Builder verdict(Optional<Verdict> verdict) {
      this.verdict = verdict;
      return this;
    }

    public Builder status(EntryStatus status) {
      this.status = status;
      return this;
    }

    public Builder registeredAt(Instant registeredAt) {
      this.registeredAt = registeredAt;
      return this;
    }

    public IncomingEntry build() {
      return new IncomingEntry(id, year, series, number, entryDate, author, notation, documentDate, type, summary,
          receiver, dueDate, trace, urgency, confidentiality, fileSha256, verdict, status, registeredAt);
    }
  }
}
