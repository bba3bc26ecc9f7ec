package org.kyso.token.internal.remote;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kyso.core.KysoException;
import org.kyso.core.Pin;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.TokenException;
import org.kyso.core.TokenException.Reason;
import org.kyso.token.KeyOptions;
import org.kyso.core.internal.json.Json;
import org.kyso.token.internal.csc.CscTransport.Replay;
import org.kyso.token.internal.csc.CscTransport.Response;
import org.kyso.token.remote.RemoteSigningService;
import org.kyso.token.remote.RemoteUri;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VNPT SmartCA's gateway: OAuth2 password grant at {@code {base}/auth/token} (client id + client secret, the user's
 * name + password), {@code csc/credentials/list}, {@code csc/credentials/info}, {@code csc/signature/signhash} with
 * at most 50 hashes (one transaction approved in the app), {@code csc/credentials/gettraninfo} polled until
 * {@code tranStatus} 1 (done), 4001 (expired), 4002 (refused), 4003/4004 (failed); 4000 is waiting. Answers are
 * read as {@code {code, message, content}} (code 0 = success); {@code SERVICE_PACK_EXEED_OR_INVALID} is the quota.
 */
public final class SmartCaService implements RemoteSigningService {
  private static final Logger LOG = LoggerFactory.getLogger(SmartCaService.class);

  /** A credential of the user. */

  private final RemoteUri uri;
  private final ServiceHttp http;
  private final String describe;
  private final String accessToken;
  private final List<RemoteCredential> credentials;
  private final RemoteCredential chosen;

  private SmartCaService(RemoteUri uri, KeyOptions options) throws KysoException {
    this.uri = uri;
    this.describe = "VNPT SmartCA at " + uri.base().getHost() + (uri.base().getPort() > 0 ? ":" + uri.base().getPort()
        : "");
    this.http = new ServiceHttp(options, describe);
    this.accessToken = login(options);
    this.credentials = fetchCredentials();
    this.chosen = RemoteCredential.choose(credentials, uri.param("credential"), describe, uri.required("user"));
  }

  public static RemoteUri parse(String spec) {
    String grant = RemoteUri.parse(spec, "smartca", Set.of("client-id", "user", "credential", "notify-url", "grant"))
        .param("grant").orElse("password");
    if (!grant.equalsIgnoreCase("password") && !grant.equalsIgnoreCase("refresh-token")) {
      throw new IllegalArgumentException("The smartca grant= parameter takes password or refresh-token.");
    }
    return RemoteUri.parse(spec, "smartca", Set.of("client-id", "user", "credential", "notify-url", "grant"));
  }

  public static SmartCaService open(RemoteUri uri, KeyOptions options) throws KysoException {
    uri.required("client-id");
    uri.required("user");
    return new SmartCaService(uri, options);
  }

  public List<RemoteCredential> credentials() {
    return credentials;
  }

