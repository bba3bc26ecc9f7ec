package org.kyso.token.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;
import org.kyso.core.internal.json.Json;

/**
 * Loopback simulators (real HTTP on 127.0.0.1, free port) of the Vietnamese remote signing interfaces as
 * token-drivers/README.md describes them, all signing with one real key:
 * <ul>
 *   <li>QĐ 769, VNPT layout under {@code /sca/sp769/v1} and NEAC layout under {@code /neac};
 *   <li>VNPT SmartCA gateway under {@code /smartca};
 *   <li>Viettel MySign under {@code /mysign}.
 * </ul>
 * Knobs: approval after n polls, refusal, expiry, quota used up, HTTP 500 for the next requests of a method, a slow
 * answer, a CMS answer instead of a raw value (QĐ 769), signatures at once. Counts requests per method and the
 * sign requests. Errors come the way each service sends them (QĐ 769: HTTP 200 with status_code and a Vietnamese
 * message).
 */
public final class RemoteTestServer implements AutoCloseable {
  public static final String SP_ID = "sp-portal";
  public static final String USER_ID = "001085012345";
  public static final String CLIENT_ID = "kyso-portal";
  public static final String USER = "an.nguyen";
  public static final String CREDENTIAL = "cred-an-01";
  /** The SmartCA refresh token the simulator accepts (grant_type=refresh_token). */
  public static final String REFRESH_TOKEN = "rt-Long-Lived-4410";

  /** What the user does in the app. */
  public enum Outcome { APPROVE, REFUSE, EXPIRE, QUOTA }

  /** What a QĐ 769 signature_value holds. */
  public enum Answer { RAW, CMS_NO_ATTRIBUTES, CMS_WITH_ATTRIBUTES }

  private static final class Tx {
    volatile boolean approved;
    final List<String> docIds = new ArrayList<>();
    final List<byte[]> digests = new ArrayList<>();
    final AtomicInteger polls = new AtomicInteger();
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final SigningKey key;
  private final String secret;
  private final String password;
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
  private final Map<String, Duration> delays = new ConcurrentHashMap<>();
  private final Map<String, Tx> txs = new ConcurrentHashMap<>();
  private final AtomicInteger signRequests = new AtomicInteger();
  private final AtomicInteger ids = new AtomicInteger(0x3A41F0C0);
  private final List<String> bodies = new ArrayList<>();
  private volatile int approveAfterPolls = 1;
  private volatile Outcome outcome = Outcome.APPROVE;
  private volatile Answer answer = Answer.RAW;
  private volatile boolean immediate;
  private volatile Duration mysignApproval = Duration.ZERO;
  private volatile boolean oneTimeCertificate;
  private volatile Duration callbackAfter;

  /**
   * @param key the key the "provider" signs with
   * @param secret the SP password / client secret the service expects
   * @param password the SmartCA user's password (the PIN)
   */
  public RemoteTestServer(SigningKey key, String secret, String password) throws IOException {
    this.key = key;
    this.secret = secret;
    this.password = password;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "remote-test-server");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public String qd769Key() {
    return "qd769:" + base() + "/sca/sp769/v1?sp-id=" + SP_ID + "&user-id=" + USER_ID;
  }

  /** The QĐ 769 key of a provider answering with a complete CMS. */
  public String qd769CmsKey() {
    return qd769Key() + "&signature=cms";
  }

  public String neacKey() {
    return "qd769:" + base() + "/neac?sp-id=" + SP_ID + "&user-id=" + USER_ID + "&layout=neac";
  }

  public String smartCaKey() {
    return "smartca:" + base() + "/smartca?client-id=" + CLIENT_ID + "&user=" + USER;
  }

  public String mySignKey() {
    return "mysign:" + base() + "/mysign?client-id=" + CLIENT_ID + "&user-id=" + USER_ID + "&profile-id=adss:ras";
  }

  public RemoteTestServer approveAfterPolls(int n) {
    this.approveAfterPolls = n;
    return this;
  }

  public RemoteTestServer outcome(Outcome o) {
    this.outcome = o;
    return this;
  }

  public RemoteTestServer answer(Answer a) {
    this.answer = a;
    return this;
  }

