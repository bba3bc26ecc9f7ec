package org.kyso.registers;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One record of the append-only journal. Each record's {@code hash} is SHA-256 over the previous record's hash and
 * this record's canonical bytes (see {@code registers/README.md}), so that changing, removing, inserting or
 * reordering any record breaks the chain.
 *
 * @param seq the position in the journal, from 1, without gaps
 * @param kind SETUP, ENTRY, CORRECTION, STATUS or ANCHOR
 * @param entryId the entry concerned, for ENTRY, CORRECTION and STATUS
 * @param recordedAt when it was written
 * @param note the reason of a correction or status change; empty otherwise
 * @param state the canonical JSON of the entry (or organisation, or anchor) after this record
 * @param previousHash the previous record's hash, 64 hex digits (zeros for the first)
 * @param hash this record's hash, 64 hex digits
 */
public record JournalRecord(long seq, String kind, OptionalLong entryId, Instant recordedAt, String note,
    String state, String previousHash, String hash) {
  public JournalRecord {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(entryId, "entryId");
    Objects.requireNonNull(recordedAt, "recordedAt");
    Objects.requireNonNull(note, "note");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(previousHash, "previousHash");
    Objects.requireNonNull(hash, "hash");
  }
}
