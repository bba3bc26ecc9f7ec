package org.kyso.token.internal.remote;

import java.io.ByteArrayInputStream;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * The QĐ 769/QĐ-BTTTT interface for service providers (VNPT SmartCA's {@code …/sca/sp769/v1}, the national eSign
 * gateway, other public CAs): {@code get_certificate}, {@code sign} with many {@code sign_files}, and the status call
 * polled until the user approved. Layout {@code vnpt}: {@code credentials/get_certificate}, {@code signatures/sign},
 * {@code signatures/sign/{id}/status}, {@code file_type}/{@code sign_type} in each file entry, {@code chain_data} as
 * {@code {ca_cert, root_cert}}. Layout {@code neac}: {@code get_certificate}, {@code sign}, {@code sign/{id}/status},
 * {@code file_options}, {@code chain_data} as a list. Both {@code chain_data} forms are read whatever the layout.
 * Errors arrive as HTTP 200 with {@code status_code} other than 200 and a message.
 */
public final class Qd769Service implements RemoteSigningService {
  private static final Logger LOG = LoggerFactory.getLogger(Qd769Service.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One certificate of the user, as get_certificate lists it. */
  public record UserCertificate(String certId, String serial, String status, List<X509Certificate> chain,
      String serviceName) {}

  private final RemoteUri uri;
  private final boolean neac;
  private final String spId;
  private final String userId;
  private final ServiceHttp http;
  private final String describe;
  private final char[] spPassword;
  private final List<UserCertificate> certificates;
  private final UserCertificate chosen;
  private final boolean cms;

  private Qd769Service(RemoteUri uri, KeyOptions options) throws KysoException {
    this.uri = uri;
    String layout = uri.param("layout").orElse("vnpt").toLowerCase(Locale.ROOT);
    if (!layout.equals("vnpt") && !layout.equals("neac")) {
      throw new IllegalArgumentException("The qd769 layout must be vnpt or neac.");
    }
    this.neac = layout.equals("neac");
    String answer = uri.param("signature").orElse("raw").toLowerCase(Locale.ROOT);
    if (!answer.equals("raw") && !answer.equals("cms")) {
      throw new IllegalArgumentException("The qd769 signature= parameter takes raw or cms.");
    }
    this.cms = answer.equals("cms");
    this.spId = uri.required("sp-id");
    this.userId = uri.required("user-id");
    this.describe = "The QĐ 769 signing service at " + uri.base().getHost()
        + (uri.base().getPort() > 0 ? ":" + uri.base().getPort() : "");
    this.http = new ServiceHttp(options, describe);
    this.spPassword = ServiceHttp.secret(options, "The SP password of the QĐ 769 service");
    try {
      this.certificates = fetchCertificates();
      Optional<String> serial = uri.param("serial");
      Optional<UserCertificate> found = certificates.stream()
          .filter(c -> serial.map(s -> s.equalsIgnoreCase(c.serial())).orElse(true)).findFirst();
      // a provider issuing a certificate per signature lists none beforehand: its CMS will carry it
      this.chosen = cms && serial.isEmpty() && found.isEmpty()
          ? new UserCertificate("", "", "issued when signing", List.of(), "")
          : found.orElseThrow(() -> new TokenException(Reason.KEY_NOT_FOUND, describe + " has "
              + (serial.isPresent() ? "no certificate with serial " + serial.get() : "no certificate")
              + " for user " + userId + "."));
    } catch (KysoException | RuntimeException e) {
      Arrays.fill(spPassword, '\0');
      throw e;
    }
  }

  /** Parses {@code qd769:URL?sp-id=…&user-id=…[&serial=…][&layout=vnpt|neac]}. */
  public static RemoteUri parse(String spec) {
    return RemoteUri.parse(spec, "qd769", java.util.Set.of("sp-id", "user-id", "serial", "layout", "signature"));
  }

  /** Connects: lists the user's certificates and picks the one {@code serial=} names (else the first). */
  public static Qd769Service open(RemoteUri uri, KeyOptions options) throws KysoException {
    return new Qd769Service(uri, options);
  }

  public List<UserCertificate> certificates() {
    return certificates;
  }

  @Override
  public String describe() {
    return ServiceErrors.uncap(describe);
  }

  @Override
  public String identity() {
    return "qd769|" + uri.base() + "|" + spId + "|" + userId + "|" + chosen.serial();
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
  public boolean answersWithCms() {
    return cms;
  }

  @Override
  public boolean pollsByOwnReference() {
    return true;
  }

  private String path(String vnpt, String neacPath) {
    return neac ? neacPath : vnpt;
  }

  private Map<String, Object> call(String method, Map<String, Object> body, Replay replay, String transaction)
      throws KysoException {
    Response r = http.postJson(uri.method(method), body, null, replay);
    if (r.status() / 100 != 2) {
      throw http.httpError(method, r);
    }
    long code = Json.number(r.body(), "status_code").orElse(200L);
    if (code != 200) {
      String message = ServiceErrors.clean(Json.string(r.body(), "message").orElse(""));
      ServiceErrors.Kind kind = ServiceErrors.kind(message);
      if (code >= 500 && code < 600 && kind == ServiceErrors.Kind.OTHER) {
        throw new org.kyso.core.ServiceUnavailableException(describe + " failed: " + message + " (status_code "
            + code + ").");
      }
      if (method.endsWith("get_certificate")) {
        // nothing is signed yet: a refusal here is about the SP account or the user it names
        kind = kind == ServiceErrors.Kind.QUOTA ? kind : ServiceErrors.Kind.CREDENTIALS;
      } else if (kind == ServiceErrors.Kind.OTHER) {
        // while waiting, the interface ends refused requests this way; on sign, the service refuses to sign
        kind = method.endsWith("/status") ? ServiceErrors.Kind.REFUSED : ServiceErrors.Kind.DENIED;
      }
      throw ServiceErrors.of(describe, kind, message + " (status_code " + code + ")", transaction);
    }
    return Json.object(r.body(), "data");
  }

  private List<UserCertificate> fetchCertificates() throws KysoException {
    Map<String, Object> data = call(path("credentials/get_certificate", "get_certificate"), Json.obj(
        "sp_id", spId, "sp_password", new Json.Secret(spPassword), "user_id", userId,
        "serial_number", uri.param("serial").orElse(null), "transaction_id", newId()), Replay.SAFE, null);
    List<UserCertificate> out = new ArrayList<>();
    for (Object o : Json.array(data, "user_certificates")) {
      if (!(o instanceof Map<?, ?>)) {
        continue;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) o;
      List<X509Certificate> chain = new ArrayList<>();
      Optional<String> der = Json.string(m, "cert_data");
      if (der.isEmpty()) {
        continue;
      }
      chain.add(certificate(der.get()));
      Object cd = m.get("chain_data");
      if (cd instanceof Map<?, ?> cm) {
        for (String k : List.of("ca_cert", "root_cert")) {
          if (cm.get(k) instanceof String s && !s.isBlank()) {
            chain.add(certificate(s));
          }
        }
      } else if (cd instanceof List<?> cl) {
        for (Object c : cl) {
          if (c instanceof String s && !s.isBlank()) {
            chain.add(certificate(s));
          }
        }
      }
      String serial = Json.string(m, "serial_number").orElse(chain.get(0).getSerialNumber().toString(16));
      out.add(new UserCertificate(Json.string(m, "cert_id").orElse(serial), serial,
          Json.string(m, "cert_status").orElse(""), List.copyOf(chain), Json.string(m, "service_name").orElse("")));
    }
    LOG.debug("{} lists {} certificate(s) for the user", describe, out.size());
    return List.copyOf(out);
  }

  private X509Certificate certificate(String b64) throws TokenException {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
          new ByteArrayInputStream(Base64.getMimeDecoder().decode(b64.replaceAll("-----[A-Z ]+-----", ""))));
    } catch (CertificateException | IllegalArgumentException e) {
      throw new TokenException(Reason.FAILED, describe + " returned a certificate that cannot be read.", e);
    }
  }

