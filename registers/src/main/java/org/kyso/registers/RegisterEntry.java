package org.kyso.registers;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.kyso.core.verify.Verdict;

/**
 * One line of a register: an {@link OutgoingEntry} or an {@link IncomingEntry}. Immutable; a correction or a
 * status change gives a new value with the same number (and a new journal record).
 */
public sealed interface RegisterEntry permits OutgoingEntry, IncomingEntry {
  /** The entry's id in its database: the sequence number of the journal record that created it. */
  long id();

  RegisterKind register();

  /** The year of the numbering (the year of {@link #entryDate()}). */
  int year();

  Series series();

  /** The number in its register, year and series: 1, 2, 3... from 1 January. */
  long number();

  /** Outgoing: the issue date. Incoming: the arrival date. */
  LocalDate entryDate();

  /** Outgoing: the notation given ({@code 15/QĐ-UBND}). Incoming: the document's own number and notation. */
  String notation();

  DocumentType type();

  /** Trích yếu nội dung. */
  String summary();

  Urgency urgency();

  Confidentiality confidentiality();

  /** The SHA-256 of the document file (64 lowercase hex digits), when a file was registered. */
  Optional<String> fileSha256();

  /** The verdict on the file's signatures when it was registered; empty when not verified. */
  Optional<Verdict> verdict();

  EntryStatus status();

  /** When the entry was written (the clock of the writer). */
  Instant registeredAt();

  default EntryRef ref() {
    return new EntryRef(register(), year(), series(), number());
  }
}
