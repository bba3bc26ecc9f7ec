package org.kyso.server.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.kyso.server.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.kyso.core.internal.json.Json;

/**
 * Asynchronous signing jobs, kept in the service's database so that every replica sees them: a job accepted by one
 * process is run by whichever process has a free worker (claimed under a lease that the runner renews; a runner
 * that dies leaves a lease that expires, and another replica takes the job over), polled or called back from any
 * of them, and deleted with its documents when it expires. The process keeps nothing of its own.
 */
final class Jobs implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String DDL = "CREATE TABLE IF NOT EXISTS kyso_serve_job ("
      + " id VARCHAR(40) PRIMARY KEY,"
      + " organisation VARCHAR(64) NOT NULL,"
      + " token_name VARCHAR(200) NOT NULL,"
      + " kind VARCHAR(16) NOT NULL,"
      + " remote_key VARCHAR(200) NOT NULL,"
      + " params TEXT NOT NULL,"
      + " document TEXT,"
      + " state VARCHAR(16) NOT NULL,"
      + " result TEXT,"
      + " error_code VARCHAR(64),"
      + " error_message TEXT,"
      + " callback TEXT,"
      + " callback_state VARCHAR(16),"
      + " attempts INTEGER NOT NULL,"
      + " lease_owner VARCHAR(40),"
      + " lease_until BIGINT,"
      + " created_ms BIGINT NOT NULL,"
      + " updated_ms BIGINT NOT NULL,"
      + " expires_ms BIGINT NOT NULL)";

  /** One job as stored. */
  record Job(String id, String organisation, String tokenName, String kind, String remoteKey,
      Map<String, String> params, String state, Optional<String> errorCode, Optional<String> errorMessage,
      Optional<String> callback, Optional<String> callbackState, int attempts, Instant created, Instant updated,
      Instant expires) {}

  /** Runs one claimed job: returns the signed document, or throws the error to record. */
  @FunctionalInterface
  interface Runner {
    byte[] run(Job job, byte[] document) throws ApiException;
  }

  private final String url;
  private final Properties props = new Properties();
  private final String owner = newId();
  private final Clock clock;
  private final Duration expiry;
  private final Duration lease;
  private final int workers;
  private final Semaphore free;
  private final ExecutorService pool;
  private final ScheduledExecutorService ticker;
  private final java.util.Set<String> running = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private volatile Runner runner;
  private volatile boolean ready;
  private volatile long lastSweep;
  private volatile boolean closed;

  Jobs(ServerConfig config, Clock clock) {
    String db = config.database();
    this.url = db.startsWith("jdbc:") ? db : "jdbc:sqlite:" + java.nio.file.Path.of(db).toAbsolutePath();
    if (url.startsWith("jdbc:sqlite:")) {
      props.setProperty("busy_timeout", "15000");
    }
    this.clock = clock;
    this.expiry = config.jobExpiry();
    this.lease = config.jobLease();
    this.workers = config.jobWorkers();
    this.free = new Semaphore(workers);
    this.pool = workers == 0 ? null : Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "kyso-job");
      t.setDaemon(true);
      return t;
    });
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kyso-jobs");
      t.setDaemon(true);
      return t;
    });
  }

  /** The id of this process among the replicas (the lease owner it writes). */
  String owner() {
    return owner;
  }

  /** Starts claiming and running jobs (when this process has workers) and deleting expired ones. */
  void start(Runner runner) {
    this.runner = runner;
    ticker.scheduleWithFixedDelay(this::tick, 200, 500, TimeUnit.MILLISECONDS);
  }

  private Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(url, props);
    if (!ready) {
      synchronized (this) {
        if (!ready) {
          try (var s = c.createStatement()) {
            s.execute(DDL);
          } catch (SQLException e) {
            // two replicas creating the table at once: the other one won, which is what we want
            try (var s = c.createStatement()) {
              s.executeQuery("SELECT id FROM kyso_serve_job WHERE 1 = 0").close();
            }
          }
          ready = true;
        }
      }
    }
    return c;
  }

  static ApiException unavailable(SQLException e) {
    LOG.warn("job store: {}", e.toString());
    return new ApiException(503, "database_unavailable", "The job store cannot be reached; try again in a moment.");
  }

  /** Stores a new job and returns it; a worker of this or another replica runs it. */
  Job create(String organisation, String tokenName, String kind, String remoteKey, Map<String, String> params,
      byte[] document, Optional<String> callback) throws ApiException {
    String id = newId();
    long now = clock.millis();
    try (Connection c = connect(); PreparedStatement p = c.prepareStatement("INSERT INTO kyso_serve_job (id,"
        + " organisation, token_name, kind, remote_key, params, document, state, attempts, callback, created_ms,"
        + " updated_ms, expires_ms) VALUES (?,?,?,?,?,?,?,'QUEUED',0,?,?,?,?)")) {
      p.setString(1, id);
      p.setString(2, organisation);
      p.setString(3, tokenName);
      p.setString(4, kind);
      p.setString(5, remoteKey);
      p.setString(6, Json.write(params, Json.Escaping.HTML_SAFE));
      p.setString(7, Base64.getEncoder().encodeToString(document));
      p.setString(8, callback.orElse(null));
      p.setLong(9, now);
      p.setLong(10, now);
      p.setLong(11, now + expiry.toMillis());
      p.executeUpdate();
    } catch (SQLException e) {
      throw unavailable(e);
    }
    if (workers > 0) {
      ticker.execute(this::tick);
    }
    return find(id).orElseThrow(() -> new ApiException(503, "database_unavailable", "The job was not stored."));
  }

  Optional<Job> find(String id) throws ApiException {
    try (Connection c = connect(); PreparedStatement p = c.prepareStatement("SELECT id, organisation, token_name,"
        + " kind, remote_key, params, state, error_code, error_message, callback, callback_state, attempts,"
        + " created_ms, updated_ms, expires_ms FROM kyso_serve_job WHERE id = ? AND expires_ms > ?")) {
      p.setString(1, id);
      p.setLong(2, clock.millis());
      try (ResultSet r = p.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> raw = (Map<String, Object>) Json.parse(r.getString(6), Json.Numbers.DECIMAL);
        Map<String, String> params = new LinkedHashMap<>();
        raw.forEach((k, v) -> params.put(k, String.valueOf(v)));
        return Optional.of(new Job(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
            params, r.getString(7), Optional.ofNullable(r.getString(8)), Optional.ofNullable(r.getString(9)),
            Optional.ofNullable(r.getString(10)), Optional.ofNullable(r.getString(11)), r.getInt(12),
            Instant.ofEpochMilli(r.getLong(13)), Instant.ofEpochMilli(r.getLong(14)),
            Instant.ofEpochMilli(r.getLong(15))));
      }
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  /** The signed document of a finished job. */
  Optional<byte[]> result(String id) throws ApiException {
    try (Connection c = connect(); PreparedStatement p = c.prepareStatement(
        "SELECT result FROM kyso_serve_job WHERE id = ? AND state = 'DONE' AND expires_ms > ?")) {
      p.setString(1, id);
      p.setLong(2, clock.millis());
      try (ResultSet r = p.executeQuery()) {
        return r.next() && r.getString(1) != null ? Optional.of(Base64.getDecoder().decode(r.getString(1)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  /** Answers "is the job store reachable" for /readyz. */
  String check() {
    try (Connection c = connect(); PreparedStatement p = c.prepareStatement(
        "SELECT COUNT(*) FROM kyso_serve_job WHERE 1 = 0")) {
      p.executeQuery().close();
      return "ok";
    } catch (SQLException e) {
      return "unreachable";
    }
  }

  private void tick() {
    try {
      long now = clock.millis();
      if (now - lastSweep > 10_000) {
        lastSweep = now;
        try (Connection c = connect(); PreparedStatement p = c.prepareStatement(
            "DELETE FROM kyso_serve_job WHERE expires_ms <= ?")) {
          p.setLong(1, now);
          int n = p.executeUpdate();
          if (n > 0) {
            LOG.info("deleted {} expired jobs", n);
          }
        }
      }
      if (!running.isEmpty()) {
        renewLeases(now);
      }
      if (workers == 0 || runner == null || free.availablePermits() == 0) {
        return;
      }
      List<String> candidates = new ArrayList<>();
      try (Connection c = connect(); PreparedStatement p = c.prepareStatement("SELECT id FROM kyso_serve_job WHERE"
          + " expires_ms > ? AND (state = 'QUEUED' OR (state = 'RUNNING' AND lease_until < ?))"
          + " ORDER BY created_ms")) {
        p.setLong(1, now);
        p.setLong(2, now);
        p.setMaxRows(free.availablePermits());
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            candidates.add(r.getString(1));
          }
        }
      }
      for (String id : candidates) {
        if (!free.tryAcquire()) {
          return;
        }
        if (claim(id, now)) {
          running.add(id);
          pool.execute(() -> runClaimed(id));
        } else {
          free.release();
        }
      }
    } catch (SQLException | RuntimeException e) {
      LOG.warn("job worker: {}", e.toString());
    }
  }

  /** Takes a queued job, or one whose runner's lease ran out: only one replica's update matches. */
  private boolean claim(String id, long now) throws SQLException {
    try (Connection c = connect(); PreparedStatement p = c.prepareStatement("UPDATE kyso_serve_job SET"
        + " state = 'RUNNING', lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_ms = ?"
        + " WHERE id = ? AND expires_ms > ? AND (state = 'QUEUED' OR (state = 'RUNNING' AND lease_until < ?))")) {
      p.setString(1, owner);
      p.setLong(2, now + lease.toMillis());
      p.setLong(3, now);
      p.setString(4, id);
      p.setLong(5, now);
      p.setLong(6, now);
      return p.executeUpdate() == 1;
    }
  }

  private void renewLeases(long now) throws SQLException {
    try (Connection c = connect(); PreparedStatement p = c.prepareStatement("UPDATE kyso_serve_job SET"
        + " lease_until = ? WHERE lease_owner = ? AND state = 'RUNNING'")) {
      p.setLong(1, now + lease.toMillis());
      p.setString(2, owner);
      p.executeUpdate();
    }
  }

  private void runClaimed(String id) {
    try {
      Optional<Job> job = find(id);
      byte[] doc = document(id);
      if (job.isEmpty() || doc == null) {
        return;
      }
      byte[] out;
      try {
        out = runner.run(job.get(), doc);
      } catch (ApiException e) {
        if (closed || Thread.currentThread().isInterrupted() || e.code().equals("shutting_down")) {
          return; // stopped: the lease runs out and another replica takes the job over
        }
        finish(id, "FAILED", null, e.code(), e.getMessage());
        callBack(job.get());
        return;
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.error("job {} failed", id, e);
        finish(id, "FAILED", null, "internal_error", "The service failed on this job; the error is in its log.");
        callBack(job.get());
        return;
      }
      if (finish(id, "DONE", out, null, null)) {
        callBack(job.get());
      }
    } catch (ApiException | SQLException e) {
      LOG.warn("job {}: {}", id, e.getMessage());
    } finally {
      running.remove(id);
      free.release();
    }
  }

  private byte[] document(String id) throws SQLException {
    try (Connection c = connect(); PreparedStatement p = c.prepareStatement(
        "SELECT document FROM kyso_serve_job WHERE id = ?")) {
      p.setString(1, id);
      try (ResultSet r = p.executeQuery()) {
        return r.next() && r.getString(1) != null ? Base64.getDecoder().decode(r.getString(1)) : null;
      }
    }
  }

  /** Records the outcome, only while this process still holds the job; the input document is dropped. */
  private boolean finish(String id, String state, byte[] result, String code, String message) throws SQLException {
    try (Connection c = connect(); PreparedStatement p = c.prepareStatement("UPDATE kyso_serve_job SET state = ?,"
        + " result = ?, error_code = ?, error_message = ?, document = NULL, lease_owner = NULL, lease_until = NULL,"
        + " updated_ms = ? WHERE id = ? AND lease_owner = ? AND state = 'RUNNING'")) {
      p.setString(1, state);
      p.setString(2, result == null ? null : Base64.getEncoder().encodeToString(result));
      p.setString(3, code);
      p.setString(4, message);
      p.setLong(5, clock.millis());
      p.setString(6, id);
      p.setString(7, owner);
      return p.executeUpdate() == 1;
    }
  }

  /** POSTs {id, state, location} (never the document) to the job's callback URL; a few tries. */
  private void callBack(Job job) throws SQLException {
    if (job.callback().isEmpty()) {
      return;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", job.id());
    try {
      m.put("state", find(job.id()).map(Job::state).orElse("EXPIRED"));
    } catch (ApiException e) {
      m.put("state", "UNKNOWN");
    }
    m.put("location", "/v1/jobs/" + job.id());
    String state = "FAILED";
    for (int i = 0; i < 3 && !Thread.currentThread().isInterrupted(); i++) {
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(job.callback().get()))
            .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Json.write(m, Json.Escaping.HTML_SAFE),
                StandardCharsets.UTF_8)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() / 100 == 2) {
          state = "SENT";
          break;
        }
      } catch (java.io.IOException e) {
        // tried again below
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      try {
        Thread.sleep(500L << i);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (Connection c = connect(); PreparedStatement p = c.prepareStatement(
        "UPDATE kyso_serve_job SET callback_state = ? WHERE id = ?")) {
      p.setString(1, state);
      p.setString(2, job.id());
      p.executeUpdate();
    }
  }

  static String newId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** Stops claiming; running jobs are interrupted and left to their lease, which another replica takes over. */
  @Override
  public void close() {
    closed = true;
    ticker.shutdownNow();
    if (pool != null) {
      pool.shutdownNow();
      try {
        pool.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
