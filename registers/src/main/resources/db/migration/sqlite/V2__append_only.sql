-- kyso registers, schema version 2 (SQLite): the database itself refuses to change or remove journal records,
-- anchors and entries. Someone with the file can drop these triggers; the hash chain still shows the change.
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
