package org.kyso.registers;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;
import org.kyso.core.testing.ExternalTools;

/**
 * A fresh, empty register database for one test: a SQLite file in a temporary folder, or a new schema in the
 * PostgreSQL database named by {@code KYSO_TEST_PG_URL} (started by {@code .ci/postgres.sh}). Without that variable
 * PostgreSQL tests are skipped, except under CI ({@code CI=true}), where they fail.
 */
final class TestDatabase implements AutoCloseable {
  static final String PG_ENV = "KYSO_TEST_PG_URL";

  enum Kind { SQLITE, POSTGRESQL }

  final Kind kind;
  /** What {@link Registers#open} takes. */
  final String location;
  final Path file;
  final String schema;

  private TestDatabase(Kind kind, String location, Path file, String schema) {
    this.kind = kind;
    this.location = location;
    this.file = file;
    this.schema = schema;
  }

  static TestDatabase create(Kind kind, Path dir) {
    if (kind == Kind.SQLITE) {
      Path f = dir.resolve("registers-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".db");
      return new TestDatabase(kind, f.toString(), f, null);
    }
    String base = pgUrl();
    String schema = "kyso_t_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new AssertionError("cannot create a schema in " + PG_ENV + ": " + e.getMessage(), e);
    }
    String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    return new TestDatabase(kind, url, null, schema);
  }

  /** The PostgreSQL URL of the environment; skips the test (fails under CI) when it is not set. */
  static String pgUrl() {
    String url = System.getenv(PG_ENV);
    if (url == null || url.isBlank()) {
      String msg = PG_ENV + " is not set: start PostgreSQL with 'eval \"$(.ci/postgres.sh)\"' to run the PostgreSQL "
          + "register tests";
      if (ExternalTools.inCi()) {
        throw new AssertionError(msg + " (required under CI)");
      }
      Assumptions.abort(msg);
    }
    return url;
  }

  /** Runs SQL through JDBC, bypassing kyso (for tampering tests). */
  void jdbc(String... sql) throws SQLException {
    String url = kind == Kind.SQLITE ? "jdbc:sqlite:" + file : location;
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    }
  }

  /**
   * The command that runs SQL with the database's own command-line client: {@code sqlite3 FILE SQL} or
   * {@code psql URI -c SQL} (with the schema on the search path).
   */
  List<String> cliCommand(String sql) {
    List<String> cmd = new ArrayList<>();
    if (kind == Kind.SQLITE) {
      cmd.add(ExternalTools.require("sqlite3", "sqlite3").toString());
      cmd.add(file.toString());
      cmd.add(sql);
      return cmd;
    }
    cmd.add(ExternalTools.require("psql", "postgresql-client").toString());
    cmd.add(libpqUri());
    cmd.add("-v");
    cmd.add("ON_ERROR_STOP=1");
    cmd.add("-c");
    cmd.add(sql);
    return cmd;
  }

  /** The JDBC URL as a libpq connection URI (user and password from the query), with the test schema. */
  String libpqUri() {
    URI u = URI.create(location.substring("jdbc:".length()));
    Map<String, String> params = new LinkedHashMap<>();
    for (String kv : u.getRawQuery().split("&")) {
      String[] p = kv.split("=", 2);
      params.put(p[0], p.length > 1 ? p[1] : "");
    }
    return "postgresql://" + params.get("user") + ":" + params.get("password") + "@" + u.getHost() + ":"
        + u.getPort() + u.getPath() + "?options=" + URLEncoder.encode("-csearch_path=" + schema, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    if (kind == Kind.POSTGRESQL) {
      try (Connection c = DriverManager.getConnection(pgUrl()); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      } catch (SQLException e) {
        // leave it; the CI database is thrown away
      }
    }
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT);
  }
}
