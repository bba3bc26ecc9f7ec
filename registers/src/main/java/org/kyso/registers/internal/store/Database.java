package org.kyso.registers.internal.store;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.registers.DuplicateEntryException;
import org.sqlite.SQLiteConfig;

/**
 * A register database: a SQLite file or a PostgreSQL database, a small pool of connections, and transactions that
 * are retried when the database says so (SQLITE_BUSY, serialization failure, deadlock). Thread-safe.
 *
 * <p>Write transactions are serialised: SQLite with {@code BEGIN IMMEDIATE} (one writer per file, across
 * processes), PostgreSQL by locking the journal head row ({@code SELECT ... FOR UPDATE}) first.
 */
public final class Database implements AutoCloseable {
  /** Work done in one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException, KysoException;
  }

  private static final int MAX_ATTEMPTS = 60;
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;
  private static final int SQLITE_CORRUPT = 11;
  private static final int SQLITE_CANTOPEN = 14;
  private static final int SQLITE_NOTADB = 26;
  private static final int SQLITE_READONLY = 8;
  private static final int SQLITE_CONSTRAINT = 19;

  private final Dialect dialect;
  private final String url;
  private final String display;
  private final SQLiteConfig sqliteConfig;
  private final BlockingQueue<Connection> idle = new LinkedBlockingQueue<>();
  private final Semaphore permits;
  private volatile boolean closed;

  private Database(Dialect dialect, String url, String display, SQLiteConfig sqliteConfig, int maxConnections) {
    this.dialect = dialect;
    this.url = url;
    this.display = display;
    this.sqliteConfig = sqliteConfig;
    this.permits = new Semaphore(maxConnections, true);
  }

  /**
   * Opens (does not yet connect to) a database: a {@code jdbc:postgresql://} URL, a {@code jdbc:sqlite:} URL, or
   * a SQLite file path.
   */
  public static Database open(String location, int maxConnections) {
    Objects.requireNonNull(location, "location");
    if (location.startsWith("jdbc:postgresql:")) {
      return new Database(Dialect.POSTGRESQL, location, redact(location), null, maxConnections);
    }
    if (location.startsWith("jdbc:") && !location.startsWith("jdbc:sqlite:")) {
      throw new IllegalArgumentException("kyso keeps registers in SQLite or PostgreSQL; this database URL is "
          + "neither: " + redact(location));
    }
    String path = location.startsWith("jdbc:sqlite:") ? location.substring("jdbc:sqlite:".length()) : location;
    SQLiteConfig cfg = new SQLiteConfig();
    cfg.setBusyTimeout(30_000);
    cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // FULL: a commit is on disk before it returns (a register is legal evidence; WAL + NORMAL could lose the last
    // commits on power loss, though never corrupt the file)
    cfg.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    cfg.enforceForeignKeys(true);
    String url = sqliteUrl(path);
    if (!url.equals("jdbc:sqlite:" + path)) {
      cfg.setReadOnly(true);
    }
    return new Database(Dialect.SQLITE, url, path, cfg, maxConnections);
  }

  /**
   * The JDBC URL of a SQLite file. A file this user may not write, with no {@code -wal} file beside it (so all its
   * content is in the file), is opened read-only and immutable: otherwise SQLite would create {@code -wal} and
   * {@code -shm} files beside a register it may only read, and leave them there. Reading works; a write is refused
   * as SQLITE_READONLY.
   */
  public static String sqliteUrl(String path) {
    try {
      Path file = Path.of(path);
      if (Files.isRegularFile(file) && Files.isReadable(file) && !Files.isWritable(file)
          && !Files.exists(Path.of(path + "-wal"))) {
        String abs = file.toAbsolutePath().toString();
        // a URI file name: '%', '?' and '#' are escaped, everything else (UTF-8 included) is as it is
        return "jdbc:sqlite:file:" + abs.replace("%", "%25").replace("?", "%3f").replace("#", "%23")
            + "?immutable=1";
      }
    } catch (java.nio.file.InvalidPathException | SecurityException e) {
      // not a file name this system can use: SQLite says so
    }
    return "jdbc:sqlite:" + path;
  }

