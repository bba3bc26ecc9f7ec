package org.kyso.token.internal.remote;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.kyso.core.TokenException;
import org.kyso.token.remote.TransactionStore;

/** Transactions kept in memory only. */
public final class MemoryTransactionStore implements TransactionStore {
  private final Map<String, Row> rows = new LinkedHashMap<>();

  @Override
  public synchronized Optional<Row> findOpen(String fingerprint) {
    return rows.values().stream().filter(r -> r.fingerprint().equals(fingerprint) && r.open()).findFirst();
  }

  @Override
  public synchronized Optional<Row> find(String id) {
    return Optional.ofNullable(rows.get(id));
  }

  @Override
  public synchronized void insert(Row row) throws TokenException {
    if (findOpen(row.fingerprint()).isPresent()) {
      throw JdbcTransactionStore.busy();
    }
    rows.put(row.id(), row);
  }

  @Override
  public synchronized void update(Row row) {
    rows.put(row.id(), row);
  }
}
