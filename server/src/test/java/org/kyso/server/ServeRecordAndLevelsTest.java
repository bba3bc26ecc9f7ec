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
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.pdf.PdfVerification;
import org.kyso.xml.XmlVerification;
import org.kyso.core.PinSource;
import org.kyso.core.SigningKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.testing.ExternalTools;
import org.kyso.core.testing.MinimalPdf;
import org.kyso.core.testing.TestPki;
import org.kyso.core.testing.TestTsa;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.Verdict;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verifier;
import org.kyso.pdf.PdfSigner;
import org.kyso.server.ServerConfig.ApiToken;
import org.kyso.server.ServerConfig.OrganisationConfig;
import org.kyso.server.ServerConfig.Scope;
import org.kyso.server.ServerConfig.TimestampConfig;
import org.kyso.token.Keys;

/**
 * The PDF validation record (sealed by the service's seal at B-T with a loopback TSA, or unsigned and saying so),
 * and signing levels above B-B through the configured timestamp authority.
 */
class ServeRecordAndLevelsTest {
  @TempDir
  static Path dir;
  static TestPki pki;
  static TestTsa tsa;
  static KysoServer sealed;
  static KysoServer plain;
  static Path root;
  static byte[] signed;
  static final String TOKEN = "tok-levels-7a6b5c4d";
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void start() throws Exception {
    pki = TestPki.start();
    tsa = TestTsa.start(pki.pki());
    root = pki.writeRootPem(dir);
    Path ward = TestPki.writeP12(pki.pki().organisation("UBND phường Điện Biên"), dir.resolve("w.p12"), "pw");
    Files.writeString(dir.resolve("pin"), "pw");
    Path an = TestPki.writeP12(pki.pki().person("Nguyễn Văn An"), dir.resolve("an.p12"), "pan");
    try (SigningKey k = Keys.open("p12:" + an, PinSource.of("pan".toCharArray()))) {
      signed = PdfSigner.builder(k).build().sign(MinimalPdf.bytes());
    }
    OrganisationConfig org = new OrganisationConfig("dien-bien", "UBND phường Điện Biên", "UBND",
        Optional.of("p12:" + ward), Optional.empty(), Optional.of(dir.resolve("pin")), Optional.empty());
    sealed = KysoServer.start(ServerConfig.builder().port(0).trust(root).database(dir.resolve("a.db").toString())
        .organisation(org).seal("dien-bien")
        .timestamps(new TimestampConfig(List.of(tsa.url()), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty()))
        .token(new ApiToken("portal", "dien-bien", Set.of(Scope.SIGN), ServerConfig.hashToken(TOKEN)))
        .build());
    plain = KysoServer.start(ServerConfig.builder().port(0).trust(root).database(dir.resolve("b.db").toString())
        .organisation(org)
        .token(new ApiToken("portal", "dien-bien", Set.of(Scope.SIGN), ServerConfig.hashToken(TOKEN)))
        .build());
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {sealed, plain, tsa, pki}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // best effort
      }
    }
  }

  static HttpResponse<byte[]> post(KysoServer s, String path, String token, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(s.uri().resolve(path)).header("Content-Type", "application/pdf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static String text(byte[] pdf) throws Exception {
    try (PDDocument d = Loader.loadPDF(pdf)) {
      return new PDFTextStripper().getText(d);
    }
  }

  static String sha256(byte[] b) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
  }

  static VerificationReport verify(byte[] pdf) throws Exception {
    return Verifier.builder().formats(PdfVerification.format(), XmlVerification.format()).trust(TrustAnchors.fromPem(root)).build().verify(pdf, "x.pdf");
  }

  static String pdfsig(byte[] pdf, String name) throws Exception {
    Path pdfsig = ExternalTools.require("pdfsig", "poppler-utils");
    Path f = dir.resolve(name);
    Files.write(f, pdf);
    return ExternalTools.run(List.of(pdfsig.toString(), f.toString())).all();
  }

  @Test
  void recordIsSealedAtBtAndNamesTheVerdictAndTheSignature() throws Exception {
    HttpResponse<byte[]> r = post(sealed, "/v1/verify?format=pdf&lang=vi&name=quyet-dinh.pdf", null, signed);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/pdf");
    assertThat(r.headers().firstValue("X-Kyso-Verdict")).hasValue("TOTAL_PASSED");
    assertThat(r.headers().firstValue("X-Kyso-Exit-Code")).hasValue("0");
    assertThat(r.headers().firstValue("X-Kyso-Sealed")).hasValue("true");
    String t = text(r.body());
    assertThat(t).contains("BIÊN BẢN KIỂM TRA CHỮ KÝ SỐ", "quyet-dinh.pdf", sha256(signed), "TOTAL_PASSED",
        "Nguyễn Văn An", "HỢP LỆ", "UBND phường Điện Biên");
    VerificationReport v = verify(r.body());
    assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.TOTAL_PASSED);
    assertThat(v.signatures()).hasSize(1);
    SignatureResult s = v.signatures().get(0);
    assertThat(s.signedBy()).contains("Điện Biên");
    assertThat(s.level()).endsWith("BASELINE-T");
    assertThat(s.provenSigningTime()).isPresent();
    // kept in the build folder for a look (docs screenshots): target/validation-record.pdf
    Files.write(Files.createDirectories(Path.of("target")).resolve("validation-record.pdf"), r.body());
    String sig = pdfsig(r.body(), "record.pdf");
    assertThat(sig).contains("Signature is Valid").doesNotContain("Signature is Invalid")
        .contains("Total document signed");
  }

  @Test
  void recordOfATamperedFileNamesTheFailureInEnglish() throws Exception {
    byte[] tampered = signed.clone();
    int at = new String(tampered, StandardCharsets.ISO_8859_1).indexOf("Hello");
    tampered[at < 0 ? 200 : at] ^= 0x01;
    HttpResponse<byte[]> r = post(sealed, "/v1/verify?format=pdf&lang=en&name=changed.pdf", null, tampered);
    assertThat(r.statusCode()).isEqualTo(200);
    String verdict = r.headers().firstValue("X-Kyso-Verdict").orElseThrow();
    assertThat(verdict).isIn("TOTAL_FAILED", "UNREADABLE");
    String t = text(r.body());
    assertThat(t).contains("DIGITAL SIGNATURE VALIDATION RECORD", "changed.pdf", sha256(tampered), verdict,
        "This record is signed with the verification service's seal");
    assertThat(verify(r.body()).verdict()).isEqualTo(Verdict.TOTAL_PASSED);
  }

  @Test
  void withoutASealTheRecordIsUnsignedAndSaysSo() throws Exception {
    HttpResponse<byte[]> r = post(plain, "/v1/verify?format=pdf&lang=en&name=a.pdf", null, signed);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Kyso-Sealed")).hasValue("false");
    assertThat(text(r.body())).contains("TOTAL_PASSED", "This record is NOT signed");
    assertThat(verify(r.body()).verdict()).isEqualTo(Verdict.NO_SIGNATURE);
  }

  @Test
  void aRecordIsForOneFile() throws Exception {
    String boundary = "BnD";
    byte[] body = ServeHttpTest.multipart(boundary, List.of(java.util.Map.entry("a.pdf", signed),
        java.util.Map.entry("b.pdf", signed)));
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(plain.uri().resolve("/v1/verify?format=pdf"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("bad_parameter");
  }

  @Test
  void signsAtBtAndBltWithTheConfiguredTimestampAuthority() throws Exception {
    int before = tsa.requests();
    for (String level : List.of("B-T", "B-LT")) {
      HttpResponse<byte[]> r = post(sealed, "/v1/sign/pdf?level=" + level, TOKEN, MinimalPdf.bytes());
      assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
      VerificationReport v = verify(r.body());
      assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.TOTAL_PASSED);
      assertThat(v.signatures().get(0).level()).endsWith("BASELINE-" + level.substring(2));
      assertThat(v.signatures().get(0).provenSigningTime()).isPresent();
      assertThat(pdfsig(r.body(), "signed-" + level + ".pdf")).contains("Signature is Valid");
    }
    assertThat(tsa.requests()).isGreaterThan(before);
  }

  @Test
  void thePageOffersTheRecord() throws Exception {
    HttpResponse<String> en = http.send(HttpRequest.newBuilder(plain.uri().resolve("/?lang=en")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(en.body()).contains("id=\"record\"", "Download the validation record (PDF)");
    HttpResponse<String> js = http.send(HttpRequest.newBuilder(plain.uri().resolve("/static/page.js")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(js.body()).contains("/v1/verify?format=pdf");
  }

  @Test
  void readsSealTimestampsRemoteKeysAndJobsFromYaml() throws Exception {
    Path yaml = dir.resolve("city.yaml");
    Files.writeString(yaml, "organisations:\n  dien-bien:\n    name: UBND phường Điện Biên\n    abbreviation: UBND\n"
        + "    key: p12:w.p12\n    pinFile: pin\n"
        + "seal: dien-bien\n"
        + "timestamps:\n  urls: [http://127.0.0.1:1/tsa, https://tsa.example.vn/]\n  username: kyso\n"
        + "  passwordEnv: TSA_PW\n  policy: 1.2.3\n"
        + "remoteKeys:\n  - name: chu-tich\n    organisation: dien-bien\n    key: csc:https://csc.example.vn/csc/v2"
        + "?credential=a\n    pinEnv: PIN\n    clientSecretFile: secret\n"
        + "jobs:\n  workers: 0\n  expiryMinutes: 30\n  approvalTimeoutSeconds: 90\n  leaseSeconds: 10\n"
        + "  callbacks: [https://portal.example.vn/kyso/]\n", StandardCharsets.UTF_8);
    ServerConfig c = ServerConfig.load(Optional.of(yaml), java.util.Map.of());
    assertThat(c.seal()).hasValue("dien-bien");
    assertThat(c.timestamps().orElseThrow().urls()).hasSize(2);
    assertThat(c.timestamps().orElseThrow().passwordEnv()).hasValue("TSA_PW");
    assertThat(c.remoteKeys()).singleElement().satisfies(k -> {
      assertThat(k.clientSecretFile()).hasValue(dir.resolve("secret"));
      assertThat(k.pinEnv()).hasValue("PIN");
    });
    assertThat(c.jobWorkers()).isZero();
    assertThat(c.jobExpiry()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.jobLease()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.approvalTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.callbackPrefixes()).containsExactly("https://portal.example.vn/kyso/");
    Files.writeString(yaml, "organisations:\n  a:\n    name: A\n    abbreviation: A\nseal: a\n", StandardCharsets.UTF_8);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerConfig.load(Optional.of(yaml), java.util.Map.of()))
        .isInstanceOf(org.kyso.core.DocumentException.class).hasMessageContaining("seal");
    Files.writeString(yaml, "timestamps:\n  urls: [ftp://x/]\n", StandardCharsets.UTF_8);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerConfig.load(Optional.of(yaml), java.util.Map.of()))
        .isInstanceOf(org.kyso.core.DocumentException.class).hasMessageContaining("ftp://x/");
    Files.writeString(yaml, "jobs:\n  colour: blue\n", StandardCharsets.UTF_8);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerConfig.load(Optional.of(yaml), java.util.Map.of()))
        .isInstanceOf(org.kyso.core.DocumentException.class).hasMessageContaining("jobs.colour");
  }

  @Test
  void withoutATimestampAuthorityLevelsAboveBbAreRefused() throws Exception {
    HttpResponse<byte[]> r = post(plain, "/v1/sign/pdf?level=B-T", TOKEN, MinimalPdf.bytes());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("bad_parameter", "timestamp authority");
  }
}
