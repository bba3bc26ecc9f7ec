-- kyso registers, schema version 4 (SQLite): many organisations in one database. Every table gets an org column
-- ('' is the organisation of a database made before version 4, so such a database keeps working unchanged) and
-- each organisation has its own journal head, journal sequence, hash chain, counters, entries and anchors.
-- SQLite cannot change a primary key in place: each table is rebuilt and its rows copied; the triggers of
-- versions 2 and 3 go with the old tables and are made again below. The full-text index now follows a row id of
-- its own (rid), since entry ids repeat across organisations.
CREATE TABLE meta_v4 (
  org TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (org, name)
);
INSERT INTO meta_v4 (org, name, value) SELECT '', name, value FROM meta;
DROP TABLE meta;
ALTER TABLE meta_v4 RENAME TO meta;

CREATE TABLE journal_head_v4 (
  org TEXT NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO journal_head_v4 (org, seq, hash) SELECT '', seq, hash FROM journal_head;
DROP TABLE journal_head;
ALTER TABLE journal_head_v4 RENAME TO journal_head;

CREATE TABLE journal_v4 (
  org TEXT NOT NULL DEFAULT '',
  seq BIGINT NOT NULL CHECK (seq > 0),
  kind TEXT NOT NULL CHECK (kind IN ('SETUP', 'ENTRY', 'CORRECTION', 'STATUS', 'ANCHOR')),
  entry_id BIGINT,
  recorded_at TEXT NOT NULL,
  note TEXT NOT NULL,
  state TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (org, seq),
  UNIQUE (org, hash)
);
INSERT INTO journal_v4 (org, seq, kind, entry_id, recorded_at, note, state, prev_hash, hash)
  SELECT '', seq, kind, entry_id, recorded_at, note, state, prev_hash, hash FROM journal;
DROP TABLE journal;
ALTER TABLE journal_v4 RENAME TO journal;
CREATE INDEX journal_entry ON journal (org, entry_id, seq);

CREATE TABLE counters_v4 (
  org TEXT NOT NULL DEFAULT '',
  register TEXT NOT NULL,
  year INTEGER NOT NULL,
  series TEXT NOT NULL,
  last_number BIGINT NOT NULL CHECK (last_number > 0),
  PRIMARY KEY (org, register, year, series)
);
INSERT INTO counters_v4 (org, register, year, series, last_number)
  SELECT '', register, year, series, last_number FROM counters;
DROP TABLE counters;
ALTER TABLE counters_v4 RENAME TO counters;

DROP TABLE entry_search;
CREATE TABLE entries_v4 (
  rid INTEGER PRIMARY KEY,
  org TEXT NOT NULL DEFAULT '',
  id BIGINT NOT NULL,
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
  dedup_key TEXT NOT NULL,
  search_summary TEXT NOT NULL,
  search_party TEXT NOT NULL,
  search_notation TEXT NOT NULL,
  UNIQUE (org, id),
  UNIQUE (org, dedup_key),
  UNIQUE (org, register, year, series, number)
);
INSERT INTO entries_v4 (org, id, register, year, series, number, notation, issuer, entry_date, document_date,
    doc_type, type_abbr, summary, signer, recipients, filing_unit, copies, receiver, due_date, trace, urgency,
    confidentiality, file_sha256, verdict, status, registered_at, journal_seq, dedup_key, search_summary,
    search_party, search_notation)
  SELECT '', id, register, year, series, number, notation, issuer, entry_date, document_date, doc_type, type_abbr,
    summary, signer, recipients, filing_unit, copies, receiver, due_date, trace, urgency, confidentiality,
    file_sha256, verdict, status, registered_at, journal_seq, dedup_key, search_summary, search_party,
    search_notation FROM entries ORDER BY id;
DROP TABLE entries;
ALTER TABLE entries_v4 RENAME TO entries;
CREATE INDEX entries_register_date ON entries (org, register, entry_date, id);
CREATE INDEX entries_date ON entries (org, entry_date, id);

CREATE TABLE anchors_v4 (
  org TEXT NOT NULL DEFAULT '',
  journal_seq BIGINT NOT NULL,
  anchored_seq BIGINT NOT NULL,
  anchored_hash TEXT NOT NULL,
  authority TEXT NOT NULL,
  anchored_at TEXT NOT NULL,
  token TEXT NOT NULL,
  PRIMARY KEY (org, journal_seq)
);
INSERT INTO anchors_v4 (org, journal_seq, anchored_seq, anchored_hash, authority, anchored_at, token)
  SELECT '', journal_seq, anchored_seq, anchored_hash, authority, anchored_at, token FROM anchors;
DROP TABLE anchors;
ALTER TABLE anchors_v4 RENAME TO anchors;

CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN
  SELECT RAISE(ABORT, 'the register journal is append-only');
END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN
  SELECT RAISE(ABORT, 'the register journal is append-only');
END;
CREATE TRIGGER anchors_no_update BEFORE UPDATE ON anchors
BEGIN
  SELECT RAISE(ABORT, 'the register anchors are append-only');
END;
CREATE TRIGGER anchors_no_delete BEFORE DELETE ON anchors
BEGIN
  SELECT RAISE(ABORT, 'the register anchors are append-only');
END;
CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries
BEGIN
  SELECT RAISE(ABORT, 'register entries are never deleted; withdraw them with a status change');
END;

CREATE VIRTUAL TABLE entry_search USING fts5(search_summary, search_party, search_notation,
  content = 'entries', content_rowid = 'rid', tokenize = 'trigram');
INSERT INTO entry_search (entry_search) VALUES ('rebuild');
CREATE TRIGGER entry_search_insert AFTER INSERT ON entries
BEGIN
  INSERT INTO entry_search (rowid, search_summary, search_party, search_notation)
    VALUES (new.rid, new.search_summary, new.search_party, new.search_notation);
END;
CREATE TRIGGER entry_search_update AFTER UPDATE ON entries
BEGIN
  INSERT INTO entry_search (entry_search, rowid, search_summary, search_party, search_notation)
    VALUES ('delete', old.rid, old.search_summary, old.search_party, old.search_notation);
  INSERT INTO entry_search (rowid, search_summary, search_party, search_notation)
    VALUES (new.rid, new.search_summary, new.search_party, new.search_notation);
END;
CREATE TRIGGER entry_search_delete AFTER DELETE ON entries
BEGIN
  INSERT INTO entry_search (entry_search, rowid, search_summary, search_party, search_notation)
    VALUES ('delete', old.rid, old.search_summary, old.search_party, old.search_notation);
END;
