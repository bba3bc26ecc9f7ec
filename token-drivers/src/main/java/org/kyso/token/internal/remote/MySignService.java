package org.kyso.token.internal.remote;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kyso.core.KysoException;
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
 * Viettel MySign: {@code POST {base}/ras/v1/login {client_id, user_id, client_secret, profile_id}} gives a bearer
 * token, then CSC API v1 under {@code {base}/csc/v1/}: {@code credentials/list}, {@code credentials/info},
 * {@code credentials/authorize} (which blocks until the user approves in the app, so its request waits as long as
 * the approval deadline) and {@code signatures/signHash} ({@code hash[]}, {@code hashAlgo} OID, {@code signAlgo}
 * OID), sent in parts of at most 50 hashes under the one SAD. The whole batch is one approval.
 */
public final class MySignService implements RemoteSigningService {
  private static final Logger LOG = LoggerFactory.getLogger(MySignService.class);

  private final RemoteUri uri;
  private final ServiceHttp http;
  private final ServiceHttp approvalHttp;
  private final String describe;
  private final String accessToken;
  private final List<RemoteCredential> credentials;
  private final RemoteCredential chosen;
  private final int perSignHash;

  private MySignService(RemoteUri uri, KeyOptions options) throws KysoException {
    this.uri = uri;
    this.describe = "Viettel MySign at " + uri.base().getHost() + (uri.base().getPort() > 0 ? ":"
        + uri.base().getPort() : "");
    this.http = new ServiceHttp(options, describe);
    // authorize blocks until the user approves: its answer may take as long as the approval window
    this.approvalHttp = new ServiceHttp(options.newBuilder().requestTimeout(options.approvalTimeout()
        .plus(Duration.ofSeconds(30))).build(), describe);
    this.perSignHash = Math.min(50, options.cscHashesPerRequest());
    this.accessToken = login(options);
    this.credentials = fetchCredentials();
    this.chosen = RemoteCredential.choose(credentials, uri.param("credential"), describe, uri.required("user-id"));
  }

  public static RemoteUri parse(String spec) {
    return RemoteUri.parse(spec, "mysign", Set.of("client-id", "user-id", "profile-id", "credential"));
  }

  public static MySignService open(RemoteUri uri, KeyOptions options) throws KysoException {
    uri.required("client-id");
    uri.required("user-id");
    uri.required("profile-id");
    return new MySignService(uri, options);
  }

  public List<RemoteCredential> credentials() {
    return credentials;
  }

  private String login(KeyOptions options) throws KysoException {
    char[] secret = ServiceHttp.secret(options, "The MySign client secret");
    try {
      Response r = http.postJson(uri.method("ras/v1/login"), Json.obj("client_id", uri.required("client-id"),
          "user_id", uri.required("user-id"), "client_secret", new Json.Secret(secret),
          "profile_id", uri.required("profile-id")), null, Replay.SAFE);
      if (r.status() / 100 != 2) {
        if (r.status() == 400 || r.status() == 401 || r.status() == 403) {
          throw new TokenException(Reason.ACCESS_DENIED, describe + " refused the login of client "
              + uri.required("client-id") + " (HTTP " + r.status() + (r.description().isEmpty() ? "" : ", "
              + ServiceErrors.clean(r.description())) + "). Check client-id=, user-id=, profile-id= and"
              + " --service-secret-env/--service-secret-file.");
        }
        throw http.httpError("ras/v1/login", r);
      }
      return Json.string(r.body(), "access_token").filter(s -> !s.isEmpty()).orElseThrow(() ->
          new TokenException(Reason.FAILED, describe + " gave no access token."));
    } finally {
      Arrays.fill(secret, '\0');
    }
  }