  /** QĐ 769: the sign call answers with the signatures at once. */
  public RemoteTestServer immediate(boolean b) {
    this.immediate = b;
    return this;
  }

  /**
   * SmartCA: when a sign request carries a notifyUrl, the user approves after {@code d} and the service POSTs
   * {@code {tranId, tranStatus: 1}} to that URL.
   */
  public RemoteTestServer approveByCallback(Duration d) {
    this.callbackAfter = d;
    return this;
  }

  /** QĐ 769: get_certificate lists no certificate (one is issued per signature and arrives inside the CMS). */
  public RemoteTestServer oneTimeCertificate(boolean b) {
    this.oneTimeCertificate = b;
    return this;
  }

  /** MySign: how long credentials/authorize blocks before the user "approves". */
  public RemoteTestServer mysignApproval(Duration d) {
    this.mysignApproval = d;
    return this;
  }

  /** The next {@code times} requests whose path ends with {@code suffix} get HTTP 500. */
  public RemoteTestServer failNext(String suffix, int times) {
    failures.computeIfAbsent(suffix, k -> new AtomicInteger()).set(times);
    return this;
  }

  /** Requests whose path ends with {@code suffix} are answered after this delay. */
  public RemoteTestServer delay(String suffix, Duration d) {
    delays.put(suffix, d);
    return this;
  }

  /** Sign requests received (QĐ 769 sign, SmartCA signhash, MySign authorize), whatever their outcome. */
  public int signRequests() {
    return signRequests.get();
  }

  /** Requests whose path ends with {@code suffix}. */
  public int count(String suffix) {
    int n = 0;
    for (Map.Entry<String, AtomicInteger> e : counts.entrySet()) {
      if (e.getKey().endsWith(suffix)) {
        n += e.getValue().get();
      }
    }
    return n;
  }

  /** The hashes of the last sign request, as many as it carried. */
  public int lastRequestSize() {
    return txs.values().stream().mapToInt(t -> t.digests.size()).max().orElse(0);
  }

