-- kyso registers, schema version 5: the same script for SQLite and PostgreSQL. Outgoing documents being issued
-- outside the write lock: a row is added with the RESERVED entry (same transaction) and removed once the issued
-- file is in place or the number is void. It says where the files are and which process issues them, so that a
-- reservation left by a process that ended is resolved the next time the registers are opened. Not journaled: it
-- holds working state, not register content (the entry's status is in the journal).
CREATE TABLE issuances (
  org TEXT NOT NULL DEFAULT '',
  entry_id BIGINT NOT NULL,
  target TEXT NOT NULL,
  part_file TEXT NOT NULL,
  ready_file TEXT NOT NULL,
  owner TEXT NOT NULL,
  reserved_at TEXT NOT NULL,
  PRIMARY KEY (org, entry_id)
);
