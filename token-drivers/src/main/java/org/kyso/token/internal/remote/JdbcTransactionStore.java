package org.kyso.token.internal.remote;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.kyso.core.KysoException;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.TokenException;
import org.kyso.token.remote.TransactionStore;

/**
 * Transactions in a SQL table, through plain JDBC (SQLite and PostgreSQL). {@code open_fingerprint} holds the
 * fingerprint while the transaction is open and NULL afterwards; its UNIQUE constraint keeps two runs from opening
 * two transactions for the same documents.
 */
public final class JdbcTransactionStore implements TransactionStore {
  private static final String DDL = "CREATE TABLE IF NOT EXISTS kyso_remote_transaction ("
      + " id VARCHAR(64) PRIMARY KEY,"
      + " fingerprint VARCHAR(128) NOT NULL,"
      + " open_fingerprint VARCHAR(128) UNIQUE,"
      + " state VARCHAR(16) NOT NULL,"
      + " data TEXT NOT NULL,"
      + " message TEXT NOT NULL,"
      + " updated_ms BIGINT NOT NULL)";

  private final String url;

  private JdbcTransactionStore(String url) {
    this.url = url;
  }

  /** Opens the database and creates the table when missing. */
  public static JdbcTransactionStore open(String url) throws KysoException {
    JdbcTransactionStore s = new JdbcTransactionStore(url);
    try (Connection c = s.connect(); Statement st = c.createStatement()) {
      st.executeUpdate(DDL);
    } catch (SQLException e) {
      throw s.failure(e);
    }
    return s;
  }

  static TokenException busy() {
    return new TokenException(TokenException.Reason.FAILED, "Another kyso run is signing the same documents with"
        + " the same key right now: wait for it to finish.");
  }

  private Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(url);
    if (url.startsWith("jdbc:sqlite:")) {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA busy_timeout = 10000");
      }
    }
    return c;
  }

  private ServiceUnavailableException failure(SQLException e) {
    String where = url.startsWith("jdbc:sqlite:") ? "the file " + url.substring("jdbc:sqlite:".length())
        : "the database " + redact(url);
    return new ServiceUnavailableException("The store of pending remote signatures (" + where + ") cannot be used: "
        + e.getClass().getSimpleName() + ".", e);
  }

  /** A JDBC URL without its query (which may hold a password). */
  static String redact(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?…";
  }

  @Override
  public Optional<Row> findOpen(String fingerprint) throws KysoException {
    return one("SELECT id, fingerprint, state, data, message FROM kyso_remote_transaction WHERE open_fingerprint = ?",
        fingerprint);
  }

  @Override
  public Optional<Row> find(String id) throws KysoException {
    return one("SELECT id, fingerprint, state, data, message FROM kyso_remote_transaction WHERE id = ?", id);
  }

  private Optional<Row> one(String sql, String arg) throws KysoException {
    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new Row(rs.getString(1), rs.getString(2), State.valueOf(rs.getString(3)), rs.getString(4),
            rs.getString(5)));
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  @Override
  public void insert(Row row) throws KysoException {
    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO kyso_remote_transaction"
        + " (id, fingerprint, open_fingerprint, state, data, message, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, row.id());
      ps.setString(2, row.fingerprint());
      ps.setString(3, row.open() ? row.fingerprint() : null);
      ps.setString(4, row.state().name());
      ps.setString(5, row.data());
      ps.setString(6, row.message());
      ps.setLong(7, System.currentTimeMillis());
      ps.executeUpdate();
    } catch (SQLException e) {
      if (findOpen(row.fingerprint()).isPresent()) {
        throw busy();
      }
      throw failure(e);
    }
  }

  @Override
  public void update(Row row) throws KysoException {
    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("UPDATE kyso_remote_transaction SET"
        + " open_fingerprint = ?, state = ?, data = ?, message = ?, updated_ms = ? WHERE id = ?")) {
      ps.setString(1, row.open() ? row.fingerprint() : null);
      ps.setString(2, row.state().name());
      ps.setString(3, row.data());
      ps.setString(4, row.message());
      ps.setLong(5, System.currentTimeMillis());
      ps.setString(6, row.id());
      if (ps.executeUpdate() != 1) {
        throw new TokenException(TokenException.Reason.FAILED, "The pending remote signature " + row.id()
            + " is no longer in its store.");
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }
}
