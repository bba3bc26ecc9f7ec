-- kyso registers, schema version 3 (SQLite): a trigram full-text index over the folded search columns, so that a
-- search for rare words does not scan every entry. The index only narrows the candidates; kyso still applies the
-- same LIKE conditions as on PostgreSQL, so both stores find exactly the same entries. Words of fewer than three
-- characters cannot use the index and are matched by LIKE alone. (Needs SQLite 3.34 or newer: trigram tokenizer.)
CREATE VIRTUAL TABLE entry_search USING fts5(search_summary, search_party, search_notation,
  content = 'entries', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO entry_search (rowid, search_summary, search_party, search_notation)
  SELECT id, search_summary, search_party, search_notation FROM entries;
CREATE TRIGGER entry_search_insert AFTER INSERT ON entries
BEGIN
  INSERT INTO entry_search (rowid, search_summary, search_party, search_notation)
    VALUES (new.id, new.search_summary, new.search_party, new.search_notation);
END;
CREATE TRIGGER entry_search_update AFTER UPDATE ON entries
BEGIN
  INSERT INTO entry_search (entry_search, rowid, search_summary, search_party, search_notation)
    VALUES ('delete', old.id, old.search_summary, old.search_party, old.search_notation);
  INSERT INTO entry_search (rowid, search_summary, search_party, search_notation)
    VALUES (new.id, new.search_summary, new.search_party, new.search_notation);
END;
CREATE TRIGGER entry_search_delete AFTER DELETE ON entries
BEGIN
  INSERT INTO entry_search (entry_search, rowid, search_summary, search_party, search_notation)
    VALUES ('delete', old.id, old.search_summary, old.search_party, old.search_notation);
END;
