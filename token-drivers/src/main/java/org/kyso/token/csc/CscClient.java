package org.kyso.token.csc;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.kyso.core.KysoException;
import org.kyso.core.Pin;
import org.kyso.core.PinSource;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.TokenException;
import org.kyso.core.TokenException.Reason;
import org.kyso.token.KeyOptions;
import org.kyso.core.internal.json.Json;
import org.kyso.token.internal.csc.CscErrors;
import org.kyso.token.internal.csc.CscTransport;
import org.kyso.token.internal.csc.CscTransport.Replay;
import org.kyso.token.internal.csc.CscTransport.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of a remote signing service speaking the Cloud Signature Consortium API v2: {@code info},
 * OAuth2 client credentials ({@code oauth2/token}), {@code credentials/list}, {@code credentials/info},
 * {@code credentials/authorize}, {@code signatures/signHash}. Signing goes through {@link CscToken} and the keys
 * it hands out.
 *
 * <pre>{@code
 * CscClient client = CscClient.create(CscUri.parse("csc:https://ca.example/csc/v2?client-id=portal"),
 *     KeyOptions.builder(PinSource.console()).cscClientSecret(PinSource.environment("CSC_SECRET")).build());
 * for (CscCredential c : client.credentials()) {
 *   System.out.println(c.id() + " " + c.certificate().map(X509Certificate::getSubjectX500Principal).orElse(null));
 * }
 * }</pre>
 *
 * <p>Thread-safe. The OAuth2 access token is fetched when first needed, kept until it expires, and fetched again
 * once when the service answers 401. Plain {@code http} is refused except to loopback addresses.
 */
public final class CscClient {
  private static final Logger LOG = LoggerFactory.getLogger(CscClient.class);

  private final CscUri uri;
  private final KeyOptions options;
  private final CscTransport transport;
  private final Clock clock;
  private volatile CscInfo info;
  private String accessToken;
  private Instant accessTokenExpiry = Instant.MIN;

