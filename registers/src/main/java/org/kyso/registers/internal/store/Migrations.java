package org.kyso.registers.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kyso.core.DocumentException;
import org.kyso.core.KysoException;
import org.kyso.registers.internal.Hex;

/**
 * Applies the versioned SQL migrations in {@code db/migration} (kyso's own small runner: a {@code schema_version}
 * table, one row per applied version with the SHA-256 of its script). A version may have one script for both
 * databases ({@code db/migration/V1__registers.sql}) or one per database ({@code db/migration/sqlite/V2__...sql}
 * and {@code db/migration/postgresql/V2__...sql}). Applied scripts are never changed or repaired: if a script's
 * checksum no longer matches, opening fails.
 *
 * <p>Migration runs in one write transaction (SQLite: {@code BEGIN IMMEDIATE}; PostgreSQL: a transaction-scoped
 * advisory lock), so several processes opening a new database at once apply each version exactly once.
 */
public final class Migrations {
  /** Every version, in order. Add new ones at the end; never edit an applied script. */
  static final List<String> VERSIONS = List.of("V1__registers", "V2__append_only", "V3__search_index",
      "V4__organisations", "V5__issuances");
  /** An arbitrary constant: the advisory lock that serialises kyso migrations on one PostgreSQL database. */
  private static final long PG_LOCK = 0x6b79736f5f726567L;

  private Migrations() {}

  /** The current version of the schema this code knows. */
  public static int latest() {
    return VERSIONS.size();
  }

  /** Brings the database to the latest schema version. */
  public static void apply(Database db, Clock clock) throws KysoException {
    if (upToDate(db)) {
      return; // the usual case: no write lock taken just to open
    }
    apply(db, clock, VERSIONS.size());
  }

  /** Applies the versions up to {@code upTo} only (tests build databases of earlier versions with it). */
  static void apply(Database db, Clock clock, int upTo) throws KysoException {
    db.write(c -> {
      if (db.dialect() == Dialect.POSTGRESQL) {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
          s.setLong(1, PG_LOCK);
          s.executeQuery().close();
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
            + "checksum TEXT NOT NULL, applied_at TEXT NOT NULL)");
      }
      Map<Integer, String> applied = new LinkedHashMap<>();
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT version, checksum FROM schema_version ORDER BY version")) {
        while (rs.next()) {
          applied.put(rs.getInt(1), rs.getString(2));
        }
      }
      for (int v : applied.keySet()) {
        if (v > VERSIONS.size()) {
          throw new DocumentException("The register database " + db.display() + " has schema version " + v
              + ", newer than this kyso knows (" + VERSIONS.size() + "); use a newer kyso.");
        }
      }
      for (int i = 0; i < upTo; i++) {
        int version = i + 1;
        String name = VERSIONS.get(i);
        String script = script(db.dialect(), name);
        String checksum = Hex.hex(Hex.sha256().digest(script.getBytes(StandardCharsets.UTF_8)));
        String done = applied.get(version);
        if (done != null) {
          if (!done.equals(checksum)) {
            throw new DocumentException("The register database " + db.display() + " was set up with a different "
                + "migration " + name + " than this kyso ships; kyso never repairs migrations: use the kyso "
                + "version that created it or restore a backup.");
          }
          continue;
        }
        try (Statement s = c.createStatement()) {
          for (String sql : statements(script)) {
            s.execute(sql);
          }
        }
        try (PreparedStatement s = c.prepareStatement(
            "INSERT INTO schema_version (version, description, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
          s.setInt(1, version);
          s.setString(2, name.substring(name.indexOf("__") + 2).replace('_', ' '));
          s.setString(3, checksum);
          s.setString(4, clock.instant().toString());
          s.executeUpdate();
        }
      }
      return null;
    });
  }

  /** Whether the database holds kyso's schema at all (read-only check; PostgreSQL or an opened SQLite file). */
  public static boolean hasSchema(Database db) throws KysoException {
    return db.read(c -> {
      String exists = db.dialect() == Dialect.POSTGRESQL ? "SELECT to_regclass('schema_version') IS NOT NULL"
          : "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(exists)) {
        return rs.next() && rs.getBoolean(1);
      }
    });
  }

  /** Whether every version is applied with the scripts this code ships (read-only check). */
  private static boolean upToDate(Database db) throws KysoException {
    return db.read(c -> {
      String exists = db.dialect() == Dialect.POSTGRESQL ? "SELECT to_regclass('schema_version') IS NOT NULL"
          : "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(exists)) {
        if (!rs.next() || !rs.getBoolean(1)) {
          return false;
        }
      }
      Map<Integer, String> applied = new LinkedHashMap<>();
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT version, checksum FROM schema_version ORDER BY version")) {
        while (rs.next()) {
          applied.put(rs.getInt(1), rs.getString(2));
        }
      }
      if (applied.size() != VERSIONS.size()) {
        return false;
      }
      for (int i = 0; i < VERSIONS.size(); i++) {
        String script = script(db.dialect(), VERSIONS.get(i));
        String checksum = Hex.hex(Hex.sha256().digest(script.getBytes(StandardCharsets.UTF_8)));
        if (!checksum.equals(applied.get(i + 1))) {
          return false; // the write path reports it
        }
      }
      return true;
    });
  }

  static String script(Dialect dialect, String name) {
    String specific = "db/migration/" + dialect.folder() + "/" + name + ".sql";
    String common = "db/migration/" + name + ".sql";
    String text = resource(specific);
    if (text == null) {
      text = resource(common);
    }
    if (text == null) {
      throw new IllegalStateException("The migration " + name + " is missing from the kyso registers jar.");
    }
    return text;
  }

  private static String resource(String path) {
    // through the class, not its loader: on the module path a loader finds only resources of open packages
    try (InputStream in = Migrations.class.getResourceAsStream("/" + path)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + path, e);
    }
  }

  /**
   * Splits a script into statements: a statement ends with a line ending in ';', except inside a PostgreSQL
   * dollar-quoted body ({@code $$ ... $$}) or a SQLite trigger body (which ends with {@code END;}).
   * Comment lines ({@code --}) are dropped.
   */
  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inDollar = false;
    for (String line : script.split("\n", -1)) {
      String t = line.strip();
      if (!inDollar && (t.startsWith("--") || (t.isEmpty() && cur.length() == 0))) {
        continue;
      }
      cur.append(line).append('\n');
      int dollars = countOf(line, "$$");
      if (dollars % 2 == 1) {
        inDollar = !inDollar;
      }
      if (inDollar || !t.endsWith(";")) {
        continue;
      }
      String stmt = cur.toString().strip();
      boolean trigger = stmt.toUpperCase(Locale.ROOT).startsWith("CREATE TRIGGER") && !stmt.toUpperCase(Locale.ROOT)
          .contains("EXECUTE FUNCTION");
      if (trigger && !t.equalsIgnoreCase("END;")) {
        continue;
      }
      out.add(trigger ? stmt : stmt.substring(0, stmt.length() - 1).strip());
      cur.setLength(0);
    }
    if (!cur.toString().isBlank()) {
      throw new IllegalStateException("A migration script ends in the middle of a statement.");
    }
    return out;
  }

  private static int countOf(String s, String sub) {
    int n = 0;
    for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) {
      n++;
    }
    return n;
  }
}
