-- kyso registers, schema version 4 (PostgreSQL): many organisations in one database. Every table gets an org
-- column ('' is the organisation of a database made before version 4, so such a database keeps working unchanged)
-- and each organisation has its own journal head (so organisations write in parallel), journal sequence, hash
-- chain, counters, entries and anchors. Adding a column with a constant default rewrites no row, so the
-- append-only triggers of version 2 are not involved.
ALTER TABLE meta ADD COLUMN org TEXT NOT NULL DEFAULT '';
ALTER TABLE meta DROP CONSTRAINT meta_pkey;
ALTER TABLE meta ADD PRIMARY KEY (org, name);

ALTER TABLE journal_head ADD COLUMN org TEXT NOT NULL DEFAULT '';
ALTER TABLE journal_head DROP CONSTRAINT journal_head_pkey;
ALTER TABLE journal_head DROP CONSTRAINT journal_head_id_check;
ALTER TABLE journal_head ALTER COLUMN id DROP NOT NULL;
ALTER TABLE journal_head ADD PRIMARY KEY (org);

ALTER TABLE journal ADD COLUMN org TEXT NOT NULL DEFAULT '';
ALTER TABLE journal DROP CONSTRAINT journal_pkey;
ALTER TABLE journal ADD PRIMARY KEY (org, seq);
ALTER TABLE journal DROP CONSTRAINT journal_hash_key;
ALTER TABLE journal ADD CONSTRAINT journal_org_hash_key UNIQUE (org, hash);
DROP INDEX journal_entry;
CREATE INDEX journal_entry ON journal (org, entry_id, seq);

ALTER TABLE counters ADD COLUMN org TEXT NOT NULL DEFAULT '';
ALTER TABLE counters DROP CONSTRAINT counters_pkey;
ALTER TABLE counters ADD PRIMARY KEY (org, register, year, series);

ALTER TABLE entries ADD COLUMN org TEXT NOT NULL DEFAULT '';
ALTER TABLE entries DROP CONSTRAINT entries_pkey;
ALTER TABLE entries ADD PRIMARY KEY (org, id);
ALTER TABLE entries DROP CONSTRAINT entries_dedup_key_key;
ALTER TABLE entries ADD CONSTRAINT entries_org_dedup_key_key UNIQUE (org, dedup_key);
ALTER TABLE entries DROP CONSTRAINT entries_register_year_series_number_key;
ALTER TABLE entries ADD CONSTRAINT entries_org_number_key UNIQUE (org, register, year, series, number);
DROP INDEX entries_register_date;
DROP INDEX entries_date;
CREATE INDEX entries_register_date ON entries (org, register, entry_date, id);
CREATE INDEX entries_date ON entries (org, entry_date, id);

ALTER TABLE anchors ADD COLUMN org TEXT NOT NULL DEFAULT '';
ALTER TABLE anchors DROP CONSTRAINT anchors_pkey;
ALTER TABLE anchors ADD PRIMARY KEY (org, journal_seq);