  @Override
  public Submitted submit(SignatureAlgorithm algorithm, List<Hash> hashes, String ownReference, String description)
      throws KysoException {
    List<Object> files = new ArrayList<>();
    for (Hash h : hashes) {
      String type = fileType(h.name());
      String hex = HexFormat.of().formatHex(h.digest());
      files.add(neac
          ? Json.obj("data_to_be_signed", hex, "doc_id", h.name(), "file_options",
              Json.obj("file_type", type, "sign_type", "hash"))
          : Json.obj("data_to_be_signed", hex, "doc_id", h.name(), "file_type", type, "sign_type", "hash"));
    }
    LOG.debug("{}: sign request {} with {} hash(es)", describe, ownReference, hashes.size());
    Map<String, Object> data = call(path("signatures/sign", "sign"), Json.obj("sp_id", spId,
        "sp_password", new Json.Secret(spPassword), "user_id", userId,
        "serial_number", chosen.serial().isEmpty() ? null : chosen.serial(),
        "transaction_id", ownReference, "transaction_desc", description, "sign_files", files), Replay.NEVER,
        ownReference);
    String ref = Json.string(data, "transaction_id").filter(s -> !s.isBlank()).orElse(ownReference);
    Optional<String> code = Json.string(data, "tran_code").filter(s -> !s.isBlank());
    Optional<List<byte[]>> sigs = signatures(data, hashes);
    return new Submitted(ref, code, sigs);
  }

