package org.kyso.registers.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.kyso.registers.DuplicateEntryException;
import org.kyso.registers.EntryRef;
import org.kyso.registers.JournalRecord;
import org.kyso.registers.Organisation;
import org.kyso.registers.RegisterEntry;
import org.kyso.registers.SearchQuery;
import org.kyso.registers.internal.Fold;
import org.kyso.registers.internal.Hex;
import org.kyso.registers.internal.Json;

/** The SQL of the registers, run inside transactions of a {@link Database}. Stateless. */
public final class Store {
  /** The last journal record, locked for the transaction by {@link #lockHead}. */
  public record Head(long seq, String hash) {}

  /** The chain of an organisation before its first record. */
  public static final String GENESIS = "0000000000000000000000000000000000000000000000000000000000000000";
  private final Dialect dialect;
  private final String org;

  /** The store of the organisation of a single-organisation database (id {@code ""}). */
  public Store(Dialect dialect) {
    this(dialect, "");
  }

  /** The store of one organisation: every statement reads and writes only its rows. */
  public Store(Dialect dialect, String org) {
    this.dialect = dialect;
    this.org = java.util.Objects.requireNonNull(org, "org");
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
    return Json.obj().put("seq", seq).put("kind", kind).put("entry", entryId == null ? null : entryId.toString())
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
    return Json.obj().put("organisation", o.name()).put("abbreviation", o.abbreviation()).toString();
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

  public Optional<EntryRow> byDedupKey(Connection c, String key) throws SQLException {
    return one(c, "SELECT " + EntryRow.COLUMNS + " FROM entries WHERE dedup_key = ? AND org = ?", s -> {
      s.setString(1, key);
      s.setString(2, org);
    });
  }

  public Optional<EntryRow> byRef(Connection c, EntryRef ref) throws SQLException {
    return one(c, "SELECT " + EntryRow.COLUMNS + " FROM entries WHERE register = ? AND year = ? AND series = ? "
        + "AND number = ? AND org = ?", s -> {
          s.setString(1, ref.register().code());
          s.setInt(2, ref.year());
          s.setString(3, ref.series().code());
          s.setLong(4, ref.number());
          s.setString(5, org);
        });
  }

  public Optional<EntryRow> byId(Connection c, long id) throws SQLException {
    return one(c, "SELECT " + EntryRow.COLUMNS + " FROM entries WHERE id = ? AND org = ?", s -> {
      s.setLong(1, id);
      s.setString(2, org);
    });
  }

  /** Inserts an entry's row; the statement is built from the row's column names. */
  public void insert(Connection c, EntryRow row) throws SQLException {
    Map<String, Object> v = row.values();
    String sql = "INSERT INTO entries (" + String.join(", ", v.keySet()) + ", org) VALUES ("
        + "?, ".repeat(v.size()) + "?)";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int i = 1;
      for (Object value : v.values()) {
        EntryRow.bind(s, i++, value);
      }
      s.setString(i, org);
      s.executeUpdate();
    }
  }

  /** Replaces an entry's row (after a correction or status change); its id does not change. */
  public void replace(Connection c, EntryRow row) throws SQLException {
    Map<String, Object> v = row.values();
    String set = String.join(", ", v.keySet().stream().map(x -> x + " = ?").toList());
    try (PreparedStatement s = c.prepareStatement("UPDATE entries SET " + set + " WHERE id = ? AND org = ?")) {
      int i = 1;
      for (Object value : v.values()) {
        EntryRow.bind(s, i++, value);
      }
      s.setLong(i++, row.id());
      s.setString(i, org);
      if (s.executeUpdate() != 1) {
        throw new SQLException("Entry " + row.id() + " was not updated.");
      }
    }
  }

  /**
   * Appends the ENTRY record of a new entry and inserts its row.
   *
   * @throws DuplicateEntryException if the same document is already registered (nothing is written)
   */
  public Head appendEntry(Connection c, Head head, EntryRow row, String note) throws SQLException,
      DuplicateEntryException {
    Optional<EntryRow> same = byDedupKey(c, row.dedupKey());
    if (same.isPresent()) {
      EntryRow s = same.get();
      throw new DuplicateEntryException("The document " + s.notation() + " from " + s.issuer() + " is already "
          + "registered as " + s.label() + "; nothing was written.");
    }
    Head after = append(c, head, "ENTRY", row.id(), Instant.parse(row.registeredAt()), note, row.state());
    insert(c, row);
    return after;
  }

  /** Appends a CORRECTION or STATUS record with the entry's new state and replaces its row. */
  public Head appendChange(Connection c, Head head, String kind, RegisterEntry updated, Instant at, String note)
      throws SQLException {
    Head h = append(c, head, kind, updated.id(), at, note, EntryRow.of(updated, 0).state());
    replace(c, EntryRow.of(updated, h.seq()));
    return h;
  }

  /** One page of entries matching a query (the page holds one more than asked, to tell whether more follow). */
  public List<RegisterEntry> search(Connection c, SearchQuery q, int offset, int limit) throws SQLException {
    List<RegisterEntry> out = new ArrayList<>();
    forEach(c, q, offset, limit, row -> out.add(row.toEntry()));
    return out;
  }