  public synchronized List<String> bodies() {
    return List.copyOf(bodies);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ------------------------------------------------------------------------------------------------ dispatch

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      counts.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      synchronized (this) {
        bodies.add(body);
      }
      for (Map.Entry<String, Duration> d : delays.entrySet()) {
        if (path.endsWith(d.getKey())) {
          sleep(d.getValue());
        }
      }
      for (Map.Entry<String, AtomicInteger> f : failures.entrySet()) {
        if (path.endsWith(f.getKey()) && f.getValue().getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0) {
          sendText(ex, 500, "<html>Internal Server Error</html>");
          return;
        }
      }
      if (path.startsWith("/sca/sp769/v1/")) {
        qd769(ex, path.substring("/sca/sp769/v1/".length()), body, false);
      } else if (path.startsWith("/neac/")) {
        qd769(ex, path.substring("/neac/".length()), body, true);
      } else if (path.startsWith("/smartca/")) {
        smartCa(ex, path.substring("/smartca/".length()), body);
      } else if (path.startsWith("/mysign/")) {
        mySign(ex, path.substring("/mysign/".length()), body);
      } else {
        send(ex, 404, Json.obj("error", "not_found"));
      }
    } catch (RuntimeException | IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ------------------------------------------------------------------------------------------------ QĐ 769

  private void qd769(HttpExchange ex, String method, String body, boolean neac) throws Exception {
    Map<String, Object> req = body.isBlank() ? Map.of() : Json.parseObject(body);
    String certPath = neac ? "get_certificate" : "credentials/get_certificate";
    String signPath = neac ? "sign" : "signatures/sign";
    if (method.equals(certPath) || method.equals(signPath)) {
      if (!SP_ID.equals(Json.string(req, "sp_id").orElse("")) || !secret.equals(Json.string(req, "sp_password")
          .orElse(""))) {
        send(ex, 200, Json.obj("status_code", 4001, "message", "SP không hợp lệ", "data", null));
        return;
      }
      if (!USER_ID.equals(Json.string(req, "user_id").orElse(""))) {
        send(ex, 200, Json.obj("status_code", 4004, "message", "Không tìm thấy thông tin người dùng", "data", null));
        return;
      }
    }
    if (method.equals(certPath)) {
      X509Certificate c = key.certificate();
      List<X509Certificate> chain = key.certificateChain();
      List<Object> rest = new ArrayList<>();
      for (X509Certificate x : chain.subList(1, chain.size())) {
        rest.add(b64(x.getEncoded()));
      }
      Object chainData = neac ? rest : Json.obj("ca_cert", rest.isEmpty() ? null : rest.get(0),
          "root_cert", rest.size() > 1 ? rest.get(1) : null);
      send(ex, 200, Json.obj("status_code", 200, "message", "Thành công", "data", Json.obj("user_certificates",
          oneTimeCertificate ? List.of() : List.of(Json.obj("cert_id", "cert-01", "cert_status", "Đang hoạt động",
              "serial_number", c.getSerialNumber().toString(16), "cert_subject",
              c.getSubjectX500Principal().getName(), "cert_data", b64(c.getEncoded()), "chain_data", chainData,
              "service_type", "ESEAL", "service_name", "SmartCA PS0", "transaction_id",
              Json.string(req, "transaction_id").orElse(""))))));
      return;
    }
    if (method.equals(signPath)) {
      signRequests.incrementAndGet();
      if (outcome == Outcome.QUOTA) {
        send(ex, 200, Json.obj("status_code", 4013, "message", "Gói dịch vụ đã hết lượt ký, vui lòng gia hạn",
            "data", null));
        return;
      }
      Tx tx = new Tx();
      for (Object o : Json.array(req, "sign_files")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> f = (Map<String, Object>) o;
        Map<String, Object> opts = neac ? Json.object(f, "file_options") : f;
        if (!"hash".equals(Json.string(opts, "sign_type").orElse(""))) {
          send(ex, 200, Json.obj("status_code", 400, "message", "sign_type không hợp lệ", "data", null));
          return;
        }
        tx.docIds.add(Json.string(f, "doc_id").orElse(""));
        tx.digests.add(HexFormat.of().parseHex(Json.string(f, "data_to_be_signed").orElse("")));
      }
      String id = Json.string(req, "transaction_id").orElse("tx-" + ids.incrementAndGet());
      txs.put(id, tx);
      if (immediate) {
        send(ex, 200, Json.obj("status_code", 200, "message", "Thành công", "data", Json.obj("transaction_id", id,
            "signatures", qdSignatures(tx))));
        return;
      }
      send(ex, 200, Json.obj("status_code", 200, "message", "Thành công", "data", Json.obj("transaction_id", id,
          "tran_code", Integer.toHexString(ids.incrementAndGet()).toUpperCase())));
      return;
    }
    String prefix = neac ? "sign/" : "signatures/sign/";
    if (method.startsWith(prefix) && method.endsWith("/status")) {
      String id = URLDecoder.decode(method.substring(prefix.length(), method.length() - "/status".length()),
          StandardCharsets.UTF_8);
      Tx tx = txs.get(id);
      if (tx == null) {
        send(ex, 200, Json.obj("status_code", 4040, "message", "Không tìm thấy giao dịch", "data", null));
        return;
      }
      int polls = tx.polls.incrementAndGet();
      if (outcome == Outcome.REFUSE) {
        send(ex, 200, Json.obj("status_code", 4005, "message", "Người dùng từ chối ký giao dịch", "data", null));
        return;
      }
      if (outcome == Outcome.EXPIRE) {
        send(ex, 200, Json.obj("status_code", 4006, "message", "Giao dịch đã hết hạn", "data", null));
        return;
      }
      if (approveAfterPolls < 0 || polls < approveAfterPolls) {
        send(ex, 200, Json.obj("status_code", 200, "message", "Đang chờ xác nhận", "data",
            Json.obj("transaction_id", id, "signatures", null)));
        return;
      }
      send(ex, 200, Json.obj("status_code", 200, "message", "Thành công", "data", Json.obj("transaction_id", id,
          "signatures", qdSignatures(tx))));
      return;
    }
    send(ex, 404, Json.obj("status_code", 404, "message", "Không tìm thấy"));
  }

  private List<Object> qdSignatures(Tx tx) throws Exception {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < tx.digests.size(); i++) {
      byte[] d = tx.digests.get(i);
      byte[] v = switch (answer) {
        case RAW -> key.signDigest(SignatureAlgorithm.RSA_SHA256, d);
        case CMS_NO_ATTRIBUTES -> cms(d, false);
        case CMS_WITH_ATTRIBUTES -> cms(d, true);
      };
      out.add(Json.obj("doc_id", tx.docIds.get(i), "signature_value", b64(v), "timestamp_signature", null));
    }
    return out;
  }

