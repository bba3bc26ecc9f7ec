package org.kyso.token.remote;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.kyso.core.ApprovalTimeoutException;
import org.kyso.core.KysoException;
import org.kyso.core.PreparedSignature;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.TokenException;
import org.kyso.core.internal.json.Json;
import org.kyso.token.internal.remote.ServiceErrors;
import org.kyso.token.internal.remote.SignatureCheck;
import org.kyso.token.remote.RemoteSigningService.Hash;
import org.kyso.token.remote.RemoteSigningService.Submitted;
import org.kyso.token.remote.TransactionStore.Row;
import org.kyso.token.remote.TransactionStore.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs remote signing transactions, format-neutral: the caller prepares the digests (a PDF's, an XML's, a whole
 * batch's), kyso sends them to the service in as few requests as it allows (one approval in the app for the
 * batch), waits for the approval (polling with backoff until the deadline), checks every returned value against the
 * signer's certificate, and hands the values back for the caller to complete its documents.
 *
 * <p>Every step is written to a {@link TransactionStore} before and after it happens. Running the same work again
 * (the same {@code intent}) after the process was stopped resumes the stored transaction: the stored prepared values
 * are returned, the service is asked for the result of the request already sent, and no second sign request is made.
 * A transaction the user refused or that expired is closed; the next run starts a new one.
 *
 * <pre>{@code
 * RemoteSigning signing = RemoteSigning.builder(TransactionStore.sqlite(Path.of("tx.db"))).build();
 * RemoteSigning.Result r = signing.sign(key, "sign a.pdf b.pdf", () -> List.of(
 *     new RemoteSigning.Item("a.pdf", pdfSigner.prepare(a)), new RemoteSigning.Item("b.pdf", pdfSigner.prepare(b))));
 * // complete each document with r.items().get(i).prepared() and r.signatures().get(i), write it, then:
 * signing.completed(r.transaction());
 * }</pre>
 */
