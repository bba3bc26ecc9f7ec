package org.kyso.registers;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import org.kyso.core.verify.Verdict;

/**
 * A document the organisation issued (Appendix IV, sổ đăng ký văn bản đi). Text fields that were not given are
 * empty strings; {@code copies} is 0 when not given.
 *
 * @param issuer the abbreviation of the issuing organisation ({@code UBND})
 * @param signer người ký
 * @param recipients nơi nhận
 * @param filingUnit đơn vị, người nhận bản lưu
 * @param copies số lượng bản
 */
public record OutgoingEntry(long id, int year, Series series, long number, String notation, String issuer,
    LocalDate entryDate, DocumentType type, String summary, String signer, String recipients, String filingUnit,
    int copies, Urgency urgency, Confidentiality confidentiality, Optional<String> fileSha256,
    Optional<Verdict> verdict, EntryStatus status, Instant registeredAt) implements RegisterEntry {
  public OutgoingEntry {
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(notation, "notation");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(entryDate, "entryDate");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(recipients, "recipients");
    Objects.requireNonNull(filingUnit, "filingUnit");
    Objects.requireNonNull(urgency, "urgency");
    Objects.requireNonNull(confidentiality, "confidentiality");
    Objects.requireNonNull(fileSha256, "fileSha256");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(registeredAt, "registeredAt");
  }

  @Override
  public RegisterKind register() {
    return RegisterKind.OUTGOING;
  }

  /** The issue date (ngày tháng văn bản); the same as {@link #entryDate()}. */
  public LocalDate date() {
    return entryDate;
  }

  /** A builder holding this entry's values, to derive a changed copy (the number and id are kept unless set). */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** This entry with another status. */
  public OutgoingEntry withStatus(EntryStatus status) {
    return toBuilder().status(status).build();
  }

  /** This entry with another file digest and verdict. */
  public OutgoingEntry withFile(Optional<String> fileSha256, Optional<Verdict> verdict) {
    return toBuilder().fileSha256(fileSha256).verdict(verdict).build();
  }

  /** Derives a changed copy of an {@link OutgoingEntry}; {@link #build()} checks the fields as the constructor does. */
  public static final class Builder {
    private long id;
    private int year;
    private Series series;
    private long number;
    private String notation;
    private String issuer;
    private LocalDate entryDate;
    private DocumentType type;
    private String summary;
    private String signer;
    private String recipients;
    private String filingUnit;
    private int copies;
    private Urgency urgency;
    private Confidentiality confidentiality;
    private Optional<String> fileSha256;
    private Optional<Verdict> verdict;
    private EntryStatus status;
    private Instant registeredAt;

    private Builder(OutgoingEntry e) {
      this.id = e.id;
      this.year = e.year;
      this.series = e.series;
      this.number = e.number;
      this.notation = e.notation;
      this.issuer = e.issuer;
      this.entryDate = e.entryDate;
      this.type = e.type;
      this.summary = e.summary;
      this.signer = e.signer;
      this.recipients = e.recipients;
      this.filingUnit = e.filingUnit;
      this.copies = e.copies;
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

    public Builder notation(String notation) {
      this.notation = notation;
      return this;
    }

    public Builder issuer(String issuer) {
      this.issuer = issuer;
      return this;
    }

    public Builder entryDate(LocalDate entryDate) {
      this.entryDate = entryDate;
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

    public Builder signer(String signer) {
      this.signer = signer;
      return this;
    }

    public Builder recipients(String recipients) {
      this.recipients = recipients;
      return this;
    }

    public Builder filingUnit(String filingUnit) {
      this.filingUnit = filingUnit;
      return this;
    }

    public Builder copies(int copies) {
      this.copies = copies;
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

    public OutgoingEntry build() {
      return new OutgoingEntry(id, year, series, number, notation, issuer, entryDate, type, summary, signer,
          recipients, filingUnit, copies, urgency, confidentiality, fileSha256, verdict, status, registeredAt);
    }
  }
}
