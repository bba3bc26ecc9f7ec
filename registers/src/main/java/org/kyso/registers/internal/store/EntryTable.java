package org.kyso.registers.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.kyso.registers.EntryRef;
import org.kyso.registers.RegisterEntry;
import org.kyso.registers.SearchQuery;
import org.kyso.registers.internal.Fold;

/**
 * The {@code entries} table of one organisation: the journal's latest state of each entry, with its search
 * columns; lookups, search, and the rows written with the journal records ({@link Store#appendEntry},
 * {@link Store#appendChange}). Rows are written and read by column name ({@link EntryRow#values()}). Stateless.
 */
public final class EntryTable {
  private final Dialect dialect;
  private final String org;

  EntryTable(Dialect dialect, String org) {
    this.dialect = dialect;
    this.org = org;
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
