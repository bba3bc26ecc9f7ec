package org.kyso.token.csc;

import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.kyso.core.KysoException;
import org.kyso.core.Pin;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;
import org.kyso.core.TokenException;
import org.kyso.core.TokenException.Reason;
import org.kyso.token.KeyOptions;
import org.kyso.token.internal.Der;
import org.kyso.token.internal.JcaDigestSigner;
import org.kyso.token.internal.Json;
import org.kyso.token.internal.csc.CscErrors;
import org.kyso.token.internal.csc.CscTransport.Replay;
import org.kyso.token.internal.csc.CscTransport.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CSC credential's key. {@link #signDigests} authorises all digests at once ({@code credentials/authorize}
 * with {@code numSignatures} = their number, and the hashes themselves for SCAL 2), then sends them in
 * {@code signatures/signHash} requests of at most {@link KeyOptions#cscHashesPerRequest()} hashes. When the
 * service allows fewer signatures per authorisation ({@code multisign}), the digests are split into that many
 * authorisations.
 *
 * <p>Approval the user gives elsewhere (a phone app) is awaited: {@code credentials/authorize} answering
 * HTTP 202 with a {@code responseID} is polled with {@code credentials/authorizeCheck} until it gives the SAD,
 * the user refuses, or {@link KeyOptions#approvalTimeout()} passes.
 *
 * <p>A signHash request that may have reached the service is never sent again. The one exception is an explicit
 * "SAD expired/invalid" answer, which proves nothing was signed: kyso then authorises once more (asking the PIN/OTP
 * source again) and resends that request once.
 */
final class CscKey implements SigningKey {
  private static final Logger LOG = LoggerFactory.getLogger(CscKey.class);

  private final CscClient client;
  private final CscCredential credential;
  private final CscToken token;
  private final KeyOptions options;
  private volatile boolean closed;

  CscKey(CscClient client, CscCredential credential, CscToken token) {
    this.client = client;
    this.credential = credential;
    this.token = token;
    this.options = client.options();
  }

  @Override
  public X509Certificate certificate() {
    return credential.certificates().get(0);
  }

  @Override
  public List<X509Certificate> certificateChain() {
    return credential.certificates();
  }

  @Override
  public byte[] signDigest(SignatureAlgorithm algorithm, byte[] digest) throws KysoException {
    return signDigests(algorithm, List.of(Objects.requireNonNull(digest, "digest"))).get(0);
  }

  @Override
  public List<byte[]> signDigests(SignatureAlgorithm algorithm, List<byte[]> digests) throws KysoException {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(digests, "digests");
    if (closed || token.isClosed()) {
      throw new IllegalStateException("This key or its token was closed.");
    }
    if (algorithm.keyType() != keyType()) {
      throw new IllegalArgumentException(algorithm + " does not fit a " + keyType() + " key.");
    }
    for (byte[] d : digests) {
      JcaDigestSigner.checkDigest(algorithm, d);
    }
    if (digests.isEmpty()) {
      return List.of();
    }
    checkAlgorithm(algorithm);
    List<byte[]> out = new ArrayList<>(digests.size());
    int perAuthorisation = Math.max(1, credential.multisign());
    for (int from = 0; from < digests.size(); from += perAuthorisation) {
      out.addAll(signAuthorised(algorithm, digests.subList(from, Math.min(digests.size(), from + perAuthorisation))));
    }
    return out;
  }

  private List<byte[]> signAuthorised(SignatureAlgorithm algorithm, List<byte[]> digests) throws KysoException {
    String sad = authorize(algorithm, digests);
    boolean authorisedAgain = false;
    List<byte[]> out = new ArrayList<>(digests.size());
    int n = options.cscHashesPerRequest();
    int from = 0;
    while (from < digests.size()) {
      List<byte[]> chunk = digests.subList(from, Math.min(digests.size(), from + n));
      Map<String, Object> body = Json.obj("credentialID", credential.id(), "SAD", sad, "hashes", base64(chunk),
          "hashAlgorithmOID", algorithm.digest().oid(), "signAlgo", signAlgo(algorithm),
          "signAlgoParams", algorithm.pss()
              ? Base64.getEncoder().encodeToString(Der.pssParams(algorithm.digest())) : null);
      LOG.debug("signHash: {} hash(es) with credential {}", chunk.size(), credential.id());
      Response r = client.send("signatures/signHash", body, Replay.NEVER, credential.id(), false);
      if (r.status() / 100 != 2) {
        if (CscErrors.sadExpired(r) && !authorisedAgain) {
          // the service refused the request, so nothing was signed: authorise the rest again, once
          LOG.info("the authorisation for credential {} expired; authorising the remaining {} signature(s) again",
              credential.id(), digests.size() - from);
          authorisedAgain = true;
          sad = authorize(algorithm, digests.subList(from, digests.size()));
          continue;
        }
        throw CscErrors.map("signatures/signHash", r, credential.id(), client.host());
      }
      List<String> sigs = Json.strings(r.body(), "signatures");
      if (sigs.size() != chunk.size()) {
        throw new TokenException(Reason.FAILED, "The signing service returned " + sigs.size() + " signatures for "
            + chunk.size() + " hashes.");
      }
      for (String s : sigs) {
        out.add(normalise(algorithm, s));
      }
      from += chunk.size();
    }
    return out;
  }

  /** Gets a SAD for these digests, waiting for the user's approval when the service asks for it. */
  private String authorize(SignatureAlgorithm algorithm, List<byte[]> digests) throws KysoException {
    List<Object> authData = new ArrayList<>();
    List<char[]> secrets = new ArrayList<>();
    try {
      if (credential.authMode() == CscCredential.AuthMode.EXPLICIT && credential.needsPin()) {
        try (Pin p = options.pin().read("PIN for signing credential " + credential.id())) {
          char[] c = p.chars();
          secrets.add(c);
          authData.add(Json.obj("id", "PIN", "value", new Json.Secret(c)));
        }
      }
      if (credential.authMode() == CscCredential.AuthMode.EXPLICIT && credential.needsOtp()) {
        try (Pin p = options.otp().read("One-time password (OTP) for signing credential " + credential.id())) {
          char[] c = p.chars();
          secrets.add(c);
          authData.add(Json.obj("id", "OTP", "value", new Json.Secret(c)));
        }
      }
      boolean scal2 = credential.scal() == 2;
      Map<String, Object> body = Json.obj("credentialID", credential.id(), "numSignatures", digests.size(),
          "hashes", scal2 ? base64(digests) : null, "hashAlgorithmOID", scal2 ? algorithm.digest().oid() : null,
          "authData", authData.isEmpty() ? null : authData,
          "description", "kyso: " + digests.size() + (digests.size() == 1 ? " signature" : " signatures"));
      LOG.debug("authorising {} signature(s) with credential {}", digests.size(), credential.id());
      Response r = client.send("credentials/authorize", body, Replay.NEVER, credential.id(), false);
      if (r.status() == 202) {
        String responseId = Json.string(r.body(), "responseID").orElseThrow(() -> new TokenException(Reason.FAILED,
            "The signing service asked kyso to wait for approval but gave no responseID."));
        return awaitApproval(responseId, r);
      }
      if (r.status() / 100 != 2) {
        throw CscErrors.map("credentials/authorize", r, credential.id(), client.host());
      }
      return sad(r);
    } finally {
      for (char[] c : secrets) {
        Arrays.fill(c, '\0');
      }
    }
  }

  private String awaitApproval(String responseId, Response first) throws KysoException {
    LOG.info("waiting for the signature to be approved for credential {} (at most {})", credential.id(),
        human(options.approvalTimeout()));
    long deadline = System.nanoTime() + options.approvalTimeout().toNanos();
    Response r = first;
    while (true) {
      long waitMs = r.retryAfter().orElse(options.pollInterval()).toMillis();
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new TokenException(Reason.ACCESS_DENIED, "The signature for credential '" + credential.id()
            + "' was not approved within " + human(options.approvalTimeout()) + ": approve it on your device"
            + " in time, or allow longer.");
      }
      try {
        Thread.sleep(Math.max(1, Math.min(waitMs, left)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ServiceUnavailableException("kyso was interrupted while waiting for the approval.", e);
      }
      if (System.nanoTime() - deadline > 0) {
        continue; // report the timeout above rather than ask once more
      }
      r = client.send("credentials/authorizeCheck", Json.obj("credentialID", credential.id(),
          "responseID", responseId), Replay.SAFE, credential.id(), false);
      if (r.status() == 202 || (r.status() / 100 == 2 && Json.string(r.body(), "SAD").isEmpty())) {
        continue;
      }
      if (r.status() / 100 != 2) {
        if ("access_denied".equalsIgnoreCase(r.error()) || r.status() == 403) {
          throw new TokenException(Reason.ACCESS_DENIED, "The signature for credential '" + credential.id()
              + "' was refused on the approving device.");
        }
        throw CscErrors.map("credentials/authorizeCheck", r, credential.id(), client.host());
      }
      return sad(r);
    }
  }

  private static String human(java.time.Duration d) {
    return d.toMillis() < 1000 ? d.toMillis() + " ms" : d.toSeconds() + " s";
  }

  private String sad(Response r) throws TokenException {
    return Json.string(r.body(), "SAD").filter(s -> !s.isEmpty()).orElseThrow(() -> new TokenException(Reason.FAILED,
        "The signing service authorised credential '" + credential.id() + "' but gave no SAD."));
  }

  private void checkAlgorithm(SignatureAlgorithm algorithm) throws TokenException {
    List<String> allowed = credential.keyAlgorithms();
    if (allowed.isEmpty()) {
      return;
    }
    String family = algorithm.keyType() == SignatureAlgorithm.KeyType.RSA ? RSA_ENCRYPTION : EC_PUBLIC_KEY;
    if (algorithm.pss() ? allowed.contains(RSASSA_PSS) : (allowed.contains(family)
        || allowed.contains(signAlgo(algorithm)))) {
      return;
    }
    throw new TokenException(Reason.UNSUPPORTED, "The credential '" + credential.id() + "' does not allow "
        + algorithm + " (it allows " + String.join(", ", allowed) + ").");
  }

  private byte[] normalise(SignatureAlgorithm algorithm, String b64) throws TokenException {
    byte[] sig;
    try {
      sig = Base64.getMimeDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new TokenException(Reason.FAILED, "The signing service returned a signature that is not base64.", e);
    }
    if (algorithm.keyType() != SignatureAlgorithm.KeyType.EC) {
      return sig;
    }
    int fieldBytes = (((ECPublicKey) certificate().getPublicKey()).getParams().getOrder().bitLength() + 7) / 8;
    try {
      return Der.ecdsaToDer(sig, fieldBytes);
    } catch (IllegalArgumentException e) {
      throw new TokenException(Reason.FAILED, "The signing service returned an ECDSA signature of unexpected length "
          + sig.length + ".", e);
    }
  }

  private static List<Object> base64(List<byte[]> digests) {
    List<Object> out = new ArrayList<>(digests.size());
    for (byte[] d : digests) {
      out.add(Base64.getEncoder().encodeToString(d));
    }
    return out;
  }

  static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
  static final String RSASSA_PSS = "1.2.840.113549.1.1.10";
  static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";

  /** The signAlgo OID: sha*WithRSAEncryption, RSASSA-PSS (with signAlgoParams) or ecdsa-with-SHA*. */
  static String signAlgo(SignatureAlgorithm a) {
    if (a.pss()) {
      return RSASSA_PSS;
    }
    return switch (a.keyType()) {
      case RSA -> switch (a.digest()) {
        case SHA256 -> "1.2.840.113549.1.1.11";
        case SHA384 -> "1.2.840.113549.1.1.12";
        case SHA512 -> "1.2.840.113549.1.1.13";
      };
      case EC -> switch (a.digest()) {
        case SHA256 -> "1.2.840.10045.4.3.2";
        case SHA384 -> "1.2.840.10045.4.3.3";
        case SHA512 -> "1.2.840.10045.4.3.4";
      };
    };
  }

  /** Every use is an authorised request to the service: a batch sends all its digests in one transaction. */
  @Override
  public boolean remote() {
    return true;
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "CscKey[" + credential.id() + ", " + certificate().getSubjectX500Principal().getName() + "]";
  }
}
