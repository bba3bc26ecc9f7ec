package org.kyso.token.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.kyso.core.DigestAlgorithm;
import org.kyso.core.KysoException;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;
import org.kyso.core.internal.json.Json;

/**
 * A Cloud Signature Consortium API v2 service for tests, on 127.0.0.1 with a free port, signing with real keys
 * (SoftHSM through {@code Pkcs11Token}, or any {@link SigningKey}). It implements {@code info},
 * {@code oauth2/token} (client credentials), {@code credentials/list}, {@code credentials/info},
 * {@code credentials/authorize}, {@code credentials/authorizeCheck} and {@code signatures/signHash} as kyso's
 * client expects them (see token-drivers/README.md), and counts every request per method.
 *
 * <p>Knobs for the failure modes: wrong PIN/OTP (and a lock after three), asynchronous approval after a number
 * of polls or refusal, SAD lifetime (zero: every SAD is already expired), "SAD expired" for the next signHash
 * requests, HTTP errors for the next requests of a method, delays, raw ECDSA values, revoked access tokens.
 */
public final class CscTestServer implements AutoCloseable {
  public static final String BASE_PATH = "/csc/v2";

  /** How a credential's signatures are authorised. */
  public enum Auth {
    /** explicit, PIN in authData */
    PIN,
    /** explicit, OTP in authData */
    OTP,
    /** explicit, PIN and OTP */
    PIN_AND_OTP,
    /** implicit: the SAD comes at once */
    IMPLICIT,
    /** implicit, approved on the user's phone: authorize answers 202, authorizeCheck polls */
    ASYNC_APPROVAL
  }

  private record Credential(String id, SigningKey key, Auth auth, int scal, int multisign) {}

  private record Sad(String credential, Instant expires, AtomicInteger remaining, Set<String> hashes) {}

  private static final class Pending {
    final String credential;
    final int numSignatures;
    final Set<String> hashes;
    final AtomicInteger polls = new AtomicInteger();

