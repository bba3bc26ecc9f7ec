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
}