  private CscClient(CscUri uri, KeyOptions options, Clock clock) {
    this.uri = uri;
    this.options = options;
    this.clock = clock;
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(options.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    this.transport = new CscTransport(http, options.requestTimeout(), options.retries());
  }

  /**
   * A client for the service {@code uri} names. Nothing is sent until a method is called.
   *
   * @param options the PIN/OTP sources (used by keys), the client secret source, timeouts, batch size
   */
  public static CscClient create(CscUri uri, KeyOptions options) {
    return new CscClient(Objects.requireNonNull(uri, "uri"), Objects.requireNonNull(options, "options"),
        Clock.systemUTC());
  }

  public CscUri uri() {
    return uri;
  }

  KeyOptions options() {
    return options;
  }

  /**
   * What the service says about itself; asked once and remembered.
   *
   * @throws ServiceUnavailableException if the service cannot be reached
   */
  public CscInfo info() throws KysoException {
    CscInfo i = info;
    if (i != null) {
      return i;
    }
    Response r = transport.post(uri.method("info"), Json.writeUtf8(Json.obj("lang", "en-US")), "application/json",
        null, Replay.SAFE);
    if (r.status() / 100 != 2) {
      throw CscErrors.map("info", r, null, host());
    }
    Map<String, Object> b = r.body();
    Optional<URI> oauth2 = Json.string(b, "oauth2").filter(s -> !s.isBlank()).map(s -> {
      URI o = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
      CscUri.checkTransport(o);
      return o;
    });
    i = new CscInfo(Json.string(b, "specs").orElse(""), Json.string(b, "name").orElse(""),
        Json.string(b, "region").orElse(""), Json.string(b, "description").orElse(""), Json.strings(b, "authType"),
        oauth2, Json.strings(b, "methods"));
    info = i;
    return i;
  }

  /** The ids of the credentials this client may use ({@code credentials/list}). */
  public List<String> credentialIds() throws KysoException {
    Response r = call("credentials/list", Json.obj("maxResults", 100), Replay.SAFE, null);
    return Json.strings(r.body(), "credentialIDs");
  }

  /** Every credential with its certificate and authorisation details. */
  public List<CscCredential> credentials() throws KysoException {
    Response r = call("credentials/list", Json.obj("credentialInfo", true, "certificates", "chain",
        "certInfo", false, "authInfo", true, "maxResults", 100), Replay.SAFE, null);
    List<String> ids = Json.strings(r.body(), "credentialIDs");
    List<Object> infos = Json.array(r.body(), "credentialInfos");
    List<CscCredential> out = new ArrayList<>();
    for (String id : ids) {
      Map<String, Object> described = null;
      for (Object o : infos) {
        if (o instanceof Map<?, ?> m && id.equals(m.get("credentialID"))) {
          @SuppressWarnings("unchecked")
          Map<String, Object> mm = (Map<String, Object>) m;
          described = mm;
        }
      }
      out.add(described != null ? parseCredential(id, described) : credential(id));
    }
    return List.copyOf(out);
  }

  /**
   * One credential ({@code credentials/info}).
   *
   * @throws TokenException with {@code KEY_NOT_FOUND} if the service does not know it
   */
  public CscCredential credential(String id) throws KysoException {
    Objects.requireNonNull(id, "id");
    Response r = call("credentials/info", Json.obj("credentialID", id, "certificates", "chain", "certInfo", false,
        "authInfo", true), Replay.SAFE, id);
    return parseCredential(id, r.body());
  }

  /** A token over this client's credentials; fetches the OAuth2 access token now, as a login. */
  public CscToken open() throws KysoException {
    accessToken(false);
    return new CscToken(this);
  }

  // ---------------------------------------------------------------- calls

  /**
   * POSTs a CSC method with the access token; maps error answers. Answers 2xx (202 included) are returned.
   * A 401 fetches a new access token and sends once more: the service refused the request, so it had no effect.
   */
  Response call(String method, Map<String, Object> body, Replay replay, String credential) throws KysoException {
    return send(method, body, replay, credential, true);
  }

  /** Like {@link #call} but returns 4xx answers too, for the caller to interpret. */
  Response send(String method, Map<String, Object> body, Replay replay, String credential, boolean mapErrors)
      throws KysoException {
    byte[] bytes = Json.writeUtf8(body);
    try {
      for (int attempt = 0; ; attempt++) {
        Response r = transport.post(uri.method(method), bytes, "application/json", accessToken(attempt > 0),
            replay);
        if (r.status() == 401 && attempt == 0 && uri.clientId().isPresent()) {
          LOG.debug("{} answered 401 to {}: fetching a new access token", host(), method);
          continue;
        }
        if (mapErrors && r.status() / 100 != 2) {
          throw CscErrors.map(method, r, credential, host());
        }
        return r;
      }
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  String host() {
    return uri.base().getHost() + (uri.base().getPort() > 0 ? ":" + uri.base().getPort() : "");
  }

  /** The bearer token, fetched when missing, expired or {@code renew}; null when no client id is configured. */
  private synchronized String accessToken(boolean renew) throws KysoException {
    if (uri.clientId().isEmpty()) {
      return null;
    }
    if (!renew && accessToken != null && clock.instant().isBefore(accessTokenExpiry)) {
      return accessToken;
    }
    URI tokenUrl = info().oauth2().map(o -> URI.create(o + "/oauth2/token")).orElse(uri.method("oauth2/token"));
    CscUri.checkTransport(tokenUrl);
    byte[] form = form(uri.clientId().get());
    Response r;
    try {
      r = transport.post(tokenUrl, form, "application/x-www-form-urlencoded", null, Replay.SAFE);
    } finally {
      Arrays.fill(form, (byte) 0);
    }
    if (r.status() / 100 != 2) {
      throw CscErrors.map("oauth2/token", r, null, host());
    }
    String token = Json.string(r.body(), "access_token").orElseThrow(() -> new TokenException(Reason.FAILED,
        "The signing service at " + host() + " gave no OAuth2 access token."));
    long expiresIn = Json.number(r.body(), "expires_in").orElse(3600L);
    accessToken = token;
    // renew a little early so that a long batch does not use a token that expires in flight
    accessTokenExpiry = clock.instant().plusSeconds(Math.max(1, expiresIn - Math.min(30, expiresIn / 10)));
    LOG.debug("obtained an OAuth2 access token from {} for client {}", host(), uri.clientId().get());
    return token;
  }

  /** {@code grant_type=client_credentials&client_id=…[&client_secret=…]}, built without a String for the secret. */
  private byte[] form(String clientId) throws KysoException {
    byte[] prefix = ("grant_type=client_credentials&client_id="
        + java.net.URLEncoder.encode(clientId, StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII);
    Optional<PinSource> secretSource = options.cscClientSecret();
    if (secretSource.isEmpty()) {
      return prefix;
    }
    char[] secret;
    try (Pin p = secretSource.get().read("Client secret for " + clientId + " at " + host())) {
      secret = p.chars();
    }
    ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
    Arrays.fill(secret, '\0');
    byte[] name = "&client_secret=".getBytes(StandardCharsets.US_ASCII);
    byte[] buf = new byte[prefix.length + name.length + 3 * bb.remaining()];
    System.arraycopy(prefix, 0, buf, 0, prefix.length);
    System.arraycopy(name, 0, buf, prefix.length, name.length);
    int n = prefix.length + name.length;
    while (bb.hasRemaining()) {
      int c = bb.get() & 0xFF;
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~';
      if (plain) {
        buf[n++] = (byte) c;
      } else {
        buf[n++] = '%';
        buf[n++] = (byte) Character.toUpperCase(Character.forDigit(c >> 4, 16));
        buf[n++] = (byte) Character.toUpperCase(Character.forDigit(c & 0xF, 16));
      }
    }
    Arrays.fill(bb.array(), (byte) 0);
    byte[] out = Arrays.copyOf(buf, n);
    Arrays.fill(buf, (byte) 0);
    return out;
  }

  // ---------------------------------------------------------------- parsing

  static CscCredential parseCredential(String id, Map<String, Object> b) throws TokenException {
    Map<String, Object> key = Json.object(b, "key");
    Map<String, Object> cert = Json.object(b, "cert");
    List<X509Certificate> certs = new ArrayList<>();
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      for (String s : Json.strings(cert, "certificates")) {
        certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(Base64.getMimeDecoder().decode(s))));
      }
    } catch (CertificateException | IllegalArgumentException e) {
      throw new TokenException(Reason.FAILED, "The signing service sent an unreadable certificate for credential '"
          + id + "'.", e);
    }
    // v2 "auth" object; v1 "authMode" with "PIN"/"OTP" presence as a fallback
    Map<String, Object> auth = Json.object(b, "auth");
    String mode = Json.string(auth, "mode").or(() -> Json.string(b, "authMode")).orElse("implicit")
        .toLowerCase(Locale.ROOT);
    boolean pin = false;
    boolean otp = false;
    for (Object o : Json.array(auth, "objects")) {
      if (o instanceof Map<?, ?> m) {
        String oid = String.valueOf(m.get("id")).toUpperCase(Locale.ROOT);
        pin |= oid.equals("PIN");
        otp |= oid.equals("OTP");
      }
    }
    pin |= "true".equalsIgnoreCase(Json.string(Json.object(b, "PIN"), "presence").orElse(""));
    otp |= "true".equalsIgnoreCase(Json.string(Json.object(b, "OTP"), "presence").orElse(""));
    CscCredential.AuthMode am = switch (mode) {
      case "explicit" -> CscCredential.AuthMode.EXPLICIT;
      case "oauth2code" -> CscCredential.AuthMode.OAUTH2_CODE;
      default -> CscCredential.AuthMode.IMPLICIT;
    };
    if (am == CscCredential.AuthMode.EXPLICIT && !pin && !otp) {
      pin = true; // explicit without details: the usual case is a PIN
    }
    int scal = Json.number(b, "SCAL").orElse(1L).intValue();
    int multisign = (int) Math.max(1, Json.number(b, "multisign").orElse(1L));
    return new CscCredential(id, Json.string(b, "description").orElse(""),
        "enabled".equalsIgnoreCase(Json.string(key, "status").orElse("enabled")), Json.strings(key, "algo"),
        Json.number(key, "len").orElse(0L).intValue(), certs, am, pin, otp, scal == 2 ? 2 : 1, multisign);
  }

  @Override
  public String toString() {
    return "CscClient[" + uri + "]";
  }
}
