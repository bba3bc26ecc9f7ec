package org.kyso.registers;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.kyso.core.verify.Verdict;

/**
 * What a clerk fills in to register a received document; the register adds the arrival number (số đến) and, when
 * not given, today's date as arrival date. Immutable; built by {@link #builder(String, String, String)}. Missing or
 * bad fields are reported by {@link Registers#registerIncoming} with an {@link InvalidEntryException}.
 */
public final class IncomingDraft {
  private final String author;
  private final String notation;
  private final String summary;
  private final LocalDate arrivalDate;
  private final LocalDate documentDate;
  private final DocumentType type;
  private final Series series;
  private final String receiver;
  private final LocalDate dueDate;
  private final List<ProcessingStep> trace;
  private final Urgency urgency;
  private final Confidentiality confidentiality;
  private final String fileSha256;
  private final Verdict verdict;

  private IncomingDraft(Builder b) {
    this.author = b.author;
    this.notation = b.notation;
    this.summary = b.summary;
    this.arrivalDate = b.arrivalDate;
    this.documentDate = b.documentDate;
    this.type = b.type;
    this.series = b.series;
    this.receiver = b.receiver;
    this.dueDate = b.dueDate;
    this.trace = List.copyOf(b.trace);
    this.urgency = b.urgency;
    this.confidentiality = b.confidentiality;
    this.fileSha256 = b.fileSha256;
    this.verdict = b.verdict;
  }

  /**
   * A draft for a document from {@code author} (tác giả), with its own number and notation ({@code 15/QĐ-UBND})
   * and summary (trích yếu).
   */
  public static Builder builder(String author, String notation, String summary) {
    return new Builder().author(author).notation(notation).summary(summary);
  }

  /** An empty draft; author, notation and summary are required before registering. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this draft's values, to derive a variant. */
  public Builder toBuilder() {
    Builder b = new Builder().author(author).notation(notation).summary(summary).receiver(receiver).urgency(urgency)
        .confidentiality(confidentiality);
    if (arrivalDate != null) {
      b.arrivalDate(arrivalDate);
    }
    if (documentDate != null) {
      b.documentDate(documentDate);
    }
    if (type != null) {
      b.type(type);
    }
    if (series != null) {
      b.series(series);
    }
    if (dueDate != null) {
      b.dueDate(dueDate);
    }
    trace.forEach(b::step);
    if (fileSha256 != null) {
      b.fileSha256(fileSha256);
    }
    if (verdict != null) {
      b.verdict(verdict);
    }
    return b;
  }

  public String author() {
    return author;
  }

  public String notation() {
    return notation;
  }

  public String summary() {
    return summary;
  }

  public Optional<LocalDate> arrivalDate() {
    return Optional.ofNullable(arrivalDate);
  }

  public Optional<LocalDate> documentDate() {
    return Optional.ofNullable(documentDate);
  }

  /** The type; when not set, read from the notation's abbreviation (a công văn when it has none). */
  public Optional<DocumentType> type() {
    return Optional.ofNullable(type);
  }

  public Optional<Series> series() {
    return Optional.ofNullable(series);
  }

  public String receiver() {
    return receiver;
  }

  public Optional<LocalDate> dueDate() {
    return Optional.ofNullable(dueDate);
  }

  public List<ProcessingStep> trace() {
    return trace;
  }

  public Urgency urgency() {
    return urgency;
  }

  public Confidentiality confidentiality() {
    return confidentiality;
  }

  public Optional<String> fileSha256() {
    return Optional.ofNullable(fileSha256);
  }

  public Optional<Verdict> verdict() {
    return Optional.ofNullable(verdict);
  }

  /** Builds an {@link IncomingDraft}. Text is stored as Unicode NFC on one line. */
  public static final class Builder {
    private String author = "";
    private String notation = "";
    private String summary = "";
    private LocalDate arrivalDate;
    private LocalDate documentDate;
    private DocumentType type;
    private Series series;
    private String receiver = "";
    private LocalDate dueDate;
    private final List<ProcessingStep> trace = new ArrayList<>();
    private Urgency urgency = Urgency.NORMAL;
    private Confidentiality confidentiality = Confidentiality.NONE;
    private String fileSha256;
    private Verdict verdict;

    private Builder() {}

    /** Tác giả: the organisation that issued the document (required). */
    public Builder author(String author) {
      this.author = Objects.requireNonNull(author, "author");
      return this;
    }

    /** The document's own number and notation, e.g. {@code 15/QĐ-UBND} (required). */
    public Builder notation(String notation) {
      this.notation = Objects.requireNonNull(notation, "notation");
      return this;
    }

    /** Trích yếu nội dung (required). */
    public Builder summary(String summary) {
      this.summary = Objects.requireNonNull(summary, "summary");
      return this;
    }

    /** Ngày đến; today (in the register's time zone) when not set. Never in the future. */
    public Builder arrivalDate(LocalDate date) {
      this.arrivalDate = Objects.requireNonNull(date, "date");
      return this;
    }

    /** The document's own date; never after the arrival date. */
    public Builder documentDate(LocalDate date) {
      this.documentDate = Objects.requireNonNull(date, "date");
      return this;
    }

    public Builder type(DocumentType type) {
      this.type = Objects.requireNonNull(type, "type");
      return this;
    }

    public Builder series(Series series) {
      this.series = Objects.requireNonNull(series, "series");
      return this;
    }

    /** Đơn vị hoặc người nhận: who handles it. */
    public Builder receiver(String receiver) {
      this.receiver = Objects.requireNonNull(receiver, "receiver");
      return this;
    }

    /** Hạn giải quyết. */
    public Builder dueDate(LocalDate date) {
      this.dueDate = Objects.requireNonNull(date, "date");
      return this;
    }

    /** A first processing step (e.g. "Văn thư", "trình Chủ tịch"). */
    public Builder step(ProcessingStep step) {
      this.trace.add(Objects.requireNonNull(step, "step"));
      return this;
    }

    public Builder urgency(Urgency urgency) {
      this.urgency = Objects.requireNonNull(urgency, "urgency");
      return this;
    }

    public Builder confidentiality(Confidentiality confidentiality) {
      this.confidentiality = Objects.requireNonNull(confidentiality, "confidentiality");
      return this;
    }

    /** The SHA-256 of the received file, 64 hex digits (see {@link Registers#sha256}). */
    public Builder fileSha256(String hex) {
      this.fileSha256 = Objects.requireNonNull(hex, "hex");
      return this;
    }

    /** The verdict on the received file's signatures (see {@code org.kyso.core.verify.Verifier}). */
    public Builder verdict(Verdict verdict) {
      this.verdict = Objects.requireNonNull(verdict, "verdict");
      return this;
    }

    public IncomingDraft build() {
      return new IncomingDraft(this);
    }
  }
}
