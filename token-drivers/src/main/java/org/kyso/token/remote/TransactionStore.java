package org.kyso.token.remote;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;
import org.kyso.token.internal.remote.JdbcTransactionStore;

/**
 * Where remote signing transactions are kept while the user approves them, so that a process stopped while waiting
 * resumes the same transaction when it runs again instead of asking the service (and the user) a second time.
 * A SQLite file by default; any JDBC URL whose driver is on the class path (PostgreSQL included), in a table
 * {@code kyso_remote_transaction} created when missing. Thread-safe.
 */
public interface TransactionStore {

  /** The state of a stored transaction. */
  enum State {
    /** Recorded; the sign request is being sent. */
    SUBMITTING,
    /** The service has the request; the user has not approved yet. */
    PENDING,
    /** The signature values arrived and were checked; the documents may not all be written yet. */
    SIGNED,
    /** The documents were written. */
    COMPLETED,
    /** The user refused, or the service refused the request. */
    REFUSED,
    /** The service's approval window passed. */
    EXPIRED,
    /** Given up for another reason (an error, or a new run could not resume it). */
    FAILED
  }

  /**
   * One stored transaction.
   *
   * @param id kyso's id of the transaction
   * @param fingerprint what is being signed by whom: equal fingerprints mean "the same command run again"
   * @param state where it stands
   * @param data the transaction's details as JSON (items, requests, signature values), written by {@link RemoteSigning}
   * @param message the last message (a refusal's text), or empty
   */
  record Row(String id, String fingerprint, State state, String data, String message) {
    public Row {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(fingerprint, "fingerprint");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(message, "message");
    }

    /** Open transactions may still be resumed: SUBMITTING, PENDING or SIGNED. */
    public boolean open() {
      return state == State.SUBMITTING || state == State.PENDING || state == State.SIGNED;
    }
  }

  /** The open transaction with this fingerprint, if any. */
  Optional<Row> findOpen(String fingerprint) throws KysoException;

  /** The transaction with this id, if any. */
  Optional<Row> find(String id) throws KysoException;

  /**
   * Stores a new open transaction.
   *
   * @throws org.kyso.core.TokenException if an open transaction with the same fingerprint exists (another run
   *     signs the same documents right now)
   */
  void insert(Row row) throws KysoException;

  /** Replaces the state, data and message of a stored transaction. */
  void update(Row row) throws KysoException;

  /** A SQLite file, created (with its folder) when missing. */
  static TransactionStore sqlite(Path file) throws KysoException {
    Objects.requireNonNull(file, "file");
    Path dir = file.toAbsolutePath().getParent();
    try {
      if (dir != null) {
        Files.createDirectories(dir);
      }
    } catch (java.io.IOException e) {
      throw new FileAccessException("The folder " + dir + " for pending remote signatures cannot be created.", e);
    }
    return JdbcTransactionStore.open("jdbc:sqlite:" + file.toAbsolutePath());
  }

  /**
   * A database by JDBC URL, e.g. {@code jdbc:postgresql://host/db?user=kyso&password=…} or
   * {@code jdbc:sqlite:/var/lib/kyso/tx.db}. A plain path is taken as a SQLite file.
   */
  static TransactionStore open(String urlOrPath) throws KysoException {
    Objects.requireNonNull(urlOrPath, "urlOrPath");
    return urlOrPath.startsWith("jdbc:") ? JdbcTransactionStore.open(urlOrPath) : sqlite(Path.of(urlOrPath));
  }

  /** A store in memory: transactions do not survive the process (the plain {@code SigningKey} path). */
  static TransactionStore inMemory() {
    return new org.kyso.token.internal.remote.MemoryTransactionStore();
  }
}
