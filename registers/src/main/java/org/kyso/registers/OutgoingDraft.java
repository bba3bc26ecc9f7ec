package org.kyso.registers;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import org.kyso.core.verify.Verdict;

/**
 * What a clerk fills in to register an outgoing document; the register adds the number, the notation and (when
 * not given) today's date. Immutable; built by {@link #builder(DocumentType, String)}. Missing or bad fields are
 * reported by {@link Registers#registerOutgoing} with an {@link InvalidEntryException}.
 */
public final class OutgoingDraft {
  private final DocumentType type;
  private final String summary;
  private final LocalDate date;
  private final Series series;
  private final String signer;
  private final String recipients;
  private final String filingUnit;
  private final int copies;
  private final Urgency urgency;
  private final Confidentiality confidentiality;
  private final String unitAbbreviation;
  private final String fileSha256;
  private final Verdict verdict;

  private OutgoingDraft(Builder b) {
    this.type = b.type;
    this.summary = b.summary;
    this.date = b.date;
    this.series = b.series;
    this.signer = b.signer;
    this.recipients = b.recipients;
    this.filingUnit = b.filingUnit;
    this.copies = b.copies;
    this.urgency = b.urgency;
    this.confidentiality = b.confidentiality;
    this.unitAbbreviation = b.unitAbbreviation;
    this.fileSha256 = b.fileSha256;
    this.verdict = b.verdict;
  }

  /** A draft of this type with this summary (trích yếu). */
  public static Builder builder(DocumentType type, String summary) {
    return new Builder().type(type).summary(summary);
  }

  /** An empty draft; {@link Builder#type} and {@link Builder#summary} are required before registering. */
  public static Builder builder() {
    return new Builder();
  }

  public Optional<DocumentType> type() {
    return Optional.ofNullable(type);
  }

  public String summary() {
    return summary;
  }

  public Optional<LocalDate> date() {
    return Optional.ofNullable(date);
  }

  public Optional<Series> series() {
    return Optional.ofNullable(series);
  }

  public String signer() {
    return signer;
  }

  public String recipients() {
    return recipients;
  }

  public String filingUnit() {
    return filingUnit;
  }

  public int copies() {
    return copies;
  }

  public Urgency urgency() {
    return urgency;
  }

  public Confidentiality confidentiality() {
    return confidentiality;
  }

  /** The drafting unit's abbreviation appended to the notation ({@code VP} in {@code 05/UBND-VP}). */
  public String unitAbbreviation() {
    return unitAbbreviation;
  }

  public Optional<String> fileSha256() {
    return Optional.ofNullable(fileSha256);
  }

  public Optional<Verdict> verdict() {
    return Optional.ofNullable(verdict);
  }

  /** Builds an {@link OutgoingDraft}. Text is stored as Unicode NFC on one line. */
  public static final class Builder {
    private DocumentType type;
    private String summary = "";
    private LocalDate date;
    private Series series;
    private String signer = "";
    private String recipients = "";
    private String filingUnit = "";
    private int copies;
    private Urgency urgency = Urgency.NORMAL;
    private Confidentiality confidentiality = Confidentiality.NONE;
    private String unitAbbreviation = "";
    private String fileSha256;
    private Verdict verdict;

    private Builder() {}

    public Builder type(DocumentType type) {
      this.type = Objects.requireNonNull(type, "type");
      return this;
    }

    /** Trích yếu nội dung (required). */
    public Builder summary(String summary) {
      this.summary = Objects.requireNonNull(summary, "summary");
      return this;
    }

    /** The issue date; today (in the register's time zone) when not set. Never in the future. */
    public Builder date(LocalDate date) {
      this.date = Objects.requireNonNull(date, "date");
      return this;
    }

    /** The numbering series; {@link Series#CONFIDENTIAL} for a confidential document, else administrative. */
    public Builder series(Series series) {
      this.series = Objects.requireNonNull(series, "series");
      return this;
    }

    public Builder signer(String signer) {
      this.signer = Objects.requireNonNull(signer, "signer");
      return this;
    }

    public Builder recipients(String recipients) {
      this.recipients = Objects.requireNonNull(recipients, "recipients");
      return this;
    }

    public Builder filingUnit(String filingUnit) {
      this.filingUnit = Objects.requireNonNull(filingUnit, "filingUnit");
      return this;
    }

    public Builder copies(int copies) {
      this.copies = copies;
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

    /** The drafting unit's abbreviation, appended to the notation ({@code 05/UBND-VP}); usual for a công văn. */
    public Builder unitAbbreviation(String unit) {
      this.unitAbbreviation = Objects.requireNonNull(unit, "unit");
      return this;
    }

    /** The SHA-256 of the document file, 64 hex digits (see {@link Registers#sha256}). */
    public Builder fileSha256(String hex) {
      this.fileSha256 = Objects.requireNonNull(hex, "hex");
      return this;
    }

    public Builder verdict(Verdict verdict) {
      this.verdict = Objects.requireNonNull(verdict, "verdict");
      return this;
    }

    public OutgoingDraft build() {
      return new OutgoingDraft(this);
    }
  }
}