  private Map<String, Object> call(String method, Map<String, Object> body, Replay replay, ServiceHttp via,
      String transaction) throws KysoException {
    Response r = via.postJson(uri.method("csc/v1/" + method), body, accessToken, replay);
    if (r.status() / 100 == 2) {
      return r.body();
    }
    String detail = ServiceErrors.clean(r.error() + (r.description().isEmpty() ? "" : ": " + r.description()));
    if (method.equals("credentials/authorize") && (r.status() == 403 || "access_denied".equalsIgnoreCase(r.error()))) {
      ServiceErrors.Kind k = ServiceErrors.kind(detail);
      throw ServiceErrors.of(describe, k == ServiceErrors.Kind.OTHER || k == ServiceErrors.Kind.CREDENTIALS
          ? ServiceErrors.Kind.REFUSED : k, "HTTP " + r.status() + ", " + detail, transaction);
    }
    throw via.httpError(method, r);
  }

  private List<RemoteCredential> fetchCredentials() throws KysoException {
    Map<String, Object> listed = call("credentials/list", Json.obj("maxResults", 20), Replay.SAFE, http, null);
    List<RemoteCredential> out = new ArrayList<>();
    for (String id : Json.strings(listed, "credentialIDs")) {
      Map<String, Object> info = call("credentials/info", Json.obj("credentialID", id, "certificates", "chain",
          "certInfo", true, "authInfo", true), Replay.SAFE, http, null);
      RemoteCredential.fromInfo(id, info, describe).ifPresent(out::add);
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
    return "mysign|" + uri.base() + "|" + uri.required("client-id") + "|" + uri.required("user-id") + "|"
        + chosen.id();
  }

  @Override
  public List<X509Certificate> certificateChain() {
    return chosen.chain();
  }

  @Override
  public int maxHashesPerRequest() {
    return 1000;
  }

  @Override
  public Submitted submit(SignatureAlgorithm algorithm, List<Hash> hashes, String ownReference, String description)
      throws KysoException {
    List<Object> all = new ArrayList<>();
    for (Hash h : hashes) {
      all.add(Base64.getEncoder().encodeToString(h.digest()));
    }
    LOG.debug("{}: authorising {} signature(s); the user approves in the app", describe, hashes.size());
    Map<String, Object> auth = call("credentials/authorize", Json.obj("credentialID", chosen.id(),
        "numSignatures", hashes.size(), "hash", all, "description", description, "clientData", ownReference),
        Replay.NEVER, approvalHttp, ownReference);
    String sad = Json.string(auth, "SAD").filter(s -> !s.isEmpty()).orElseThrow(() -> new TokenException(
        Reason.FAILED, describe + " authorised the request but gave no SAD."));
    List<byte[]> out = new ArrayList<>();
    for (int from = 0; from < all.size(); from += perSignHash) {
      List<Object> part = all.subList(from, Math.min(all.size(), from + perSignHash));
      Map<String, Object> r = call("signatures/signHash", Json.obj("credentialID", chosen.id(), "SAD", sad,
          "hash", part, "hashAlgo", algorithm.digest().oid(), "signAlgo", signAlgo(algorithm)), Replay.NEVER, http,
          ownReference);
      List<String> sigs = Json.strings(r, "signatures");
      if (sigs.size() != part.size()) {
        throw new TokenException(Reason.FAILED, describe + " returned " + sigs.size() + " signatures for "
            + part.size() + " hashes.");
      }
      for (String s : sigs) {
        out.add(Base64.getMimeDecoder().decode(s));
      }
    }
    return new Submitted(ownReference, Optional.empty(), Optional.of(out));
  }

  @Override
  public Optional<List<byte[]>> poll(Submitted request, SignatureAlgorithm algorithm, List<Hash> hashes) {
    return request.signatures(); // signed within submit: authorize waited for the approval
  }

  static String signAlgo(SignatureAlgorithm a) {
    if (a.keyType() == SignatureAlgorithm.KeyType.EC) {
      return switch (a.digest()) {
        case SHA256 -> "1.2.840.10045.4.3.2";
        case SHA384 -> "1.2.840.10045.4.3.3";
        case SHA512 -> "1.2.840.10045.4.3.4";
      };
    }
    if (a.pss()) {
      return "1.2.840.113549.1.1.10";
    }
    return "1.2.840.113549.1.1.1";
  }

  @Override
  public void close() {}
}
