package org.kyso.registers.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.kyso.registers.DuplicateEntryException;
import org.kyso.registers.JournalRecord;
import org.kyso.registers.Organisation;
import org.kyso.registers.RegisterEntry;
import org.kyso.registers.internal.Hex;
import org.kyso.core.internal.json.Json;

/**
 * The SQL of an organisation's journal and of what every write locks and changes with it: the journal head, the
 * journal, the counters, the organisation and the anchors; a write that adds or changes an entry appends its
 * journal record and updates the {@link EntryTable} in the same transaction ({@link #appendEntry},
 * {@link #appendChange}). Runs inside transactions of a {@link Database}. Stateless.
 */
public final class Store {
  /** The last journal record, locked for the transaction by {@link #lockHead}. */
  public record Head(long seq, String hash) {}

  /** The chain of an organisation before its first record. */
  public static final String GENESIS = "0000000000000000000000000000000000000000000000000000000000000000";
  private final Dialect dialect;
  private final String org;
  private final EntryTable entries;

  /** The store of the organisation of a single-organisation database (id {@code ""}). */
  public Store(Dialect dialect) {
    this(dialect, "");
  }

  /** The store of one organisation: every statement reads and writes only its rows. */
  public Store(Dialect dialect, String org) {
    this.dialect = dialect;
    this.org = java.util.Objects.requireNonNull(org, "org");
    this.entries = new EntryTable(dialect, org);
  }

  /** The organisation's entries table. */
  public EntryTable entries() {
    return entries;
  }

  public String org() {
    return org;
  }

  /** The store of another organisation of the same database. */
  public Store forOrganisation(String other) {
    return new Store(dialect, other);
  }

  /**
   * Locks the organisation's journal head until the end of the transaction (PostgreSQL: its row, so other
   * organisations write in parallel; SQLite: BEGIN IMMEDIATE already holds the lock). An organisation without a
   * head yet gets one (its chain starts from {@link #GENESIS}).
   */
  public Head lockHead(Connection c) throws SQLException {
    for (int attempt = 0; attempt < 2; attempt++) {
      try (PreparedStatement s = c.prepareStatement(dialect.lockHeadSql())) {
        s.setString(1, org);
        try (ResultSet rs = s.executeQuery()) {
          if (rs.next()) {
            return new Head(rs.getLong(1), rs.getString(2));
          }
        }
      }
      try (PreparedStatement s = c.prepareStatement("INSERT INTO journal_head (org, seq, hash) VALUES (?, 0, ?) "
          + "ON CONFLICT DO NOTHING")) {
        s.setString(1, org);
        s.setString(2, GENESIS);
        s.executeUpdate();
      }
    }
    throw new SQLException("The journal head row of organisation '" + org + "' is missing.");
  }

  /** The canonical bytes the hash covers (as text; hashed as UTF-8). */
  public static String canonical(long seq, String kind, Long entryId, String recordedAt, String note, String state) {
    return Json.canonical().put("seq", seq).put("kind", kind).put("entry", entryId == null ? null : entryId.toString())
        .put("at", recordedAt).put("note", note).raw("state", state).toString();
  }

