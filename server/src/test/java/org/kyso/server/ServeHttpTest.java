package org.kyso.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.kyso.core.PinSource;
import org.kyso.core.SigningKey;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.MinimalPdf;
import org.kyso.core.testing.TestPki;
import org.kyso.core.verify.ReportFormats;
import org.kyso.core.verify.Verifier;
import org.kyso.core.TrustAnchors;
import org.kyso.pdf.PdfSigner;
import org.kyso.pdf.PdfVerification;
import org.kyso.core.internal.json.Json;
import org.kyso.token.Keys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.xml.XmlVerification;

/** {@code kyso serve} over real HTTP on 127.0.0.1: verification, limits, errors, health, metrics, OpenAPI. */
class ServeHttpTest {
  @TempDir
  static Path dir;
  static TestPki pki;
  static KysoServer server;
  static byte[] signed;
  static Path root;
  static Path database;
  static Path audit;
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void start() throws Exception {
    pki = TestPki.start();
    DevPki.Identity an = pki.pki().person("Nguyễn Văn An");
    Path p12 = TestPki.writeP12(an, dir.resolve("an.p12"), "secret");
    try (SigningKey k = Keys.open("p12:" + p12, PinSource.of("secret".toCharArray()))) {
      signed = PdfSigner.builder(k).build().sign(MinimalPdf.bytes());
    }
    root = pki.writeRootPem(dir);
    database = dir.resolve("registers.db");
    audit = dir.resolve("audit.jsonl");
    server = KysoServer.start(ServerConfig.builder().port(0).trust(root).database(database.toString())
        .auditLog(audit).maxUploadBytes(256 * 1024).requestTimeout(Duration.ofSeconds(3)).verifyConcurrency(2)
        .build());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (pki != null) {
      pki.close();
    }
  }