public final class RemoteSigning {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteSigning.class);
  private static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(10);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A document to sign: its name (shown in the app) and its prepared first step. */
  public record Item(String name, PreparedSignature prepared) {
    public Item {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(prepared, "prepared");
    }
  }

  /** Makes the items; called only when no stored transaction is resumed. */
  @FunctionalInterface
  public interface Preparer {
    List<Item> prepare() throws KysoException;
  }

  /**
   * The outcome of {@link #sign}.
   *
   * @param transaction kyso's id of the stored transaction
   * @param items the items signed: the stored ones when resumed, which the caller must complete with
   * @param signatures one value per item, checked against the certificate
   * @param resumed true when a stored transaction was resumed instead of prepared anew
   * @param signRequests how many sign requests this call sent to the service (0 when resumed)
   */
  public record Result(String transaction, List<Item> items, List<byte[]> signatures, boolean resumed,
      int signRequests) {}

  private final TransactionStore store;
  private final Duration approvalTimeout;
  private final Duration pollInterval;
  private final ApprovalListener listener;
  private final Clock clock;
  private final Object wakeUp = new Object();
  private final java.util.Set<String> notified = new java.util.HashSet<>();

  private RemoteSigning(Builder b) {
    this.store = b.store;
    this.approvalTimeout = b.approvalTimeout;
    this.pollInterval = b.pollInterval;
    this.listener = b.listener;
    this.clock = b.clock;
  }

  public static Builder builder(TransactionStore store) {
    return new Builder(store);
  }

  /**
   * Signs the prepared items with the service's key, resuming a stored transaction for the same intent.
   *
   * @param intent what is being signed, as stable text (e.g. the command line and the input files' digests): the
   *     same intent with the same service account resumes an open transaction
   * @throws TokenException {@code ACCESS_DENIED} if the user refused or the service refused the request
   * @throws ApprovalTimeoutException if the approval did not come in time (the transaction stays open: running
   *     again resumes it) or the service says it expired
   * @throws ServiceUnavailableException if the service cannot be reached
   */
  public Result sign(RemoteKey key, String intent, Preparer preparer) throws KysoException {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(intent, "intent");
    Objects.requireNonNull(preparer, "preparer");
    RemoteSigningService service = key.service();
    String fingerprint = sha256(service.identity() + "\n" + intent);
    Tx tx = null;
    Optional<Row> open = store.findOpen(fingerprint);
    if (open.isPresent()) {
      tx = Tx.read(open.get());
      if (tx.state == State.SUBMITTING && tx.hasUnreferenced() && !service.pollsByOwnReference()) {
        LOG.info("transaction {} was interrupted while its sign request was sent; starting a new one", tx.id);
        tx.state = State.FAILED;
        tx.message = "interrupted while the sign request was being sent";
        store.update(tx.row());
        tx = null;
      } else {
        LOG.info("resuming stored transaction {} ({})", tx.id, tx.state);
      }
    }
    boolean resumed = tx != null;
    if (tx == null) {
      List<Item> items = List.copyOf(preparer.prepare());
      if (items.isEmpty()) {
        throw new IllegalArgumentException("Nothing to sign.");
      }
      SignatureAlgorithm alg = items.get(0).prepared().algorithm();
      if (!service.answersWithCms() && alg.keyType() != key.keyType()) {
        throw new IllegalArgumentException(alg + " does not fit a " + key.keyType() + " key.");
      }
      for (Item i : items) {
        if (i.prepared().algorithm() != alg) {
          throw new IllegalArgumentException("All documents of one remote transaction must use one algorithm.");
        }
      }
      tx = new Tx(newId(), fingerprint, items);
      store.insert(tx.row());
    }
    if (tx.state == State.SIGNED) {
      return new Result(tx.id, tx.items, tx.signatures(), true, 0);
    }
    int sent = submitAll(service, tx);
    await(service, tx, sent > 0);
    return new Result(tx.id, tx.items, tx.signatures(), resumed, sent);
  }

  /**
   * Tells a waiting {@link #sign} that the service called back for this reference (its transaction id, e.g. a
   * SmartCA {@code tranId} posted to the {@code notify-url}): it asks the service at once instead of after the next
   * pause. Unknown references are remembered until asked for.
   */
  public void notified(String reference) {
    Objects.requireNonNull(reference, "reference");
    synchronized (wakeUp) {
      notified.add(reference);
      wakeUp.notifyAll();
    }
  }

  /** Marks a transaction whose documents were written as completed: it will not be resumed again. */
  public void completed(String transaction) throws KysoException {
    Row row = store.find(transaction).orElseThrow(() -> new IllegalArgumentException("Unknown transaction "
        + transaction + "."));
    store.update(new Row(row.id(), row.fingerprint(), State.COMPLETED, row.data(), row.message()));
  }

  /** The stored state of a transaction, e.g. for a status page. */
  public Optional<State> state(String transaction) throws KysoException {
    return store.find(transaction).map(Row::state);
  }

  private int submitAll(RemoteSigningService service, Tx tx) throws KysoException {
    int max = Math.max(1, service.maxHashesPerRequest());
    int sent = 0;
    SignatureAlgorithm alg = tx.algorithm();
    for (int from = 0, n = 0; from < tx.items.size(); from += max, n++) {
      int count = Math.min(max, tx.items.size() - from);
      Request req = n < tx.requests.size() ? tx.requests.get(n) : null;
      if (req == null) {
        req = new Request(tx.id + (n == 0 ? "" : "-" + n), from, count);
        tx.requests.add(req);
        tx.state = State.SUBMITTING;
        store.update(tx.row()); // recorded before it is sent: a rerun knows a request may be out there
      } else if (req.reference != null || req.signatures != null) {
        continue;
      } else if (service.pollsByOwnReference()) {
        req.reference = req.own; // sent by an earlier run that stopped before storing the answer
        continue;
      }
      String description = description(tx.items.subList(from, from + count));
      Submitted s;
      try {
        s = service.submit(alg, tx.hashes(req), req.own, description);
        sent++;
      } catch (ServiceUnavailableException e) {
        if (!service.pollsByOwnReference()) {
          close(tx, State.FAILED, e.getMessage());
        }
        throw e;
      } catch (KysoException | RuntimeException e) {
        close(tx, e instanceof ApprovalTimeoutException ? State.EXPIRED : e instanceof TokenException t
            && t.reason() == TokenException.Reason.ACCESS_DENIED ? State.REFUSED : State.FAILED, e.getMessage());
        throw e;
      }
      req.reference = s.reference();
      req.code = s.shownCode().orElse(null);
      if (s.signatures().isPresent()) {
        req.signatures = checked(tx, req, s.signatures().get(), service);
      }
      tx.state = State.PENDING;
      store.update(tx.row());
    }
    return sent;
  }

  private void await(RemoteSigningService service, Tx tx, boolean justSent) throws KysoException {
    Instant deadline = clock.instant().plus(approvalTimeout);
    long interval = pollInterval.toMillis();
    SignatureAlgorithm alg = tx.algorithm();
    boolean first = justSent;
    while (true) {
      boolean allDone = true;
      for (Request req : tx.requests) {
        if (req.signatures != null) {
          continue;
        }
        if (!first) {
          Optional<List<byte[]>> got;
          try {
            got = service.poll(new Submitted(req.reference, Optional.ofNullable(req.code), Optional.empty()), alg,
                tx.hashes(req));
          } catch (ServiceUnavailableException e) {
            throw e; // still open: running again asks once more
          } catch (KysoException | RuntimeException e) {
            close(tx, e instanceof ApprovalTimeoutException ? State.EXPIRED : e instanceof TokenException t
                && t.reason() == TokenException.Reason.ACCESS_DENIED ? State.REFUSED : State.FAILED, e.getMessage());
            throw e;
          }
          if (got.isPresent()) {
            req.signatures = checked(tx, req, got.get(), service);
            store.update(tx.row());
            continue;
          }
        }
        allDone = false;
      }
      if (allDone) {
        tx.state = State.SIGNED;
        store.update(tx.row());
        return;
      }
      Duration left = Duration.between(clock.instant(), deadline);
      Request waiting = tx.requests.stream().filter(r -> r.signatures == null).findFirst().orElseThrow();
      String shown = waiting.code != null ? waiting.code : waiting.reference;
      if (left.isNegative() || left.isZero()) {
        throw new ApprovalTimeoutException("The signature request " + shown + " was not approved in the app within "
            + human(approvalTimeout) + " (" + service.describe() + "): approve it and run the same command again to"
            + " collect it, or allow longer.", shown);
      }
      listener.waiting(service.describe(), shown, description(tx.items), left);
      try {
        pause(tx, Math.max(1, Math.min(interval, left.toMillis())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ServiceUnavailableException("kyso was interrupted while waiting for the approval of " + shown
            + "; running the same command again resumes it.", e);
      }
      interval = Math.min(MAX_POLL_INTERVAL.toMillis(), Math.max(interval + 1, interval * 3 / 2));
      first = false;
    }
  }

  /** Waits, or returns early when the service called back for one of the transaction's requests. */
  private void pause(Tx tx, long millis) throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000;
    synchronized (wakeUp) {
      while (true) {
        for (Request r : tx.requests) {
          if (r.reference != null && notified.remove(r.reference)) {
            return;
          }
        }
        long left = (end - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return;
        }
        wakeUp.wait(left);
      }
    }
  }

  private List<byte[]> checked(Tx tx, Request req, List<byte[]> values, RemoteSigningService service)
      throws KysoException {
    if (values.size() != req.count) {
      close(tx, State.FAILED, "wrong number of signatures");
      throw new TokenException(TokenException.Reason.FAILED, ServiceErrors.cap(service.describe()) + " returned "
          + values.size() + " signatures for " + req.count + " documents.");
    }
    List<byte[]> out = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      Item item = tx.items.get(req.from + i);
      try {
        out.add(service.answersWithCms()
            ? SignatureCheck.checkCms(service.certificateChain().isEmpty() ? null : service.certificateChain().get(0),
                item.prepared().digest(), values.get(i), ServiceErrors.cap(service.describe()))
            : SignatureCheck.check(service.certificateChain().get(0), item.prepared().algorithm(),
                item.prepared().digest(), values.get(i), ServiceErrors.cap(service.describe())));
      } catch (TokenException e) {
        close(tx, State.FAILED, e.getMessage());
        throw e;
      }
    }
    return out;
  }

  private void close(Tx tx, State state, String message) throws KysoException {
    tx.state = state;
    tx.message = message == null ? "" : message;
    store.update(tx.row());
  }

  private static String description(List<Item> items) {
    return items.size() == 1 ? items.get(0).name() : items.size() + " documents: " + items.get(0).name() + ", …";
  }

  private static String human(Duration d) {
    long s = d.toSeconds();
    return s >= 60 ? s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s") : Math.max(s, 1) + " s";
  }

  private static String newId() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return HexFormat.of().withUpperCase().formatHex(b);
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One sign request of a transaction. */
  private static final class Request {
    final String own;
    final int from;
    final int count;
    String reference;
    String code;
    List<byte[]> signatures;

    Request(String own, int from, int count) {
      this.own = own;
      this.from = from;
      this.count = count;
    }
  }

  /** A transaction and its JSON form in the store. */
  private static final class Tx {
    final String id;
    final String fingerprint;
    final List<Item> items;
    final List<Request> requests = new ArrayList<>();
    State state = State.SUBMITTING;
    String message = "";

    Tx(String id, String fingerprint, List<Item> items) {
      this.id = id;
      this.fingerprint = fingerprint;
      this.items = items;
    }

    SignatureAlgorithm algorithm() {
      return items.get(0).prepared().algorithm();
    }

    boolean hasUnreferenced() {
      return requests.stream().anyMatch(r -> r.reference == null && r.signatures == null);
    }

    List<Hash> hashes(Request r) {
      List<Hash> out = new ArrayList<>(r.count);
      for (Item i : items.subList(r.from, r.from + r.count)) {
        out.add(new Hash(i.name(), i.prepared().digest()));
      }
      return out;
    }

    List<byte[]> signatures() {
      List<byte[]> out = new ArrayList<>(items.size());
      for (Request r : requests) {
        out.addAll(r.signatures);
      }
      return out;
    }

    Row row() {
      Base64.Encoder b64 = Base64.getEncoder();
      List<Object> its = new ArrayList<>();
      for (Item i : items) {
        its.add(Json.obj("name", i.name(), "digest", b64.encodeToString(i.prepared().digest()),
            "algorithm", i.prepared().algorithm().name(), "time", i.prepared().signingTime().toString()));
      }
      List<Object> reqs = new ArrayList<>();
      for (Request r : requests) {
        List<Object> sigs = null;
        if (r.signatures != null) {
          sigs = new ArrayList<>();
          for (byte[] s : r.signatures) {
            sigs.add(b64.encodeToString(s));
          }
        }
        reqs.add(Json.obj("own", r.own, "from", r.from, "count", r.count, "reference", r.reference, "code", r.code,
            "signatures", sigs));
      }
      return new Row(id, fingerprint, state, Json.write(Json.obj("items", its, "requests", reqs)), message);
    }

    @SuppressWarnings("unchecked")
    static Tx read(Row row) {
      Map<String, Object> data = Json.parseObject(row.data());
      Base64.Decoder b64 = Base64.getDecoder();
      List<Item> items = new ArrayList<>();
      for (Object o : Json.array(data, "items")) {
        Map<String, Object> m = (Map<String, Object>) o;
        items.add(new Item(Json.string(m, "name").orElse(""), new PreparedSignature(
            b64.decode(Json.string(m, "digest").orElseThrow()),
            SignatureAlgorithm.valueOf(Json.string(m, "algorithm").orElseThrow()),
            Instant.parse(Json.string(m, "time").orElseThrow()))));
      }
      Tx tx = new Tx(row.id(), row.fingerprint(), items);
      for (Object o : Json.array(data, "requests")) {
        Map<String, Object> m = (Map<String, Object>) o;
        Request r = new Request(Json.string(m, "own").orElseThrow(), Json.number(m, "from").orElseThrow().intValue(),
            Json.number(m, "count").orElseThrow().intValue());
        r.reference = Json.string(m, "reference").orElse(null);
        r.code = Json.string(m, "code").orElse(null);
        if (m.get("signatures") instanceof List<?>) {
          r.signatures = new ArrayList<>();
          for (String s : Json.strings(m, "signatures")) {
            r.signatures.add(b64.decode(s));
          }
        }
        tx.requests.add(r);
      }
      tx.state = row.state();
      tx.message = row.message();
      return tx;
    }
  }

  /** Builds {@link RemoteSigning}. */
  public static final class Builder {
    private final TransactionStore store;
    private Duration approvalTimeout = Duration.ofMinutes(5);
    private Duration pollInterval = Duration.ofSeconds(2);
    private ApprovalListener listener = ApprovalListener.NONE;
    private Clock clock = Clock.systemUTC();

    private Builder(TransactionStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /** How long to wait for the approval (default 5 min, the services' own window). */
    public Builder approvalTimeout(Duration d) {
      this.approvalTimeout = positive(d);
      return this;
    }

    /** The first pause between polls (default 2 s); it grows by half each time up to 10 s. */
    public Builder pollInterval(Duration d) {
      this.pollInterval = positive(d);
      return this;
    }

    public Builder listener(ApprovalListener l) {
      this.listener = Objects.requireNonNull(l, "listener");
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    public RemoteSigning build() {
      return new RemoteSigning(this);
    }

    private static Duration positive(Duration d) {
      Objects.requireNonNull(d, "duration");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("The duration must be positive.");
      }
      return d;
    }
  }

}
