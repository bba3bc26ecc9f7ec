package org.kyso.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.pdf.PdfVerification;
import org.kyso.xml.XmlVerification;
import org.kyso.core.TrustAnchors;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.ExternalTools;
import org.kyso.core.testing.MinimalPdf;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verifier;
import org.kyso.server.ServerConfig.ApiToken;
import org.kyso.server.ServerConfig.OrganisationConfig;
import org.kyso.server.ServerConfig.Scope;
import org.kyso.token.testing.SoftHsm;

/**
 * The organisation's key on a PKCS#11 token (SoftHSM2, selected by token label): {@code /readyz} reports it
 * reachable, the sign endpoint signs with it, and a token that is not there makes the service not ready.
 */
class ServePkcs11Test {
  @TempDir
  static Path dir;
  static SoftHsm hsm;
  static KysoServer server;
  static KysoServer missing;
  static Path root;
  static final String TOKEN = "tok-hsm-5e6f7a8b";
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void start() throws Exception {
    hsm = SoftHsm.get();
    root = dir.resolve("root.pem");
    Files.writeString(root, DevPki.pem(hsm.pki().root().certificate()));
    Path pin = dir.resolve("pin");
    Files.writeString(pin, SoftHsm.USER_PIN);
    server = KysoServer.start(config(hsm.uri("sign-rsa").toString(), pin, "a.db"));
    missing = KysoServer.start(config("pkcs11:token=NoSuchToken;object=sign-rsa?module-path=" + SoftHsm.MODULE, pin,
        "b.db"));
  }

  static ServerConfig config(String key, Path pin, String db) {
    return ServerConfig.builder().port(0).trust(root).database(dir.resolve(db).toString())
        .organisation(new OrganisationConfig("dien-bien", "UBND phường Điện Biên", "UBND", Optional.of(key),
            Optional.empty(), Optional.of(pin), Optional.empty()))
        .token(new ApiToken("portal", "dien-bien", Set.of(Scope.SIGN), ServerConfig.hashToken(TOKEN)))
        .build();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (missing != null) {
      missing.close();
    }
  }

  static HttpResponse<byte[]> send(KysoServer s, String method, String path, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(s.uri().resolve(path)).header("Authorization", "Bearer " + TOKEN)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void readyzReportsTheTokenKeyReachableAndTheServiceSignsWithIt() throws Exception {
    HttpResponse<byte[]> ready = send(server, "GET", "/readyz", null);
    String body = new String(ready.body(), StandardCharsets.UTF_8);
    assertThat(ready.statusCode()).as(body).isEqualTo(200);
    assertThat(body).contains("\"key:dien-bien\":\"ok\"").doesNotContain(SoftHsm.USER_PIN);

    HttpResponse<byte[]> r = send(server, "POST", "/v1/sign/pdf", MinimalPdf.bytes());
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    VerificationReport v = Verifier.builder().formats(PdfVerification.format(), XmlVerification.format()).trust(TrustAnchors.fromPem(root)).offline(true).build()
        .verify(r.body(), "x.pdf");
    assertThat(v.signatures()).hasSize(1);
    assertThat(v.signatures().get(0).signedBy()).isEqualTo("Nguyễn Văn An");
    // the throw-away PKI publishes no revocation data: DSS may not conclude, but the signature itself is intact
    assertThat(v.signatures().get(0).errors()).as(v.toString()).noneMatch(e -> e.toLowerCase().contains("digest")
        || e.toLowerCase().contains("signature value"));
    Path f = dir.resolve("hsm-signed.pdf");
    Files.write(f, r.body());
    Path pdfsig = ExternalTools.require("pdfsig", "poppler-utils");
    String out = ExternalTools.run(List.of(pdfsig.toString(), f.toString())).all();
    assertThat(out).contains("Signature is Valid").contains("Total document signed");
  }

  @Test
  void aTokenThatIsNotThereMakesTheServiceNotReady() throws Exception {
    HttpResponse<byte[]> ready = send(missing, "GET", "/readyz", null);
    String body = new String(ready.body(), StandardCharsets.UTF_8);
    assertThat(ready.statusCode()).as(body).isEqualTo(503);
    assertThat(body).contains("not ready", "key:dien-bien").doesNotContain("\"key:dien-bien\":\"ok\"")
        .doesNotContain(SoftHsm.USER_PIN);
    HttpResponse<byte[]> r = send(missing, "POST", "/v1/sign/pdf", MinimalPdf.bytes());
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("key_unavailable");
  }
}