  private String login(KeyOptions options) throws KysoException {
    char[] secret = ServiceHttp.secret(options, "The SmartCA client secret");
    char[] password;
    try (Pin p = options.pin().read("SmartCA password of " + uri.required("user"))) {
      password = p.chars();
    }
    byte[] body = null;
    try {
      // grant=refresh-token: the PIN source holds a refresh token (valid about three months) instead of the password
      boolean refresh = uri.param("grant").map(g -> g.equalsIgnoreCase("refresh-token")).orElse(false);
      StringBuilder head = new StringBuilder("grant_type=" + (refresh ? "refresh_token" : "password") + "&client_id=")
          .append(URLEncoder.encode(uri.required("client-id"), StandardCharsets.UTF_8))
          .append("&username=").append(URLEncoder.encode(uri.required("user"), StandardCharsets.UTF_8));
      body = form(head.toString(), "client_secret", secret, refresh ? "refresh_token" : "password", password);
      Response r = http.postForm(uri.method("auth/token"), body, Replay.SAFE);
      if (r.status() / 100 != 2) {
        String err = r.error();
        if ("invalid_grant".equalsIgnoreCase(err)) {
          throw new TokenException(Reason.WRONG_PIN, describe + " refused the password or refresh token of user "
              + uri.required("user") + " (" + ServiceErrors.clean(r.description()) + ").");
        }
        if ("invalid_client".equalsIgnoreCase(err) || r.status() == 401 || r.status() == 403) {
          throw new TokenException(Reason.ACCESS_DENIED, describe + " refused the client id or secret ("
              + ServiceErrors.clean(r.description().isEmpty() ? err : r.description()) + "). Check client-id= and"
              + " --service-secret-env/--service-secret-file.");
        }
        throw http.httpError("auth/token", r);
      }
      return Json.string(r.body(), "access_token").filter(s -> !s.isEmpty()).orElseThrow(() ->
          new TokenException(Reason.FAILED, describe + " gave no access token."));
    } finally {
      Arrays.fill(secret, '\0');
      Arrays.fill(password, '\0');
      if (body != null) {
        Arrays.fill(body, (byte) 0);
      }
    }
  }