  static HttpResponse<String> post(String path, String type, byte[] body) throws Exception {
    return http.send(HttpRequest.newBuilder(server.uri().resolve(path)).header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(server.uri().resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static byte[] multipart(String boundary, List<Map.Entry<String, byte[]>> files) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> f : files) {
      out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + f.getKey()
          + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      out.writeBytes(f.getValue());
      out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  @Test
  void verifiesARawBodyWithTheJsonOfTheCliContract() throws Exception {
    HttpResponse<String> r = post("/v1/verify?name=quyet-dinh.pdf", "application/pdf", signed);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Kyso-Exit-Code")).hasValue("0");
    String expected = ReportFormats.json(List.of(Verifier.builder()
            .formats(PdfVerification.format(), XmlVerification.format())
        .trust(TrustAnchors.fromPem(root)).build()
        .verify(signed, "quyet-dinh.pdf")));
    assertThat(r.body()).isEqualTo(expected);
    assertThat(r.body()).contains("\"verdict\": \"TOTAL_PASSED\"");
  }

  @Test
  void verifiesSeveralFilesOfAMultipartBodyAndNamesTheUnreadableOne() throws Exception {
    byte[] garbage = "this is not a PDF".getBytes(StandardCharsets.US_ASCII);
    byte[] tampered = signed.clone();
    // one byte of the signed content changed: the signature no longer matches
    int at = new String(tampered, StandardCharsets.ISO_8859_1).indexOf("Hello");
    if (at < 0) {
      at = 200;
    }
    tampered[at] = (byte) (tampered[at] ^ 0x01);
    HttpResponse<String> r = post("/v1/verify", "multipart/form-data; boundary=XyZ",
        multipart("XyZ", List.of(Map.entry("a.pdf", signed), Map.entry("b.pdf", tampered),
            Map.entry("c.pdf", garbage))));
    assertThat(r.statusCode()).isEqualTo(200);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> files = (List<Map<String, Object>>) ((Map<String, Object>) Json.parse(r.body(), Json.Numbers.DECIMAL))
        .get("files");
    assertThat(files).extracting(f -> f.get("file")).containsExactly("a.pdf", "b.pdf", "c.pdf");
    assertThat(files.get(0).get("verdict")).as(r.body()).isEqualTo("TOTAL_PASSED");
    assertThat(files.get(1).get("verdict")).isIn("TOTAL_FAILED", "UNREADABLE");
    assertThat(files.get(2).get("verdict")).isEqualTo("UNREADABLE");
    assertThat((String) files.get(2).get("error")).isNotBlank();
    assertThat(r.headers().firstValue("X-Kyso-Exit-Code").orElseThrow()).isIn("1", "65");
  }

  @Test
  void answersTextInVietnameseOrEnglish() throws Exception {
    HttpResponse<String> vi = post("/v1/verify?format=text&lang=vi&name=a.pdf", "application/pdf", signed);
    HttpResponse<String> en = post("/v1/verify?format=text&lang=en&name=a.pdf", "application/pdf", signed);
    assertThat(vi.body()).isEqualTo(ReportFormats.text(List.of(Verifier.builder()
            .formats(PdfVerification.format(), XmlVerification.format())
        .trust(TrustAnchors.fromPem(root))
        .build().verify(signed, "a.pdf")), ReportFormats.VIETNAMESE));
    assertThat(en.body()).isNotEqualTo(vi.body()).isEqualTo(ReportFormats.text(List.of(Verifier.builder()
            .formats(PdfVerification.format(), XmlVerification.format())
        .trust(TrustAnchors.fromPem(root)).build().verify(signed, "a.pdf")), java.util.Locale.ENGLISH));
  }

  @Test
  void refusesAnUploadOverTheLimitWith413AndKeepsNothing() throws Exception {
    byte[] big = new byte[300 * 1024];
    System.arraycopy(signed, 0, big, 0, signed.length);
    try (var before = Files.list(dir)) {
      List<Path> files = before.toList();
      HttpResponse<String> r = post("/v1/verify", "application/pdf", big);
      assertThat(r.statusCode()).isEqualTo(413);
      assertThat(errorCode(r)).isEqualTo("too_large");
      HttpResponse<String> m = post("/v1/verify", "multipart/form-data; boundary=b",
          multipart("b", List.of(Map.entry("big.pdf", big))));
      assertThat(m.statusCode()).isEqualTo(413);
      try (var after = Files.list(dir)) {
        assertThat(after.toList()).containsExactlyInAnyOrderElementsOf(files);
      }
      assertThat(database).doesNotExist();
    }
  }

  @Test
  void answersASlowUploadWithATimeoutAndNoStackTrace() throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST /v1/verify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/pdf\r\n"
          + "Content-Length: 100000\r\n\r\n%PDF-1.7\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // then nothing more: the server must give up on its own
      InputStream in = s.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (!answer.isEmpty()) {
        assertThat(answer).startsWith("HTTP/1.1 408").contains("\"request_timeout\"").doesNotContain("Exception");
      }
    }
  }

  @Test
  void errorsAreJsonWithAStableCodeAndOneSentence() throws Exception {
    HttpResponse<String> nf = get("/nothing-here");
    assertThat(nf.statusCode()).isEqualTo(404);
    assertThat(errorCode(nf)).isEqualTo("not_found");
    HttpResponse<String> wrong = get("/v1/verify");
    assertThat(wrong.statusCode()).isEqualTo(405);
    assertThat(errorCode(wrong)).isEqualTo("method_not_allowed");
    HttpResponse<String> empty = post("/v1/verify", "application/pdf", new byte[0]);
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(errorCode(empty)).isEqualTo("no_file");
    HttpResponse<String> bad = post("/v1/verify", "multipart/form-data", "x".getBytes(StandardCharsets.US_ASCII));
    assertThat(bad.statusCode()).isEqualTo(400);
    for (HttpResponse<String> r : List.of(nf, wrong, empty, bad)) {
      assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
      assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
  }

  @Test
  void healthReadinessAndMetrics() throws Exception {
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = get("/readyz");
    assertThat(ready.statusCode()).isEqualTo(200);
    post("/v1/verify?name=a.pdf", "application/pdf", signed);
    HttpResponse<String> m = get("/metrics");
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    assertThat(m.body()).contains("# TYPE kyso_http_requests_total counter")
        .containsPattern("kyso_http_requests_total\\{route=\"/v1/verify\",status=\"200\"\\} [1-9]")
        .containsPattern("kyso_verifications_total\\{verdict=\"TOTAL_PASSED\"\\} [1-9]")
        .contains("kyso_http_request_duration_seconds_bucket{route=\"/v1/verify\",le=\"+Inf\"}");
  }

  @Test
  void thePageIsServedInVietnameseAndEnglishWithoutExternalResources() throws Exception {
    HttpResponse<String> vi = get("/");
    HttpResponse<String> en = get("/?lang=en");
    assertThat(vi.statusCode()).isEqualTo(200);
    assertThat(vi.body()).contains("lang=\"vi\"").contains("Kiểm tra chữ ký số");
    assertThat(en.body()).contains("lang=\"en\"").contains("Check the digital signatures");
    for (String html : List.of(vi.body(), en.body())) {
      assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("//cdn");
    }
    assertThat(get("/static/page.js").body()).doesNotContain("http://").doesNotContain("https://");
  }

  @Test
  void corsIsOffUnlessTheOriginIsConfigured() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri().resolve("/healthz"))
        .header("Origin", "https://portal.example").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    try (KysoServer cors = KysoServer.start(ServerConfig.builder().port(0).corsOrigin("https://portal.example")
        .database(dir.resolve("cors.db").toString()).build())) {
      HttpResponse<String> ok = http.send(HttpRequest.newBuilder(cors.uri().resolve("/healthz"))
          .header("Origin", "https://portal.example").GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://portal.example");
      HttpResponse<String> other = http.send(HttpRequest.newBuilder(cors.uri().resolve("/healthz"))
          .header("Origin", "https://elsewhere.example").GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
  }

  @Test
  void readsItsConfigurationFromYamlThenTheEnvironment() throws Exception {
    Path yaml = dir.resolve("kyso.yaml");
    Files.writeString(yaml, "port: 9999\nlimits:\n  maxUploadMib: 7\nverify:\n  trust: [root.pem]\n"
        + "organisations:\n  dien-bien:\n    name: UBND phường Điện Biên\n    abbreviation: UBND\n"
        + "tokens:\n  - name: p\n    organisation: dien-bien\n    scopes: [sign]\n    sha256: "
        + ServerConfig.hashToken("t") + "\n", StandardCharsets.UTF_8);
    ServerConfig c = ServerConfig.load(java.util.Optional.of(yaml), Map.of("KYSO_PORT", "0",
        "KYSO_DATABASE", "jdbc:postgresql://db/kyso?user=kyso&password=secret"));
    assertThat(c.port()).isZero();
    assertThat(c.maxUploadBytes()).isEqualTo(7L << 20);
    assertThat(c.trust()).containsExactly(dir.resolve("root.pem"));
    assertThat(c.tokens()).hasSize(1);
    assertThat(c.toString()).doesNotContain("secret");
    Files.writeString(yaml, "tokens:\n  - name: p\n    organisation: nowhere\n    scopes: [sign]\n    sha256: "
        + ServerConfig.hashToken("t") + "\n", StandardCharsets.UTF_8);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerConfig.load(java.util.Optional.of(yaml), Map.of()))
        .isInstanceOf(org.kyso.core.DocumentException.class).hasMessageContaining("nowhere");
    Files.writeString(yaml, "colour: blue\n", StandardCharsets.UTF_8);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerConfig.load(java.util.Optional.of(yaml), Map.of()))
        .isInstanceOf(org.kyso.core.DocumentException.class).hasMessageContaining("colour");
  }

  @Test
  void servesOverTlsWhenConfigured() throws Exception {
    Path ks = dir.resolve("tls.p12");
    Path pw = dir.resolve("tls-password");
    Files.writeString(pw, "tls-secret\n");
    // a key and self-signed certificate for 127.0.0.1, made by the JDK's own keytool
    Process kt = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "kyso", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
        "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(),
        "-storepass", "tls-secret").redirectErrorStream(true).start();
    String ktOut = new String(kt.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kt.waitFor()).as(ktOut).isZero();
    java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(ks)) {
      trust.load(in, "tls-secret".toCharArray());
    }
    javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
    java.security.KeyStore only = java.security.KeyStore.getInstance("PKCS12");
    only.load(null, null);
    only.setCertificateEntry("kyso", trust.getCertificate("kyso"));
    tmf.init(only);
    javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    try (KysoServer tls = KysoServer.start(ServerConfig.builder().port(0).tlsWithPasswordFile(ks, pw)
        .database(dir.resolve("tls.db").toString()).build())) {
      assertThat(tls.uri().getScheme()).isEqualTo("https");
      HttpClient https = HttpClient.newBuilder().sslContext(ctx).build();
      HttpResponse<String> r = https.send(HttpRequest.newBuilder(tls.uri().resolve("/healthz")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"ok\"");
    }
  }

  static String errorCode(HttpResponse<String> r) {
    @SuppressWarnings("unchecked")
    Map<String, Object> e = (Map<String, Object>) ((Map<String, Object>) Json.parse(r.body(), Json.Numbers.DECIMAL)).get("error");
    assertThat((String) e.get("message")).isNotBlank().doesNotContain("\n");
    return (String) e.get("code");
  }
}
