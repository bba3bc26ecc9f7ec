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
  WITHDRAWN
}
