-- kyso registers, schema version 1: the same script for SQLite and PostgreSQL.
-- Dates are ISO 8601 text (YYYY-MM-DD, sortable), instants ISO 8601 UTC text, hashes lowercase hex.

-- the organisation that keeps the registers (name, abbreviation)
CREATE TABLE meta (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- the last journal record: locked by every writer, so writes are serialised and the chain has no fork
CREATE TABLE journal_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO journal_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- the append-only journal: every entry, correction, status change and anchor, chained by SHA-256
CREATE TABLE journal (
  seq BIGINT PRIMARY KEY CHECK (seq > 0),
  kind TEXT NOT NULL CHECK (kind IN ('SETUP', 'ENTRY', 'CORRECTION', 'STATUS', 'ANCHOR')),
  entry_id BIGINT,
  recorded_at TEXT NOT NULL,
  note TEXT NOT NULL,
  state TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE
);
CREATE INDEX journal_entry ON journal (entry_id, seq);

-- the last number given in each register, year and series
CREATE TABLE counters (
  register TEXT NOT NULL,
  year INTEGER NOT NULL,
  series TEXT NOT NULL,
  last_number BIGINT NOT NULL CHECK (last_number > 0),
  PRIMARY KEY (register, year, series)
);

-- the registers as they stand (the journal's latest state of each entry), with folded search columns
CREATE TABLE entries (
  id BIGINT PRIMARY KEY,
  register TEXT NOT NULL CHECK (register IN ('out', 'in')),
  year INTEGER NOT NULL,
  series TEXT NOT NULL,
  number BIGINT NOT NULL CHECK (number > 0),
  notation TEXT NOT NULL,
  issuer TEXT NOT NULL,
  entry_date TEXT NOT NULL,
  document_date TEXT,
  doc_type TEXT NOT NULL,
  type_abbr TEXT NOT NULL,
  summary TEXT NOT NULL,
  signer TEXT NOT NULL,
  recipients TEXT NOT NULL,
  filing_unit TEXT NOT NULL,
  copies INTEGER NOT NULL,
  receiver TEXT NOT NULL,
  due_date TEXT,
  trace TEXT NOT NULL,
  urgency TEXT NOT NULL,
  confidentiality TEXT NOT NULL,
  file_sha256 TEXT,
  verdict TEXT,
  status TEXT NOT NULL,
  registered_at TEXT NOT NULL,
  journal_seq BIGINT NOT NULL,
  dedup_key TEXT NOT NULL UNIQUE,
  search_summary TEXT NOT NULL,
  search_party TEXT NOT NULL,
  search_notation TEXT NOT NULL,
  UNIQUE (register, year, series, number)
);
CREATE INDEX entries_register_date ON entries (register, entry_date, id);
CREATE INDEX entries_date ON entries (entry_date, id);

-- RFC 3161 timestamps over the journal head (each one is also a journal record)
CREATE TABLE anchors (
  journal_seq BIGINT PRIMARY KEY,
  anchored_seq BIGINT NOT NULL,
  anchored_hash TEXT NOT NULL,
  authority TEXT NOT NULL,
  anchored_at TEXT NOT NULL,
  token TEXT NOT NULL
);