  /** A detached CMS over {@code digest} made with the key, with or without signed attributes. */
  private byte[] cms(byte[] digest, boolean signedAttributes) throws Exception {
    AlgorithmIdentifier sha256 = new DefaultDigestAlgorithmIdentifierFinder().find("SHA-256");
    ContentSigner signer = new ContentSigner() {
      final ByteArrayOutputStream buf = new ByteArrayOutputStream();

      @Override
      public AlgorithmIdentifier getAlgorithmIdentifier() {
        return new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withRSA");
      }

      @Override
      public OutputStream getOutputStream() {
        return buf;
      }

      @Override
      public byte[] getSignature() {
        try {
          byte[] d = signedAttributes ? MessageDigest.getInstance("SHA-256").digest(buf.toByteArray()) : digest;
          return key.signDigest(SignatureAlgorithm.RSA_SHA256, d);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    };
    DigestCalculatorProvider fixed = alg -> new DigestCalculator() {
      @Override
      public AlgorithmIdentifier getAlgorithmIdentifier() {
        return sha256;
      }

      @Override
      public OutputStream getOutputStream() {
        return OutputStream.nullOutputStream();
      }

      @Override
      public byte[] getDigest() {
        return digest.clone();
      }
    };
    // as a PAdES-minded provider makes it: content type, message digest, ESS signing-certificate-v2; no signing time
    byte[] certHash = MessageDigest.getInstance("SHA-256").digest(key.certificate().getEncoded());
    org.bouncycastle.asn1.ASN1EncodableVector v = new org.bouncycastle.asn1.ASN1EncodableVector();
    v.add(new org.bouncycastle.asn1.cms.Attribute(org.bouncycastle.asn1.cms.CMSAttributes.contentType,
        new org.bouncycastle.asn1.DERSet(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.data)));
    v.add(new org.bouncycastle.asn1.cms.Attribute(org.bouncycastle.asn1.cms.CMSAttributes.messageDigest,
        new org.bouncycastle.asn1.DERSet(new org.bouncycastle.asn1.DEROctetString(digest))));
    v.add(new org.bouncycastle.asn1.cms.Attribute(
        org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_aa_signingCertificateV2,
        new org.bouncycastle.asn1.DERSet(new org.bouncycastle.asn1.ess.SigningCertificateV2(
            new org.bouncycastle.asn1.ess.ESSCertIDv2(certHash)))));
    org.bouncycastle.asn1.cms.AttributeTable table = new org.bouncycastle.asn1.cms.AttributeTable(v);
    CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
    JcaSignerInfoGeneratorBuilder sib = new JcaSignerInfoGeneratorBuilder(fixed).setDirectSignature(!signedAttributes);
    if (signedAttributes) {
      sib.setSignedAttributeGenerator(params -> table);
    }
    gen.addSignerInfoGenerator(sib.build(signer, key.certificate()));
    for (X509Certificate c : key.certificateChain()) {
      gen.addCertificate(new JcaX509CertificateHolder(c));
    }
    return gen.generate(new CMSProcessableByteArray(new byte[0]), false).getEncoded();
  }

  // ------------------------------------------------------------------------------------------------ SmartCA

  private final Map<String, Boolean> tokens = new ConcurrentHashMap<>();

  private boolean bearer(HttpExchange ex) {
    String a = ex.getRequestHeaders().getFirst("Authorization");
    return a != null && a.startsWith("Bearer ") && tokens.containsKey(a.substring(7));
  }

  private String newToken() {
    String t = "at-" + Integer.toHexString(ids.incrementAndGet());
    tokens.put(t, true);
    return t;
  }

  private void smartCa(HttpExchange ex, String method, String body) throws Exception {
    if (method.equals("auth/token")) {
      Map<String, String> form = new LinkedHashMap<>();
      for (String p : body.split("&")) {
        int eq = p.indexOf('=');
        if (eq > 0) {
          form.put(p.substring(0, eq), URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      if (!CLIENT_ID.equals(form.get("client_id")) || !secret.equals(form.get("client_secret"))) {
        send(ex, 401, Json.obj("error", "invalid_client", "error_description", "Client authentication failed"));
        return;
      }
      boolean viaRefresh = "refresh_token".equals(form.get("grant_type"))
          && REFRESH_TOKEN.equals(form.get("refresh_token"));
      if (!viaRefresh && (!USER.equals(form.get("username")) || !password.equals(form.get("password")))) {
        send(ex, 400, Json.obj("error", "invalid_grant", "error_description", "Sai tên đăng nhập hoặc mật khẩu"));
        return;
      }
      send(ex, 200, Json.obj("access_token", newToken(), "refresh_token", REFRESH_TOKEN, "token_type", "Bearer",
          "expires_in", 3600));
      return;
    }
    if (!bearer(ex)) {
      send(ex, 401, Json.obj("error", "invalid_token"));
      return;
    }
    Map<String, Object> req = body.isBlank() ? Map.of() : Json.parseObject(body);
    switch (method) {
      case "csc/credentials/list" -> send(ex, 200, Json.obj("code", 0, "message", "success",
          "content", List.of(CREDENTIAL)));
      case "csc/credentials/info" -> {
        // as the gateway's documentation shows it: certificates "single" only (answered with the chain all the same)
        if (!"single".equals(Json.string(req, "certificates").orElse(""))) {
          send(ex, 200, Json.obj("code", 400, "message", "certificates must be single", "content", null));
          return;
        }
        send(ex, 200, Json.obj("code", 0, "message", "success", "content",
            Json.obj("cert", Json.obj("status", "VALID", "certificates", chain()))));
      }
      case "csc/signature/signhash" -> {
        signRequests.incrementAndGet();
        if (outcome == Outcome.QUOTA) {
          send(ex, 200, Json.obj("code", 1, "message", "SERVICE_PACK_EXEED_OR_INVALID", "content", null));
          return;
        }
        List<Object> datas = Json.array(req, "datas");
        if (datas.isEmpty() || datas.size() > 50) {
          send(ex, 200, Json.obj("code", 2, "message", "datas must hold 1 to 50 hashes", "content", null));
          return;
        }
        Tx tx = new Tx();
        for (Object o : datas) {
          @SuppressWarnings("unchecked")
          Map<String, Object> d = (Map<String, Object>) o;
          tx.docIds.add(Json.string(d, "name").orElse(""));
          tx.digests.add(Base64.getDecoder().decode(Json.string(d, "hash").orElse("")));
        }
        String id = "tran-" + Integer.toHexString(ids.incrementAndGet());
        txs.put(id, tx);
        String notify = Json.string(req, "notifyUrl").orElse(null);
        Duration after = callbackAfter;
        if (notify != null && after != null) {
          executor.execute(() -> {
            sleep(after);
            tx.approved = true;
            try {
              java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                  java.net.URI.create(notify)).POST(java.net.http.HttpRequest.BodyPublishers.ofString(Json.write(
                      Json.obj("tranId", id, "tranStatus", 1)))).build(),
                  java.net.http.HttpResponse.BodyHandlers.discarding());
            } catch (IOException | InterruptedException e) {
              // the portal is gone: it will poll
            }
          });
        }
        send(ex, 200, Json.obj("code", 0, "message", "success", "content", Json.obj("tranId", id)));
      }
      case "csc/credentials/gettraninfo" -> {
        Tx tx = txs.get(Json.string(req, "tranId").orElse(""));
        if (tx == null) {
          send(ex, 200, Json.obj("code", 3, "message", "Transaction not found", "content", null));
          return;
        }
        int polls = tx.polls.incrementAndGet();
        int status = outcome == Outcome.REFUSE ? 4002 : outcome == Outcome.EXPIRE ? 4001
            : tx.approved ? 1 : approveAfterPolls < 0 || polls < approveAfterPolls ? 4000 : 1;
        List<Object> docs = new ArrayList<>();
        if (status == 1) {
          for (int i = 0; i < tx.digests.size(); i++) {
            docs.add(Json.obj("name", tx.docIds.get(i), "sig",
                b64(key.signDigest(SignatureAlgorithm.RSA_SHA256, tx.digests.get(i)))));
          }
        }
        send(ex, 200, Json.obj("code", 0, "message", "success", "content", Json.obj("tranStatus", status,
            "documents", status == 1 ? docs : null)));
      }
      default -> send(ex, 404, Json.obj("code", 404, "message", "not found"));
    }
  }

  // ------------------------------------------------------------------------------------------------ MySign

  private final Map<String, Integer> sads = new ConcurrentHashMap<>();

  private void mySign(HttpExchange ex, String method, String body) throws Exception {
    Map<String, Object> req = body.isBlank() ? Map.of() : Json.parseObject(body);
    if (method.equals("ras/v1/login")) {
      if (!CLIENT_ID.equals(Json.string(req, "client_id").orElse("")) || !secret.equals(
          Json.string(req, "client_secret").orElse("")) || !USER_ID.equals(Json.string(req, "user_id").orElse(""))) {
        send(ex, 401, Json.obj("error", "invalid_client", "error_description", "Login failed"));
        return;
      }
      send(ex, 200, Json.obj("access_token", newToken(), "token_type", "Bearer", "expires_in", 3600));
      return;
    }
    if (!bearer(ex)) {
      send(ex, 401, Json.obj("error", "invalid_token", "error_description", "Invalid access token"));
      return;
    }
    switch (method) {
      case "csc/v1/credentials/list" -> send(ex, 200, Json.obj("credentialIDs", List.of(CREDENTIAL)));
      case "csc/v1/credentials/info" -> send(ex, 200, Json.obj("key", Json.obj("status", "enabled"),
          "cert", Json.obj("status", "valid", "certificates", chain()), "authMode", "oauth2code"));
      case "csc/v1/credentials/authorize" -> {
        signRequests.incrementAndGet();
        sleep(mysignApproval);
        if (outcome == Outcome.REFUSE) {
          send(ex, 403, Json.obj("error", "access_denied", "error_description", "Người dùng từ chối giao dịch"));
          return;
        }
        if (outcome == Outcome.EXPIRE) {
          send(ex, 400, Json.obj("error", "expired", "error_description", "Giao dịch đã hết hạn"));
          return;
        }
        if (outcome == Outcome.QUOTA) {
          send(ex, 400, Json.obj("error", "quota", "error_description", "Hết lượt ký của gói dịch vụ"));
          return;
        }
        String sad = "sad-" + Integer.toHexString(ids.incrementAndGet());
        sads.put(sad, Json.number(req, "numSignatures").orElse(0L).intValue());
        send(ex, 200, Json.obj("SAD", sad, "expiresIn", 300));
      }
      case "csc/v1/signatures/signHash" -> {
        String sad = Json.string(req, "SAD").orElse("");
        List<String> hashes = Json.strings(req, "hash");
        Integer left = sads.get(sad);
        if (left == null || left < hashes.size()) {
          send(ex, 400, Json.obj("error", "invalid_request", "error_description", "Invalid SAD"));
          return;
        }
        sads.put(sad, left - hashes.size());
        if (!"2.16.840.1.101.3.4.2.1".equals(Json.string(req, "hashAlgo").orElse(""))) {
          send(ex, 400, Json.obj("error", "invalid_request", "error_description", "Unsupported hashAlgo"));
          return;
        }
        List<Object> sigs = new ArrayList<>();
        for (String h : hashes) {
          sigs.add(b64(key.signDigest(SignatureAlgorithm.RSA_SHA256, Base64.getDecoder().decode(h))));
        }
        send(ex, 200, Json.obj("signatures", sigs));
      }
      default -> send(ex, 404, Json.obj("error", "not_found"));
    }
  }

  private List<Object> chain() throws Exception {
    List<Object> out = new ArrayList<>();
    for (X509Certificate c : key.certificateChain()) {
      out.add(b64(c.getEncoded()));
    }
    return out;
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  private static void send(HttpExchange ex, int status, Map<String, Object> body) throws IOException {
    byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void sendText(HttpExchange ex, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
