package org.kyso.registers;

/** Where an entry stands. Every change is a new journal record; the entry keeps its number. */
public enum EntryStatus {
  /** Registered (the default). */
  REGISTERED,
  /** Incoming: assigned and being handled. */
  IN_PROGRESS,
  /** Incoming: handled. */
  DONE,
  /** Outgoing: withdrawn (thu hồi) or cancelled; the number is not reused. */
  WITHDRAWN,
  /**
   * Outgoing: the number is reserved for a document being issued (stamped and signed) outside the register's lock;
   * it becomes {@link #REGISTERED} once the issued file is committed, or {@link #VOID}.
   */
  RESERVED,
  /**
   * Outgoing: the number was reserved but the document was never issued (the issuance failed, or the issuing
   * process ended first). The number is not reused; the journal record says why. Final.
   */
  VOID
}