  /** The SQLite file of a location, or empty for PostgreSQL. */
  public static java.util.Optional<Path> sqliteFile(String location) {
    if (location.startsWith("jdbc:postgresql:")) {
      return java.util.Optional.empty();
    }
    if (location.startsWith("jdbc:sqlite:")) {
      return java.util.Optional.of(Path.of(location.substring("jdbc:sqlite:".length())));
    }
    if (location.startsWith("jdbc:")) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(Path.of(location));
  }

  public Dialect dialect() {
    return dialect;
  }

  /** The database for messages: the file, or the URL without user or password. */
  public String display() {
    return display;
  }

  /** Runs a write transaction, retried when the database is busy. */
  public <T> T write(Work<T> work) throws KysoException {
    return transaction(work, true);
  }

  /** Runs a read-only transaction that sees one consistent snapshot. */
  public <T> T read(Work<T> work) throws KysoException {
    return transaction(work, false);
  }

  private <T> T transaction(Work<T> work, boolean write) throws KysoException {
    for (int attempt = 1; ; attempt++) {
      Connection c = borrow();
      boolean broken = false;
      boolean begun = false;
      try {
        begin(c, write);
        begun = true;
        T result = work.run(c);
        commit(c);
        begun = false;
        return result;
      } catch (SQLException e) {
        if (begun) {
          broken = !rollback(c);
        }
        if (isRetryable(e) && attempt < MAX_ATTEMPTS) {
          backoff(attempt);
          continue;
        }
        broken = broken || isConnectionFailure(e);
        throw translate(e);
      } catch (KysoException | RuntimeException | Error e) {
        if (begun) {
          broken = !rollback(c);
        }
        throw e;
      } finally {
        release(c, broken);
      }
    }
  }