  @Override
  public Optional<List<byte[]>> poll(Submitted request, SignatureAlgorithm algorithm, List<Hash> hashes)
      throws KysoException {
    String method = path("signatures/sign/", "sign/") + java.net.URLEncoder.encode(request.reference(),
        java.nio.charset.StandardCharsets.UTF_8) + "/status";
    Map<String, Object> data = call(method, Json.obj(), Replay.SAFE, request.shownCode().orElse(request.reference()));
    return signatures(data, hashes);
  }

  /** The signatures in the order of {@code hashes} (matched by doc_id when given), or empty while waiting. */
  private Optional<List<byte[]>> signatures(Map<String, Object> data, List<Hash> hashes) throws TokenException {
    if (!(data.get("signatures") instanceof List<?> list) || list.isEmpty()) {
      return Optional.empty();
    }
    byte[][] out = new byte[hashes.size()][];
    int next = 0;
    for (Object o : list) {
      if (!(o instanceof Map<?, ?>)) {
        continue;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) o;
      String value = Json.string(m, "signature_value").orElseThrow(() -> new TokenException(Reason.FAILED,
          describe + " returned a signature entry without signature_value."));
      Optional<String> docId = Json.string(m, "doc_id");
      int index = -1;
      if (docId.isPresent()) {
        for (int i = 0; i < hashes.size(); i++) {
          if (out[i] == null && hashes.get(i).name().equals(docId.get())) {
            index = i;
            break;
          }
        }
      }
      if (index < 0) {
        while (next < out.length && out[next] != null) {
          next++;
        }
        index = next;
      }
      if (index >= out.length) {
        throw new TokenException(Reason.FAILED, describe + " returned more signatures than documents sent.");
      }
      try {
        out[index] = Base64.getMimeDecoder().decode(value);
      } catch (IllegalArgumentException e) {
        throw new TokenException(Reason.FAILED, describe + " returned a signature that is not base64.", e);
      }
    }
    for (byte[] b : out) {
      if (b == null) {
        throw new TokenException(Reason.FAILED, describe + " returned fewer signatures than documents sent.");
      }
    }
    return Optional.of(Arrays.asList(out));
  }

  private static String fileType(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".pdf") ? "pdf" : n.endsWith(".xml") ? "xml" : "others";
  }

  private static String newId() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return HexFormat.of().withUpperCase().formatHex(b);
  }

  @Override
  public void close() {
    Arrays.fill(spPassword, '\0');
  }
}