    Pending(String credential, int numSignatures, Set<String> hashes) {
      this.credential = credential;
      this.numSignatures = numSignatures;
      this.hashes = hashes;
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Credential> credentials = new LinkedHashMap<>();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
  private final Map<String, Integer> failureStatus = new ConcurrentHashMap<>();
  private final Map<String, Duration> delays = new ConcurrentHashMap<>();
  private final Map<String, Sad> sads = new ConcurrentHashMap<>();
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final Set<String> accessTokens = ConcurrentHashMap.newKeySet();
  private final AtomicInteger wrongPins = new AtomicInteger();
  private final AtomicInteger sadExpiredAnswers = new AtomicInteger();
  private volatile String clientId;
  private volatile String clientSecret;
  private volatile String pin = "246810";
  private volatile String otp = "135790";
  private volatile Duration sadLifetime = Duration.ofMinutes(5);
  private volatile int approveAfterPolls = 2;
  private volatile boolean refuseApproval;
  private volatile boolean rawEcdsa;
  private volatile int maxHashesPerRequest = 1000;
  private final List<String> requestBodies = new ArrayList<>();

  public CscTestServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "csc-test-server");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext(BASE_PATH + "/", this::handle);
    server.start();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:41234/csc/v2}. */
  public URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + BASE_PATH);
  }

  /** {@code csc:BASE?credential=ID[&client-id=…]} for {@code Keys.open}. */
  public String spec(String credential) {
    return "csc:" + base() + "?credential=" + credential + (clientId == null ? "" : "&client-id=" + clientId);
  }

  /** Adds a credential signing with {@code key}. multisign 1000, SCAL 1 unless given. */
  public CscTestServer credential(String id, SigningKey key, Auth auth) {
    return credential(id, key, auth, 1, 1000);
  }

  public synchronized CscTestServer credential(String id, SigningKey key, Auth auth, int scal, int multisign) {
    credentials.put(id, new Credential(id, key, auth, scal, multisign));
    return this;
  }

  /** Requires OAuth2 client credentials (then every method but info and oauth2/token needs a bearer token). */
  public CscTestServer oauth(String id, String secret) {
    this.clientId = id;
    this.clientSecret = secret;
    return this;
  }

  public String pin() {
    return pin;
  }

  public String otp() {
    return otp;
  }

  /** How long a SAD stays valid; zero makes every SAD expired at once. */
  public CscTestServer sadLifetime(Duration d) {
    this.sadLifetime = d;
    return this;
  }

  /** Asynchronous approval: the SAD comes on the n-th authorizeCheck (n < 0: never). */
  public CscTestServer approveAfterPolls(int n) {
    this.approveAfterPolls = n;
    return this;
  }

  /** Asynchronous approval: the user refuses. */
  public CscTestServer refuseApproval(boolean refuse) {
    this.refuseApproval = refuse;
    return this;
  }

  /** signHash answers raw r||s for ECDSA instead of DER, as some services do. */
  public CscTestServer rawEcdsa(boolean raw) {
    this.rawEcdsa = raw;
    return this;
  }

  public CscTestServer maxHashesPerRequest(int n) {
    this.maxHashesPerRequest = n;
    return this;
  }

  /** The next {@code times} requests of {@code method} (e.g. "signatures/signHash") get HTTP {@code status}. */
  public CscTestServer failNext(String method, int status, int times) {
    failureStatus.put(method, status);
    failures.computeIfAbsent(method, k -> new AtomicInteger()).set(times);
    return this;
  }

  /** Answers to {@code method} wait this long first. */
  public CscTestServer delay(String method, Duration d) {
    delays.put(method, d);
    return this;
  }

  /** The next {@code times} signHash requests are answered "SAD expired" (before anything is signed). */
  public CscTestServer expireNextSads(int times) {
    sadExpiredAnswers.set(times);
    return this;
  }

  /** Forgets every access token issued, as when they expire. */
  public void revokeAccessTokens() {
    accessTokens.clear();
  }

  /** How many requests {@code method} (e.g. "credentials/authorize") received. */
  public int count(String method) {
    AtomicInteger c = counts.get(method);
    return c == null ? 0 : c.get();
  }

  /** Every request body received, for tests that check what was (not) sent. */
  public synchronized List<String> requestBodies() {
    return List.copyOf(requestBodies);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---------------------------------------------------------------- handling

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestURI().getPath().substring(BASE_PATH.length() + 1);
      counts.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      synchronized (this) {
        requestBodies.add(body);
      }
      Duration delay = delays.get(method);
      if (delay != null) {
        try {
          Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      AtomicInteger f = failures.get(method);
      if (f != null && f.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0) {
        send(ex, failureStatus.get(method), Json.obj("error", "server_error", "error_description", "injected failure"));
        return;
      }
      if (!"POST".equals(ex.getRequestMethod())) {
        send(ex, 405, Json.obj("error", "invalid_request", "error_description", "POST only"));
        return;
      }
      if (method.equals("oauth2/token")) {
        token(ex, body);
        return;
      }
      if (!method.equals("info") && clientId != null) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !accessTokens.contains(auth.substring(7))) {
          send(ex, 401, Json.obj("error", "invalid_token", "error_description", "Invalid or expired access token"));
          return;
        }
      }
      Map<String, Object> req;
      try {
        req = Json.parseObject(body.isEmpty() ? "{}" : body);
      } catch (IllegalArgumentException e) {
        send(ex, 400, Json.obj("error", "invalid_request", "error_description", "Malformed JSON"));
        return;
      }
      switch (method) {
        case "info" -> send(ex, 200, Json.obj("specs", "2.0.0.2", "name", "kyso test CSC", "logo", "",
            "region", "VN", "lang", "en-US", "description", "A CSC service for kyso's tests",
            "authType", List.of("oauth2client"), "methods", List.of("credentials/list", "credentials/info",
                "credentials/authorize", "credentials/authorizeCheck", "signatures/signHash")));
        case "credentials/list" -> list(ex, req);
        case "credentials/info" -> {
          Credential c = credential(req);
          if (c == null) {
            send(ex, 400, Json.obj("error", "invalid_request", "error_description", "Invalid parameter credentialID"));
          } else {
            send(ex, 200, describe(c));
          }
        }
        case "credentials/authorize" -> authorize(ex, req);
        case "credentials/authorizeCheck" -> authorizeCheck(ex, req);
        case "signatures/signHash" -> signHash(ex, req);
        default -> send(ex, 404, Json.obj("error", "invalid_request", "error_description", "Unknown method"));
      }
    } catch (RuntimeException | KysoException e) {
      try {
        send(ex, 500, Json.obj("error", "server_error", "error_description", e.getClass().getSimpleName()));
      } catch (IOException ignored) {
        // the client left
      }
    }
  }

  private void token(HttpExchange ex, String body) throws IOException {
    Map<String, String> form = new HashMap<>();
    for (String part : body.split("&")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        form.put(URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    if (!"client_credentials".equals(form.get("grant_type")) || clientId == null
        || !clientId.equals(form.get("client_id")) || !Objects.equals(clientSecret, form.get("client_secret"))) {
      send(ex, 401, Json.obj("error", "invalid_client", "error_description", "Client authentication failed"));
      return;
    }
    String token = randomId();
    accessTokens.add(token);
    send(ex, 200, Json.obj("access_token", token, "token_type", "Bearer", "expires_in", 3600));
  }

  private synchronized Credential credential(Map<String, Object> req) {
    return credentials.get(Json.string(req, "credentialID").orElse(""));
  }

  private void list(HttpExchange ex, Map<String, Object> req) throws IOException {
    List<Credential> all;
    synchronized (this) {
      all = new ArrayList<>(credentials.values());
    }
    List<Object> ids = new ArrayList<>();
    List<Object> infos = new ArrayList<>();
    for (Credential c : all) {
      ids.add(c.id());
      Map<String, Object> d = new LinkedHashMap<>(describe(c));
      d.put("credentialID", c.id());
      infos.add(d);
    }
    boolean withInfo = Json.bool(req, "credentialInfo").orElse(false);
    send(ex, 200, Json.obj("credentialIDs", ids, "credentialInfos", withInfo ? infos : null));
  }

  private Map<String, Object> describe(Credential c) {
    X509Certificate cert = c.key().certificate();
    List<Object> chain = new ArrayList<>();
    try {
      for (X509Certificate x : c.key().certificateChain()) {
        chain.add(Base64.getEncoder().encodeToString(x.getEncoded()));
      }
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
    boolean rsa = c.key().keyType() == SignatureAlgorithm.KeyType.RSA;
    List<Object> objects = new ArrayList<>();
    if (c.auth() == Auth.PIN || c.auth() == Auth.PIN_AND_OTP) {
      objects.add(Json.obj("type", "Password", "id", "PIN", "format", "N", "label", "PIN"));
    }
    if (c.auth() == Auth.OTP || c.auth() == Auth.PIN_AND_OTP) {
      objects.add(Json.obj("type", "Password", "id", "OTP", "format", "N", "label", "OTP", "generator", "totp"));
    }
    String mode = switch (c.auth()) {
      case PIN, OTP, PIN_AND_OTP -> "explicit";
      default -> "implicit";
    };
    return Json.obj("description", "test credential " + c.id(),
        "key", Json.obj("status", "enabled", "algo", rsa
            ? List.of("1.2.840.113549.1.1.1", "1.2.840.113549.1.1.10") : List.of("1.2.840.10045.2.1"),
            "len", rsa ? 2048 : 256),
        "cert", Json.obj("status", "valid", "certificates", chain,
            "subjectDN", cert.getSubjectX500Principal().getName()),
        "auth", Json.obj("mode", mode, "objects", objects.isEmpty() ? null : objects),
        "SCAL", String.valueOf(c.scal()), "multisign", c.multisign(), "lang", "en-US");
  }

  private void authorize(HttpExchange ex, Map<String, Object> req) throws IOException {
    Credential c = credential(req);
    if (c == null) {
      send(ex, 400, Json.obj("error", "invalid_request", "error_description", "Invalid parameter credentialID"));
      return;
    }
    int n = Json.number(req, "numSignatures").orElse(0L).intValue();
    if (n < 1 || n > c.multisign()) {
      send(ex, 400, Json.obj("error", "invalid_request", "error_description", "Invalid parameter numSignatures"));
      return;
    }
    Set<String> hashes = new HashSet<>(Json.strings(req, "hashes"));
    if (c.scal() == 2 && hashes.size() != n) {
      send(ex, 400, Json.obj("error", "invalid_request", "error_description", "SCAL2 needs one hash per signature"));
      return;
    }
    Map<String, String> authData = new HashMap<>();
    for (Object o : Json.array(req, "authData")) {
      if (o instanceof Map<?, ?> m) {
        authData.put(String.valueOf(m.get("id")), String.valueOf(m.get("value")));
      }
    }
    if (c.auth() == Auth.PIN || c.auth() == Auth.PIN_AND_OTP || c.auth() == Auth.OTP) {
      if (wrongPins.get() >= 3) {
        send(ex, 400, Json.obj("error", "invalid_request", "error_description", "The PIN is locked"));
        return;
      }
      boolean pinOk = c.auth() == Auth.OTP || pin.equals(authData.get("PIN"));
      boolean otpOk = c.auth() == Auth.PIN || otp.equals(authData.get("OTP"));
      if (!pinOk || !otpOk) {
        wrongPins.incrementAndGet();
        send(ex, 400, pinOk ? Json.obj("error", "invalid_otp", "error_description", "The OTP is not valid")
            : Json.obj("error", "invalid_pin", "error_description", "The PIN is not valid"));
        return;
      }
      wrongPins.set(0);
    }
    if (c.auth() == Auth.ASYNC_APPROVAL) {
      String id = randomId();
      pending.put(id, new Pending(c.id(), n, hashes));
      send(ex, 202, Json.obj("responseID", id));
      return;
    }
    send(ex, 200, issueSad(c.id(), n, hashes));
  }

  private void authorizeCheck(HttpExchange ex, Map<String, Object> req) throws IOException {
    Pending p = pending.get(Json.string(req, "responseID").orElse(""));
    if (p == null || !p.credential.equals(Json.string(req, "credentialID").orElse(""))) {
      send(ex, 400, Json.obj("error", "invalid_request", "error_description", "Invalid parameter responseID"));
      return;
    }
    int polls = p.polls.incrementAndGet();
    if (refuseApproval) {
      pending.remove(Json.string(req, "responseID").orElse(""));
      send(ex, 400, Json.obj("error", "access_denied", "error_description", "The user refused to sign"));
      return;
    }
    if (approveAfterPolls < 0 || polls < approveAfterPolls) {
      send(ex, 202, Json.obj("responseID", Json.string(req, "responseID").orElse("")));
      return;
    }
    pending.remove(Json.string(req, "responseID").orElse(""));
    send(ex, 200, issueSad(p.credential, p.numSignatures, p.hashes));
  }

  private Map<String, Object> issueSad(String credential, int n, Set<String> hashes) {
    String sad = randomId();
    sads.put(sad, new Sad(credential, Instant.now().plus(sadLifetime), new AtomicInteger(n), Set.copyOf(hashes)));
    return Json.obj("SAD", sad, "expiresIn", sadLifetime.toSeconds());
  }

  private void signHash(HttpExchange ex, Map<String, Object> req) throws IOException, KysoException {
    Credential c = credential(req);
    if (c == null) {
      send(ex, 400, Json.obj("error", "invalid_request", "error_description", "Invalid parameter credentialID"));
      return;
    }
    List<String> hashes = Json.strings(req, "hashes");
    Sad sad = sads.get(Json.string(req, "SAD").orElse(""));
    if (sadExpiredAnswers.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0
        || (sad != null && !Instant.now().isBefore(sad.expires()))) {
      send(ex, 400, Json.obj("error", "invalid_request", "error_description", "SAD expired"));
      return;
    }
    if (sad == null || !sad.credential().equals(c.id())) {
      send(ex, 400, Json.obj("error", "invalid_request", "error_description", "Invalid parameter SAD"));
      return;
    }
    if (hashes.isEmpty() || hashes.size() > maxHashesPerRequest) {
      send(ex, 400, Json.obj("error", "invalid_request", "error_description", "Invalid parameter hashes"));
      return;
    }
    if (!sad.hashes().isEmpty() && !sad.hashes().containsAll(hashes)) {
      send(ex, 400, Json.obj("error", "invalid_request", "error_description", "Hash not authorised by the SAD"));
      return;
    }
    if (sad.remaining().addAndGet(-hashes.size()) < 0) {
      send(ex, 400, Json.obj("error", "invalid_request", "error_description", "numSignatures exceeded for the SAD"));
      return;
    }
    SignatureAlgorithm alg = algorithm(c, Json.string(req, "signAlgo").orElse(""),
        Json.string(req, "hashAlgorithmOID").orElse(""));
    if (alg == null) {
      send(ex, 400, Json.obj("error", "invalid_request", "error_description", "Unsupported signAlgo"));
      return;
    }
    List<byte[]> digests = new ArrayList<>();
    for (String h : hashes) {
      digests.add(Base64.getDecoder().decode(h));
    }
    List<Object> out = new ArrayList<>();
    for (byte[] sig : c.key().signDigests(alg, digests)) {
      out.add(Base64.getEncoder().encodeToString(rawEcdsa && alg.keyType() == SignatureAlgorithm.KeyType.EC
          ? derToRaw(sig, 32) : sig));
    }
    send(ex, 200, Json.obj("signatures", out));
  }

  private static SignatureAlgorithm algorithm(Credential c, String signAlgo, String hashOid) {
    DigestAlgorithm d = null;
    for (DigestAlgorithm x : DigestAlgorithm.values()) {
      if (x.oid().equals(hashOid)) {
        d = x;
      }
    }
    Map<String, DigestAlgorithm> sigOids = Map.of("1.2.840.113549.1.1.11", DigestAlgorithm.SHA256,
        "1.2.840.113549.1.1.12", DigestAlgorithm.SHA384, "1.2.840.113549.1.1.13", DigestAlgorithm.SHA512,
        "1.2.840.10045.4.3.2", DigestAlgorithm.SHA256, "1.2.840.10045.4.3.3", DigestAlgorithm.SHA384,
        "1.2.840.10045.4.3.4", DigestAlgorithm.SHA512);
    if (sigOids.containsKey(signAlgo)) {
      if (d != null && d != sigOids.get(signAlgo)) {
        return null;
      }
      d = sigOids.get(signAlgo);
    }
    if (d == null) {
      return null;
    }
    SignatureAlgorithm.KeyType kt = c.key().keyType();
    boolean pss = signAlgo.equals("1.2.840.113549.1.1.10");
    boolean rsaOid = signAlgo.startsWith("1.2.840.113549.1.1.");
    if ((kt == SignatureAlgorithm.KeyType.RSA) != rsaOid) {
      return null;
    }
    return SignatureAlgorithm.of(kt, d, pss);
  }

  /** DER SEQUENCE{r,s} to fixed-length r||s. */
  static byte[] derToRaw(byte[] der, int n) {
    int pos = 2;
    if ((der[1] & 0x80) != 0) {
      pos = 2 + (der[1] & 0x7F);
    }
    byte[] out = new byte[2 * n];
    for (int i = 0; i < 2; i++) {
      int len = der[pos + 1] & 0xFF;
      int start = pos + 2;
      int skip = 0;
      while (len - skip > n) {
        skip++;
      }
      System.arraycopy(der, start + skip, out, i * n + (n - (len - skip)), len - skip);
      pos = start + len;
    }
    return out;
  }

  private String randomId() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static void send(HttpExchange ex, int status, Map<String, Object> body) throws IOException {
    byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