  private void begin(Connection c, boolean write) throws SQLException {
    if (dialect == Dialect.SQLITE) {
      try (Statement s = c.createStatement()) {
        s.execute(write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
      }
    } else {
      c.setAutoCommit(false);
      c.setTransactionIsolation(write ? Connection.TRANSACTION_READ_COMMITTED : Connection.TRANSACTION_REPEATABLE_READ);
    }
  }

  private void commit(Connection c) throws SQLException {
    if (dialect == Dialect.SQLITE) {
      try (Statement s = c.createStatement()) {
        s.execute("COMMIT");
      }
    } else {
      c.commit();
      c.setAutoCommit(true);
    }
  }

  /** Rolls back; false when the connection is unusable afterwards. */
  private boolean rollback(Connection c) {
    try {
      if (dialect == Dialect.SQLITE) {
        if (!c.getAutoCommit()) {
          c.rollback();
        }
        try (Statement s = c.createStatement()) {
          s.execute("ROLLBACK");
        } catch (SQLException e) {
          // "no transaction is active": SQLite already rolled back (e.g. after SQLITE_BUSY on BEGIN)
        }
      } else {
        c.rollback();
        c.setAutoCommit(true);
      }
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private Connection borrow() throws KysoException {
    if (closed) {
      throw new IllegalStateException("The register database is closed.");
    }
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceUnavailableException("Interrupted while waiting for the register database.", e);
    }
    Connection c = idle.poll();
    if (c != null) {
      return c;
    }
    try {
      return connect();
    } catch (KysoException | RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  private void release(Connection c, boolean broken) {
    if (broken || closed) {
      closeQuietly(c);
    } else {
      idle.offer(c);
    }
    permits.release();
  }

  private Connection connect() throws KysoException {
    for (int attempt = 1; ; attempt++) {
      try {
        if (dialect == Dialect.SQLITE) {
          return sqliteConfig.createConnection(url);
        }
        return DriverManager.getConnection(url);
      } catch (SQLException e) {
        if (isRetryable(e) && attempt < MAX_ATTEMPTS) {
          backoff(attempt);
          continue;
        }
        throw translate(e);
      }
    }
  }

  private static void backoff(int attempt) throws ServiceUnavailableException {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L + Math.min(attempt, 20) * 10L));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new ServiceUnavailableException("Interrupted while waiting for the register database.", ie);
    }
  }

  boolean isRetryable(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        if (dialect == Dialect.SQLITE && (s.getErrorCode() == SQLITE_BUSY || s.getErrorCode() == SQLITE_LOCKED)) {
          return true;
        }
        String state = s.getSQLState();
        if (dialect == Dialect.POSTGRESQL && state != null
            && (state.equals("40001") || state.equals("40P01") || state.equals("55P03"))) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean isConnectionFailure(SQLException e) {
    String state = e.getSQLState();
    return state != null && state.startsWith("08");
  }

  /** Turns a database error into the kyso exception a user can act on; never shows a password. */
  KysoException translate(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : oneLine(e.getMessage());
    if (dialect == Dialect.SQLITE) {
      switch (e.getErrorCode()) {
        case SQLITE_CANTOPEN -> {
          return new FileAccessException("The register database " + display + " cannot be opened; check that its "
              + "folder exists and is writable.", e);
        }
        case SQLITE_READONLY -> {
          Path file = Path.of(display).toAbsolutePath();
          if (Files.isWritable(file) && file.getParent() != null && !Files.isWritable(file.getParent())) {
            return new FileAccessException("The folder of the register database " + display + " cannot be written;"
                + " kyso needs to create the database's -wal and -shm files beside it.", e);
          }
          return new FileAccessException("The register database " + display + " is read-only; kyso needs to write "
              + "to it and to its -wal and -shm files.", e);
        }
        case SQLITE_NOTADB, SQLITE_CORRUPT -> {
          return new DocumentException("The file " + display + " is not a register database or is damaged; "
              + "restore it from a backup.", e);
        }
        case SQLITE_CONSTRAINT -> {
          return new DuplicateEntryException("The register refused a duplicate: " + msg);
        }
        case SQLITE_BUSY, SQLITE_LOCKED -> {
          return new ServiceUnavailableException("The register database " + display + " stayed locked by another "
              + "writer; try again.", e);
        }
        default -> {
          if (msg.contains("opening db")) {
            // the driver's own words when the file cannot be created or opened (a folder that is not writable)
            return new FileAccessException("The register database " + display + " cannot be opened; check that its "
                + "folder exists and is writable.", e);
          }
          return new ServiceUnavailableException("The register database " + display + " failed: " + msg, e);
        }
      }
    }
    if (state.startsWith("08") || state.equals("57P01") || state.equals("57P03")) {
      return new ServiceUnavailableException("The register database " + display + " cannot be reached (" + msg
          + "); check that PostgreSQL is running.", e);
    }
    if (state.startsWith("28")) {
      return new org.kyso.registers.DatabaseAccessException("The register database " + display + " refused the "
          + "login; check the user and password in the URL.", e);
    }
    if (state.equals("42501")) {
      return new org.kyso.registers.DatabaseAccessException("The register database " + display + " refused access"
          + " to the registers' tables; grant the user rights on the schema, or check the user in the URL.", e);
    }
    if (state.equals("3F000")) {
      return new FileAccessException("The schema named by currentSchema in the URL of the register database "
          + display + " does not exist; create it (CREATE SCHEMA …) or correct the URL.", e);
    }
    if (state.equals("3D000")) {
      return new FileAccessException("The register database " + display + " does not exist; create it first.", e);
    }
    if (state.equals("23505")) {
      return new DuplicateEntryException("The register refused a duplicate: " + msg);
    }
    return new ServiceUnavailableException("The register database " + display + " failed: " + msg, e);
  }

  private static String oneLine(String s) {
    String l = s.replaceAll("\\s+", " ").trim();
    return l.length() > 300 ? l.substring(0, 300) + "…" : l;
  }

  /** A PostgreSQL URL without its user, password and other parameters, for messages. */
  static String redact(String url) {
    int q = url.indexOf('?');
    String base = q < 0 ? url : url.substring(0, q);
    try {
      URI u = URI.create(base.substring("jdbc:".length()));
      if (u.getUserInfo() != null) {
        base = "jdbc:" + u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + u.getPath();
      }
    } catch (IllegalArgumentException e) {
      // keep the base as it is
    }
    return base;
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // nothing more to do
    }
  }

  /** Whether the SQLite file exists (always true for PostgreSQL). */
  public boolean exists() {
    return dialect != Dialect.SQLITE || Files.exists(Path.of(display));
  }

  @Override
  public void close() {
    closed = true;
    Connection c;
    while ((c = idle.poll()) != null) {
      closeQuietly(c);
    }
  }
}