  /** Appends a record after {@code head} and moves the head; returns the new head. */
  public Head append(Connection c, Head head, String kind, Long entryId, Instant at, String note, String state)
      throws SQLException {
    long seq = head.seq() + 1;
    String recordedAt = at.toString();
    String hash = Hex.chain(head.hash(), canonical(seq, kind, entryId, recordedAt, note, state));
    try (PreparedStatement s = c.prepareStatement("INSERT INTO journal (seq, kind, entry_id, recorded_at, note, state, "
        + "prev_hash, hash, org) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(9, org);
      s.setLong(1, seq);
      s.setString(2, kind);
      if (entryId == null) {
        s.setNull(3, java.sql.Types.BIGINT);
      } else {
        s.setLong(3, entryId);
      }
      s.setString(4, recordedAt);
      s.setString(5, note);
      s.setString(6, state);
      s.setString(7, head.hash());
      s.setString(8, hash);
      s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement("UPDATE journal_head SET seq = ?, hash = ? WHERE org = ?")) {
      s.setLong(1, seq);
      s.setString(2, hash);
      s.setString(3, org);
      s.executeUpdate();
    }
    return new Head(seq, hash);
  }

  public Optional<Organisation> organisation(Connection c) throws SQLException {
    String name = null;
    String abbr = null;
    try (PreparedStatement s = c.prepareStatement(
        "SELECT name, value FROM meta WHERE org = ? AND name IN ('org_name', 'org_abbr')")) {
      s.setString(1, org);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          if (rs.getString(1).equals("org_name")) {
            name = rs.getString(2);
          } else {
            abbr = rs.getString(2);
          }
        }
      }
    }
    if (name == null || abbr == null) {
      return Optional.empty();
    }
    return Optional.of(new Organisation(name, abbr));
  }

  public static String organisationState(Organisation o) {
    return Json.canonical().put("organisation", o.name()).put("abbreviation", o.abbreviation()).toString();
  }

  public void setOrganisation(Connection c, Organisation o) throws SQLException {
    for (String[] kv : new String[][] {{"org_name", o.name()}, {"org_abbr", o.abbreviation()}}) {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO meta (name, value, org) VALUES (?, ?, ?) "
          + "ON CONFLICT (org, name) DO UPDATE SET value = excluded.value")) {
        s.setString(1, kv[0]);
        s.setString(2, kv[1]);
        s.setString(3, org);
        s.executeUpdate();
      }
    }
  }

  /** Allocates the next number of a register, year and series (the caller holds the head lock). */
  public long nextNumber(Connection c, String register, int year, String series) throws SQLException {
    long last = 0;
    try (PreparedStatement s = c.prepareStatement(
        "SELECT last_number FROM counters WHERE register = ? AND year = ? AND series = ? AND org = ?")) {
      s.setString(1, register);
      s.setInt(2, year);
      s.setString(3, series);
      s.setString(4, org);
      try (ResultSet rs = s.executeQuery()) {
        if (rs.next()) {
          last = rs.getLong(1);
        }
      }
    }
    long next = last + 1;
    String sql = last == 0
        ? "INSERT INTO counters (last_number, register, year, series, org) VALUES (?, ?, ?, ?, ?)"
        : "UPDATE counters SET last_number = ? WHERE register = ? AND year = ? AND series = ? AND org = ?";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, next);
      s.setString(2, register);
      s.setInt(3, year);
      s.setString(4, series);
      s.setString(5, org);
      if (s.executeUpdate() != 1) {
        throw new SQLException("The counter of " + register + " " + year + " " + series + " was not updated.");
      }
    }
    return next;
  }

  /**
   * Appends the ENTRY record of a new entry and inserts its row.
   *
   * @throws DuplicateEntryException if the same document is already registered (nothing is written)
   */
  public Head appendEntry(Connection c, Head head, EntryRow row, String note) throws SQLException,
      DuplicateEntryException {
    Optional<EntryRow> same = entries.byDedupKey(c, row.dedupKey());
    if (same.isPresent()) {
      EntryRow s = same.get();
      throw new DuplicateEntryException("The document " + s.notation() + " from " + s.issuer() + " is already "
          + "registered as " + s.label() + "; nothing was written.");
    }
    Head after = append(c, head, "ENTRY", row.id(), Instant.parse(row.registeredAt()), note, row.state());
    entries.insert(c, row);
    return after;
  }

  /** Appends a CORRECTION or STATUS record with the entry's new state and replaces its row. */
  public Head appendChange(Connection c, Head head, String kind, RegisterEntry updated, Instant at, String note)
      throws SQLException {
    Head h = append(c, head, kind, updated.id(), at, note, EntryRow.of(updated, 0).state());
    entries.replace(c, EntryRow.of(updated, h.seq()));
    return h;
  }

  public List<JournalRecord> history(Connection c, long entryId) throws SQLException {
    List<JournalRecord> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT seq, kind, entry_id, recorded_at, note, state, prev_hash, "
        + "hash FROM journal WHERE entry_id = ? AND org = ? ORDER BY seq")) {
      s.setLong(1, entryId);
      s.setString(2, org);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(record(rs));
        }
      }
    }
    return out;
  }

  public Optional<JournalRecord> record(Connection c, long seq) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT seq, kind, entry_id, recorded_at, note, state, prev_hash, "
        + "hash FROM journal WHERE seq = ? AND org = ?")) {
      s.setLong(1, seq);
      s.setString(2, org);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(record(rs)) : Optional.empty();
      }
    }
  }

  static JournalRecord record(ResultSet rs) throws SQLException {
    long entry = rs.getLong(3);
    OptionalLong entryId = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(entry);
    return new JournalRecord(rs.getLong(1), rs.getString(2), entryId, Instant.parse(rs.getString(4)),
        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8));
  }

  /** Stores an anchor row (its journal record is appended by the caller). */
  public void insertAnchor(Connection c, long journalSeq, long anchoredSeq, String anchoredHash, String authority,
      String anchoredAt, String tokenBase64) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO anchors (journal_seq, anchored_seq, anchored_hash, "
        + "authority, anchored_at, token, org) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(7, org);
      s.setLong(1, journalSeq);
      s.setLong(2, anchoredSeq);
      s.setString(3, anchoredHash);
      s.setString(4, authority);
      s.setString(5, anchoredAt);
      s.setString(6, tokenBase64);
      s.executeUpdate();
    }
  }

  public static String anchorState(long anchoredSeq, String anchoredHash, String authority, String anchoredAt,
      String tokenBase64) {
    return Json.canonical().put("anchoredSeq", anchoredSeq).put("anchoredHash", anchoredHash).put("authority", authority)
        .put("time", anchoredAt).put("token", tokenBase64).toString();
  }

  /** The sequence of the last ANCHOR record, 0 when none. */
  public long lastAnchorSeq(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT MAX(journal_seq) FROM anchors WHERE org = ?")) {
      s.setString(1, org);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  public Head head(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT seq, hash FROM journal_head WHERE org = ?")) {
      s.setString(1, org);
      try (ResultSet rs = s.executeQuery()) {
        // an organisation that never wrote has the empty chain
        return rs.next() ? new Head(rs.getLong(1), rs.getString(2)) : new Head(0, GENESIS);
      }
    }
  }

}
