-- kyso registers, schema version 2 (PostgreSQL): the database itself refuses to change or remove journal
-- records, anchors and entries. An owner can drop these triggers; the hash chain still shows the change.
CREATE FUNCTION kyso_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the register % is append-only (% refused)', TG_TABLE_NAME, TG_OP;
END;
$$;
CREATE TRIGGER journal_no_change BEFORE UPDATE OR DELETE ON journal
  FOR EACH ROW EXECUTE FUNCTION kyso_append_only();
CREATE TRIGGER journal_no_truncate BEFORE TRUNCATE ON journal
  FOR EACH STATEMENT EXECUTE FUNCTION kyso_append_only();
CREATE TRIGGER anchors_no_change BEFORE UPDATE OR DELETE ON anchors
  FOR EACH ROW EXECUTE FUNCTION kyso_append_only();
CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries
  FOR EACH ROW EXECUTE FUNCTION kyso_append_only();
CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON entries
  FOR EACH STATEMENT EXECUTE FUNCTION kyso_append_only();
