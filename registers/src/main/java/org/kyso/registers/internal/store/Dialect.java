package org.kyso.registers.internal.store;

/** The two databases kyso keeps registers in. Their SQL differs only where this class says. */
public enum Dialect {
  SQLITE("sqlite"),
  POSTGRESQL("postgresql");

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /** The folder of dialect-specific migrations under {@code db/migration}. */
  public String folder() {
    return folder;
  }

  /** Locks an organisation's journal head row (parameter 1: its id) until the end of the transaction (SQLite: BEGIN IMMEDIATE already holds the lock). */
  public String lockHeadSql() {
    return this == POSTGRESQL ? "SELECT seq, hash FROM journal_head WHERE org = ? FOR UPDATE"
        : "SELECT seq, hash FROM journal_head WHERE org = ?";
  }
}