  /** {@code head&name1=secret1&name2=secret2} as bytes, never as a String. */
  static byte[] form(String head, String n1, char[] v1, String n2, char[] v2) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    for (Object[] kv : new Object[][] {{n1, v1}, {n2, v2}}) {
      out.writeBytes(("&" + kv[0] + "=").getBytes(StandardCharsets.UTF_8));
      for (char c : (char[]) kv[1]) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
            || c == '.' || c == '~') {
          out.write(c);
        } else {
          byte[] u = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
          for (byte b : u) {
            out.write('%');
            out.write(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)));
            out.write(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
          }
        }
      }
    }
    byte[] b = out.toByteArray();
    return b;
  }

  /** The payload of a {code, message, content} answer, or the exception its code means. */
  private Object content(String method, Response r, String transaction) throws KysoException {
    if (r.status() / 100 != 2) {
      throw http.httpError(method, r);
    }
    long code = Json.number(r.body(), "code").orElse(0L);
    if (code != 0) {
      String message = ServiceErrors.clean(Json.string(r.body(), "message").orElse(""));
      ServiceErrors.Kind kind = ServiceErrors.kind(message);
      throw ServiceErrors.of(describe, kind, message + " (code " + code + ")", transaction);
    }
    return r.body().containsKey("content") ? r.body().get("content") : r.body();
  }

  @SuppressWarnings("unchecked")
  private List<RemoteCredential> fetchCredentials() throws KysoException {
    Object listed = content("csc/credentials/list", http.postJson(uri.method("csc/credentials/list"), Json.obj(),
        accessToken, Replay.SAFE), null);
    List<String> ids = new ArrayList<>();
    Object arr = listed instanceof Map<?, ?> m ? ((Map<String, Object>) m).getOrDefault("credentialIDs", List.of())
        : listed;
    if (arr instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof String s) {
          ids.add(s);
        }
      }
    }
    List<RemoteCredential> out = new ArrayList<>();
    for (String id : ids) {
      Object info;
      try {
        info = content("csc/credentials/info", http.postJson(uri.method("csc/credentials/info"),
            Json.obj("credentialId", id, "certificates", "chain", "certInfo", true, "authInfo", true), accessToken,
            Replay.SAFE), null);
      } catch (TokenException e) {
        // the gateway's documentation shows certificates "single": ask that way when "chain" is refused
        LOG.debug("{} refused certificates=chain ({}); asking for single", describe, e.getMessage());
        info = content("csc/credentials/info", http.postJson(uri.method("csc/credentials/info"),
            Json.obj("credentialId", id, "certificates", "single", "certInfo", true, "authInfo", true), accessToken,
            Replay.SAFE), null);
      }
      if (!(info instanceof Map<?, ?>)) {
        continue;
      }
      RemoteCredential.fromInfo(id, (Map<String, Object>) info, describe).ifPresent(out::add);
    }
    LOG.debug("{} lists {} credential(s)", describe, out.size());
    return List.copyOf(out);
  }

  @Override
  public String describe() {
    return ServiceErrors.uncap(describe);
  }

  @Override
  public String identity() {
    return "smartca|" + uri.base() + "|" + uri.required("client-id") + "|" + uri.required("user") + "|" + chosen.id();
  }

  @Override
  public List<X509Certificate> certificateChain() {
    return chosen.chain();
  }

  @Override
  public int maxHashesPerRequest() {
    return 50;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Submitted submit(SignatureAlgorithm algorithm, List<Hash> hashes, String ownReference, String description)
      throws KysoException {
    List<Object> datas = new ArrayList<>();
    for (Hash h : hashes) {
      datas.add(Json.obj("name", h.name(), "hash", Base64.getEncoder().encodeToString(h.digest())));
    }
    Object c = content("csc/signature/signhash", http.postJson(uri.method("csc/signature/signhash"), Json.obj(
        "credentialId", chosen.id(), "refTranId", ownReference, "notifyUrl", uri.param("notify-url").orElse(null),
        "description", description, "datas", datas),
        accessToken, Replay.NEVER), ownReference);
    Map<String, Object> m = c instanceof Map<?, ?> mm ? (Map<String, Object>) mm : Map.of();
    String tranId = Json.string(m, "tranId").filter(s -> !s.isBlank()).orElseThrow(() -> new TokenException(
        Reason.FAILED, describe + " accepted the sign request but gave no tranId."));
    return new Submitted(tranId, Json.string(m, "tranCode").filter(s -> !s.isBlank()), Optional.empty());
  }

  @Override
  @SuppressWarnings("unchecked")
  public Optional<List<byte[]>> poll(Submitted request, SignatureAlgorithm algorithm, List<Hash> hashes)
      throws KysoException {
    Object c = content("csc/credentials/gettraninfo", http.postJson(uri.method("csc/credentials/gettraninfo"),
        Json.obj("tranId", request.reference()), accessToken, Replay.SAFE), request.reference());
    Map<String, Object> m = c instanceof Map<?, ?> mm ? (Map<String, Object>) mm : Map.of();
    long status = Json.number(m, "tranStatus").orElse(4000L);
    String t = request.reference();
    if (status == 4000) {
      return Optional.empty();
    }
    if (status == 4001) {
      throw ServiceErrors.of(describe, ServiceErrors.Kind.EXPIRED, "tranStatus 4001", t);
    }
    if (status == 4002) {
      throw ServiceErrors.of(describe, ServiceErrors.Kind.REFUSED, "tranStatus 4002", t);
    }
    if (status != 1) {
      throw new TokenException(Reason.FAILED, describe + " reports that the transaction " + t + " failed (tranStatus "
          + status + "). Nothing was signed.");
    }
    List<Object> docs = Json.array(m, "documents");
    byte[][] out = new byte[hashes.size()][];
    for (int i = 0; i < docs.size() && i < out.length; i++) {
      Map<String, Object> d = docs.get(i) instanceof Map<?, ?> dm ? (Map<String, Object>) dm : Map.of();
      String sig = Json.string(d, "sig").orElseThrow(() -> new TokenException(Reason.FAILED, describe
          + " returned a document without sig."));
      int index = i;
      Optional<String> name = Json.string(d, "name");
      if (name.isPresent()) {
        for (int j = 0; j < hashes.size(); j++) {
          if (out[j] == null && hashes.get(j).name().equals(name.get())) {
            index = j;
            break;
          }
        }
      }
      out[index] = Base64.getMimeDecoder().decode(sig);
    }
    for (byte[] b : out) {
      if (b == null) {
        throw new TokenException(Reason.FAILED, describe + " returned fewer signatures than documents sent.");
      }
    }
    return Optional.of(Arrays.asList(out));
  }

  @Override
  public void close() {}
}