  /** Streams the rows matching a query, in its order. */
  public void forEach(Connection c, SearchQuery q, int offset, int limit, Consumer<EntryRow> sink)
      throws SQLException {
    List<Object> args = new ArrayList<>();
    // an organisation's search never sees another's entries
    StringBuilder where = new StringBuilder(" WHERE org = ?");
    args.add(org);
    q.register().ifPresent(r -> {
      where.append(" AND register = ?");
      args.add(r.code());
    });
    q.year().ifPresent(y -> {
      where.append(" AND year = ?");
      args.add(y);
    });
    q.series().ifPresent(s -> {
      where.append(" AND series = ?");
      args.add(s.code());
    });
    q.status().ifPresent(s -> {
      where.append(" AND status = ?");
      args.add(s.name());
    });
    q.from().ifPresent(d -> {
      where.append(" AND entry_date >= ?");
      args.add(d.toString());
    });
    q.to().ifPresent(d -> {
      where.append(" AND entry_date <= ?");
      args.add(d.toString());
    });
    q.summary().ifPresent(t -> words(t, "search_summary", where, args));
    q.party().ifPresent(t -> words(t, "search_party", where, args));
    q.notation().ifPresent(t -> words(t, "search_notation", where, args));
    q.text().ifPresent(t -> {
      for (String w : Fold.fold(t).split(" ")) {
        if (!w.isEmpty()) {
          where.append(" AND (search_summary LIKE ? ESCAPE '\\' OR search_party LIKE ? ESCAPE '\\' "
              + "OR search_notation LIKE ? ESCAPE '\\')");
          String p = "%" + escape(w) + "%";
          args.add(p);
          args.add(p);
          args.add(p);
        }
      }
    });
    if (dialect == Dialect.SQLITE) {
      // narrow the candidates with the trigram index (words of 3+ characters); the LIKE conditions above decide
      String match = ftsMatch(q);
      if (!match.isEmpty() && selective(c, match)) {
        where.append(" AND rid IN (SELECT rowid FROM entry_search WHERE entry_search MATCH ?)");
        args.add(match);
      }
    }
    String order = q.order() == SearchQuery.Order.NEWEST_FIRST ? " ORDER BY entry_date DESC, id DESC"
        : " ORDER BY register, year, series, number";
    String sql = "SELECT " + EntryRow.COLUMNS + " FROM entries" + where + order + " LIMIT " + limit + " OFFSET "
        + offset;
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        Object a = args.get(i);
        if (a instanceof Integer n) {
          s.setInt(i + 1, n);
        } else {
          s.setString(i + 1, (String) a);
        }
      }
      s.setFetchSize(500);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          sink.accept(EntryRow.read(rs));
        }
      }
    }
  }

  /** How many candidates make the index not worth it: scanning in date order then stops early instead. */
  private static final int SELECTIVE = 2000;

  /**
   * Whether the full-text words select few entries. When they select many, the plain scan in the query's order
   * finds a page of matches after a few rows, faster than collecting and sorting every candidate.
   */
  private static boolean selective(Connection c, String match) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT COUNT(*) FROM (SELECT rowid FROM entry_search WHERE entry_search MATCH ? LIMIT " + SELECTIVE + ")")) {
      s.setString(1, match);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() && rs.getInt(1) < SELECTIVE;
      }
    }
  }

  /** The FTS5 query for the words of 3+ characters: {@code "w1" AND search_summary : "w2" ...}; "" when none. */
  static String ftsMatch(SearchQuery q) {
    List<String> terms = new ArrayList<>();
    q.text().ifPresent(t -> ftsTerms(t, null, terms));
    q.summary().ifPresent(t -> ftsTerms(t, "search_summary", terms));
    q.party().ifPresent(t -> ftsTerms(t, "search_party", terms));
    q.notation().ifPresent(t -> ftsTerms(t, "search_notation", terms));
    return String.join(" AND ", terms);
  }

  private static void ftsTerms(String text, String column, List<String> terms) {
    for (String w : Fold.fold(text).split(" ")) {
      if (w.codePointCount(0, w.length()) >= 3) {
        String phrase = "\"" + w.replace("\"", "\"\"") + "\"";
        terms.add(column == null ? phrase : column + " : " + phrase);
      }
    }
  }

  private static void words(String text, String column, StringBuilder where, List<Object> args) {
    for (String w : Fold.fold(text).split(" ")) {
      if (!w.isEmpty()) {
        where.append(" AND ").append(column).append(" LIKE ? ESCAPE '\\'");
        args.add("%" + escape(w) + "%");
      }
    }
  }

  private static String escape(String w) {
    return w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
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
    return Json.obj().put("anchoredSeq", anchoredSeq).put("anchoredHash", anchoredHash).put("authority", authority)
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

  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement s) throws SQLException;
  }

  private static Optional<EntryRow> one(Connection c, String sql, Binder b) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      b.bind(s);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(EntryRow.read(rs)) : Optional.empty();
      }
    }
  }
}
