package org.kyso.registers;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import org.kyso.core.verify.Verdict;

/**
 * A correction of an entry's descriptive fields, with its reason. The number, year, series, notation and dates of
 * registration never change: a correction is a new journal record, the old values stay in the journal. Immutable;
 * only the fields that were set are changed.
 */
public final class Correction {
  private final String reason;
  private final String summary;
  private final String signer;
  private final String recipients;
  private final String filingUnit;
  private final Integer copies;
  private final String receiver;
  private final LocalDate dueDate;
  private final Urgency urgency;
  private final Confidentiality confidentiality;
  private final String fileSha256;
  private final Verdict verdict;

  private Correction(Builder b) {
    this.reason = b.reason;
    this.summary = b.summary;
    this.signer = b.signer;
    this.recipients = b.recipients;
    this.filingUnit = b.filingUnit;
    this.copies = b.copies;
    this.receiver = b.receiver;
    this.dueDate = b.dueDate;
    this.urgency = b.urgency;
    this.confidentiality = b.confidentiality;
    this.fileSha256 = b.fileSha256;
    this.verdict = b.verdict;
  }

  /** A correction made for this reason (required, kept in the journal). */
  public static Builder builder(String reason) {
    return new Builder(reason);
  }

  public String reason() {
    return reason;
  }

  public Optional<String> summary() {
    return Optional.ofNullable(summary);
  }

  public Optional<String> signer() {
    return Optional.ofNullable(signer);
  }

  public Optional<String> recipients() {
    return Optional.ofNullable(recipients);
  }

  public Optional<String> filingUnit() {
    return Optional.ofNullable(filingUnit);
  }

  public Optional<Integer> copies() {
    return Optional.ofNullable(copies);
  }

  public Optional<String> receiver() {
    return Optional.ofNullable(receiver);
  }

  public Optional<LocalDate> dueDate() {
    return Optional.ofNullable(dueDate);
  }

  public Optional<Urgency> urgency() {
    return Optional.ofNullable(urgency);
  }

  public Optional<Confidentiality> confidentiality() {
    return Optional.ofNullable(confidentiality);
  }

  public Optional<String> fileSha256() {
    return Optional.ofNullable(fileSha256);
  }

  public Optional<Verdict> verdict() {
    return Optional.ofNullable(verdict);
  }

  /** Builds a {@link Correction}. */
  public static final class Builder {
    private final String reason;
    private String summary;
    private String signer;
    private String recipients;
    private String filingUnit;
    private Integer copies;
    private String receiver;
    private LocalDate dueDate;
    private Urgency urgency;
    private Confidentiality confidentiality;
    private String fileSha256;
    private Verdict verdict;

    private Builder(String reason) {
      this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Builder summary(String v) {
      this.summary = Objects.requireNonNull(v);
      return this;
    }

    public Builder signer(String v) {
      this.signer = Objects.requireNonNull(v);
      return this;
    }

    public Builder recipients(String v) {
      this.recipients = Objects.requireNonNull(v);
      return this;
    }

    public Builder filingUnit(String v) {
      this.filingUnit = Objects.requireNonNull(v);
      return this;
    }

    public Builder copies(int v) {
      this.copies = v;
      return this;
    }

    public Builder receiver(String v) {
      this.receiver = Objects.requireNonNull(v);
      return this;
    }

    public Builder dueDate(LocalDate v) {
      this.dueDate = Objects.requireNonNull(v);
      return this;
    }

    public Builder urgency(Urgency v) {
      this.urgency = Objects.requireNonNull(v);
      return this;
    }

    public Builder confidentiality(Confidentiality v) {
      this.confidentiality = Objects.requireNonNull(v);
      return this;
    }

    /** The digest of a replacement file (e.g. the issued, signed file). */
    public Builder fileSha256(String hex) {
      this.fileSha256 = Objects.requireNonNull(hex);
      return this;
    }

    public Builder verdict(Verdict v) {
      this.verdict = Objects.requireNonNull(v);
      return this;
    }

    public Correction build() {
      return new Correction(this);
    }
  }
}
