package org.kyso.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.PinSource;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.MinimalPdf;
import org.kyso.core.testing.TestPki;
import org.kyso.core.verify.Verdict;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verifier;
import org.kyso.pdf.PdfVerification;
import org.kyso.server.ServerConfig.ApiToken;
import org.kyso.server.ServerConfig.OrganisationConfig;
import org.kyso.server.ServerConfig.Scope;
import org.kyso.core.internal.json.Json;
import org.kyso.token.Keys;
import org.kyso.xml.XmlVerification;

/** Tokens, signing with the server's key and two-step signing, registers per organisation, the audit log. */
class ServeApiTest {
  @TempDir
  static Path dir;
  static TestPki pki;
  static KysoServer server;
  static Path root;
  static Path audit;
  static Path personP12;
  static final String TOKEN_A = "tok-a-3f9c1e0b7d2a";
  static final String TOKEN_B = "tok-b-88aa11cc22dd";
  static final String TOKEN_VERIFY_ONLY = "tok-v-5566778899";
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void start() throws Exception {
    pki = TestPki.start();
    root = pki.writeRootPem(dir);
    Path wardA = TestPki.writeP12(pki.pki().organisation("UBND phường Điện Biên"), dir.resolve("a.p12"), "pa");
    Path wardB = TestPki.writeP12(pki.pki().organisation("UBND phường Ba Đình"), dir.resolve("b.p12"), "pb");
    personP12 = TestPki.writeP12(pki.pki().person("Nguyễn Văn An"), dir.resolve("an.p12"), "pan");
    Files.writeString(dir.resolve("pin-a"), "pa");
    Files.writeString(dir.resolve("pin-b"), "pb");
    Path seal = dir.resolve("seal.png");
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(120, 120,
        java.awt.image.BufferedImage.TYPE_INT_ARGB);
    java.awt.Graphics2D g = img.createGraphics();
    g.setColor(java.awt.Color.RED);
    g.drawOval(5, 5, 110, 110);
    g.dispose();
    javax.imageio.ImageIO.write(img, "png", seal.toFile());
    audit = dir.resolve("audit.jsonl");
    server = KysoServer.start(ServerConfig.builder().port(0).trust(root).database(dir.resolve("reg.db").toString())
        .auditLog(audit)
        .organisation(new OrganisationConfig("dien-bien", "UBND phường Điện Biên", "UBND",
            java.util.Optional.of("p12:" + wardA), java.util.Optional.empty(),
            java.util.Optional.of(dir.resolve("pin-a")), java.util.Optional.of(seal)))
        .organisation(new OrganisationConfig("ba-dinh", "UBND phường Ba Đình", "UBND",
            java.util.Optional.of("p12:" + wardB), java.util.Optional.empty(),
            java.util.Optional.of(dir.resolve("pin-b")), java.util.Optional.of(seal)))
        .token(new ApiToken("portal-a", "dien-bien", Set.of(Scope.SIGN, Scope.REGISTER, Scope.VERIFY),
            ServerConfig.hashToken(TOKEN_A)))
        .token(new ApiToken("portal-b", "ba-dinh", Set.of(Scope.SIGN, Scope.REGISTER), ServerConfig.hashToken(TOKEN_B)))
        .token(new ApiToken("reader", "dien-bien", Set.of(Scope.VERIFY), ServerConfig.hashToken(TOKEN_VERIFY_ONLY)))
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

  static HttpResponse<byte[]> send(String method, String path, String token, String type, byte[] body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (type != null) {
      b.header("Content-Type", type);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(HttpResponse<byte[]> r) {
    return (Map<String, Object>) Json.parse(new String(r.body(), StandardCharsets.UTF_8), Json.Numbers.DECIMAL);
  }

  static String code(HttpResponse<byte[]> r) {
    @SuppressWarnings("unchecked")
    Map<String, Object> e = (Map<String, Object>) json(r).get("error");
    return (String) e.get("code");
  }

  static byte[] multipart(String boundary, Map<String, byte[]> parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> p : parts.entrySet()) {
      out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.getKey() + "\""
          + (p.getKey().equals("file") ? "; filename=\"doc.pdf\"" : "") + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      out.writeBytes(p.getValue());
      out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  static VerificationReport verify(byte[] doc) throws Exception {
    return Verifier.builder().formats(PdfVerification.format(), XmlVerification.format())
        .trust(TrustAnchors.fromPem(root)).build().verify(doc, "doc.pdf");
  }

  @Test
  void signAndRegisterAnswer401WithoutTokenAnd403WithAnotherOrganisationsToken() throws Exception {
    byte[] pdf = MinimalPdf.bytes();
    String entry = "{\"type\":\"CV\",\"summary\":\"V/v thử\"}";
    for (String path : List.of("/v1/sign/pdf", "/v1/sign/xml", "/v1/sign/pdf/prepare",
        "/v1/orgs/dien-bien/registers/out")) {
      HttpResponse<byte[]> none = send("POST", path, null, "application/pdf", pdf);
      assertThat(none.statusCode()).as(path).isEqualTo(401);
      assertThat(code(none)).isEqualTo("unauthorized");
      HttpResponse<byte[]> unknown = send("POST", path, "not-a-token", "application/pdf", pdf);
      assertThat(unknown.statusCode()).as(path).isEqualTo(401);
    }
    for (String path : List.of("/v1/orgs/dien-bien/registers/search", "/v1/orgs/dien-bien/registers/verify",
        "/v1/orgs/dien-bien/registers/export.csv")) {
      assertThat(send("GET", path, null, null, null).statusCode()).as(path).isEqualTo(401);
      HttpResponse<byte[]> other = send("GET", path, TOKEN_B, null, null);
      assertThat(other.statusCode()).as(path).isEqualTo(403);
      assertThat(code(other)).isEqualTo("forbidden");
    }
    HttpResponse<byte[]> otherAdd = send("POST", "/v1/orgs/dien-bien/registers/out", TOKEN_B, "application/json",
        entry.getBytes(StandardCharsets.UTF_8));
    assertThat(otherAdd.statusCode()).isEqualTo(403);
    HttpResponse<byte[]> otherSign = send("POST", "/v1/sign/pdf?org=dien-bien", TOKEN_B, "application/pdf", pdf);
    assertThat(otherSign.statusCode()).isEqualTo(403);
    HttpResponse<byte[]> noScope = send("POST", "/v1/sign/pdf", TOKEN_VERIFY_ONLY, "application/pdf", pdf);
    assertThat(noScope.statusCode()).isEqualTo(403);
    assertThat(code(noScope)).isEqualTo("forbidden");
  }

  @Test
  void signsWithTheOrganisationsKeyAndWritesTheAuditLog() throws Exception {
    byte[] pdf = MinimalPdf.bytes();
    HttpResponse<byte[]> r = send("POST", "/v1/sign/pdf?profile=appendix&number=15/QĐ-UBND", TOKEN_A,
        "application/pdf", pdf);
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/pdf");
    VerificationReport report = verify(r.body());
    assertThat(report.verdict()).isEqualTo(Verdict.TOTAL_PASSED);
    assertThat(report.signatures().get(0).signedBy()).isEqualTo("UBND phường Điện Biên");

    HttpResponse<byte[]> b = send("POST", "/v1/sign/pdf", TOKEN_B, "application/pdf", pdf);
    assertThat(verify(b.body()).signatures().get(0).signedBy()).isEqualTo("UBND phường Ba Đình");

    String log = Files.readString(audit);
    assertThat(log).contains("\"token\":\"portal-a\"").contains("\"organisation\":\"dien-bien\"")
        .contains("\"action\":\"sign.pdf\"").contains(org.kyso.core.verify.ReportFormats.class.getSimpleName().isEmpty()
            ? "" : "\"documentSha256\":\"" + sha256(pdf) + "\"");
    assertThat(log).doesNotContain(TOKEN_A).doesNotContain(TOKEN_B).doesNotContain("%PDF").doesNotContain("\"pa\"");
  }

  @Test
  void signsXmlInTwoStepsForAKeyTheServerDoesNotHold() throws Exception {
    byte[] xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><HoSo><TieuDe>Tờ trình số 12</TieuDe></HoSo>"
        .getBytes(StandardCharsets.UTF_8);
    try (SigningKey person = Keys.open("p12:" + personP12, PinSource.of("pan".toCharArray()))) {
      StringBuilder pem = new StringBuilder();
      for (var c : person.certificateChain()) {
        pem.append(DevPki.pem(c));
      }
      byte[] cert = pem.toString().getBytes(StandardCharsets.US_ASCII);
      HttpResponse<byte[]> prep = send("POST", "/v1/sign/xml/prepare", TOKEN_A, "multipart/form-data; boundary=QQ",
          multipart("QQ", Map.of("file", xml, "certificate", cert)));
      assertThat(prep.statusCode()).as(new String(prep.body(), StandardCharsets.UTF_8)).isEqualTo(200);
      Map<String, Object> p = json(prep);
      byte[] digest = Base64.getDecoder().decode((String) p.get("digest"));
      byte[] value = person.signDigest(SignatureAlgorithm.valueOf((String) p.get("signatureAlgorithm")), digest);
      java.util.LinkedHashMap<String, byte[]> parts = new java.util.LinkedHashMap<>();
      parts.put("file", xml);
      parts.put("certificate", cert);
      parts.put("transaction", ((String) p.get("transaction")).getBytes(StandardCharsets.US_ASCII));
      parts.put("signatureValue", Base64.getEncoder().encode(value));
      HttpResponse<byte[]> done = send("POST", "/v1/sign/xml/complete", TOKEN_A, "multipart/form-data; boundary=QQ",
          multipart("QQ", parts));
      assertThat(done.statusCode()).as(new String(done.body(), StandardCharsets.UTF_8)).isEqualTo(200);
      VerificationReport report = Verifier.builder().formats(PdfVerification.format(), XmlVerification.format()).trust(TrustAnchors.fromPem(root)).build()
          .verify(done.body(), "to-trinh.xml");
      assertThat(report.verdict()).as(report.toString()).isEqualTo(Verdict.TOTAL_PASSED);
      assertThat(report.signatures().get(0).signedBy()).isEqualTo("Nguyễn Văn An");
      Path signed = dir.resolve("two-step.xml");
      Files.write(signed, done.body());
      java.nio.file.Path xmlsec1 = org.kyso.core.testing.ExternalTools.require("xmlsec1", "xmlsec1");
      org.kyso.core.testing.ExternalTools.Result x = org.kyso.core.testing.ExternalTools.run(List.of(
          xmlsec1.toString(), "--verify", "--trusted-pem", root.toString(), "--id-attr:Id",
          "http://uri.etsi.org/01903/v1.3.2#:SignedProperties", signed.toString()));
      assertThat(x.exitCode()).as(x.all()).isZero();
      // its validation record (this service has no seal: unsigned, and says so)
      HttpResponse<byte[]> rec = send("POST", "/v1/verify?format=pdf&lang=en&name=to-trinh.xml", null,
          "application/xml", done.body());
      assertThat(rec.statusCode()).isEqualTo(200);
      try (var d = org.apache.pdfbox.Loader.loadPDF(rec.body())) {
        assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(d)).contains("to-trinh.xml", "TOTAL_PASSED",
            "Nguyễn Văn An", "XAdES", "NOT signed");
      }

      // a wrong value, another document, or a PDF transaction make no document
      parts.put("signatureValue", Base64.getEncoder().encode(new byte[value.length]));
      HttpResponse<byte[]> bad = send("POST", "/v1/sign/xml/complete", TOKEN_A, "multipart/form-data; boundary=QQ",
          multipart("QQ", parts));
      assertThat(bad.statusCode()).isBetween(400, 499);
      assertThat(json(bad)).containsKey("error");
      parts.put("signatureValue", Base64.getEncoder().encode(value));
      parts.put("file", "<HoSo><TieuDe>Tờ trình số 13</TieuDe></HoSo>".getBytes(StandardCharsets.UTF_8));
      HttpResponse<byte[]> changed = send("POST", "/v1/sign/xml/complete", TOKEN_A,
          "multipart/form-data; boundary=QQ", multipart("QQ", parts));
      assertThat(changed.statusCode()).isEqualTo(409);
      assertThat(code(changed)).isEqualTo("document_changed");
      HttpResponse<byte[]> none = send("POST", "/v1/sign/xml/prepare", null, "multipart/form-data; boundary=QQ",
          multipart("QQ", Map.of("file", xml, "certificate", cert)));
      assertThat(none.statusCode()).isEqualTo(401);
    }
  }

  @Test
  void signsInTwoStepsForAKeyTheServerDoesNotHold() throws Exception {
    byte[] pdf = MinimalPdf.bytes();
    try (SigningKey person = Keys.open("p12:" + personP12, PinSource.of("pan".toCharArray()))) {
      StringBuilder pem = new StringBuilder();
      for (var c : person.certificateChain()) {
        pem.append(DevPki.pem(c));
      }
      byte[] cert = pem.toString().getBytes(StandardCharsets.US_ASCII);
      HttpResponse<byte[]> prep = send("POST", "/v1/sign/pdf/prepare", TOKEN_A, "multipart/form-data; boundary=QQ",
          multipart("QQ", Map.of("file", pdf, "certificate", cert)));
      assertThat(prep.statusCode()).as(new String(prep.body(), StandardCharsets.UTF_8)).isEqualTo(200);
      Map<String, Object> p = json(prep);
      byte[] digest = Base64.getDecoder().decode((String) p.get("digest"));
      byte[] value = person.signDigest(SignatureAlgorithm.valueOf((String) p.get("signatureAlgorithm")), digest);
      java.util.LinkedHashMap<String, byte[]> parts = new java.util.LinkedHashMap<>();
      parts.put("file", pdf);
      parts.put("certificate", cert);
      parts.put("transaction", ((String) p.get("transaction")).getBytes(StandardCharsets.US_ASCII));
      parts.put("signatureValue", Base64.getEncoder().encode(value));
      HttpResponse<byte[]> done = send("POST", "/v1/sign/pdf/complete", TOKEN_A, "multipart/form-data; boundary=QQ",
          multipart("QQ", parts));
      assertThat(done.statusCode()).as(new String(done.body(), StandardCharsets.UTF_8)).isEqualTo(200);
      VerificationReport report = verify(done.body());
      assertThat(report.verdict()).isEqualTo(Verdict.TOTAL_PASSED);
      assertThat(report.signatures().get(0).signedBy()).isEqualTo("Nguyễn Văn An");

      // a wrong value does not make a document
      parts.put("signatureValue", Base64.getEncoder().encode(new byte[value.length]));
      HttpResponse<byte[]> bad = send("POST", "/v1/sign/pdf/complete", TOKEN_A, "multipart/form-data; boundary=QQ",
          multipart("QQ", parts));
      assertThat(bad.statusCode()).isBetween(400, 499);
      assertThat(json(bad)).containsKey("error");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void registersPerOrganisationOverHttp() throws Exception {
    String e1 = "{\"type\":\"QĐ\",\"summary\":\"Quyết định khen thưởng tổ dân phố\",\"signer\":\"Nguyễn Văn An\"}";
    HttpResponse<byte[]> a1 = send("POST", "/v1/orgs/dien-bien/registers/out", TOKEN_A, "application/json",
        e1.getBytes(StandardCharsets.UTF_8));
    assertThat(a1.statusCode()).as(new String(a1.body(), StandardCharsets.UTF_8)).isEqualTo(201);
    Map<String, Object> entry = (Map<String, Object>) json(a1).get("entry");
    assertThat(entry.get("notation")).asString().endsWith("/QĐ-UBND");
    // the same view of an entry as `kyso register show --format json` (registers' EntryJson)
    assertThat(entry).containsKeys("typeName", "filingUnit", "copies", "urgency", "confidentiality")
        .doesNotContainKeys("arrivalDate", "trace");
    HttpResponse<byte[]> b1 = send("POST", "/v1/orgs/ba-dinh/registers/out", TOKEN_B, "application/json",
        e1.getBytes(StandardCharsets.UTF_8));
    assertThat(((Map<String, Object>) json(b1).get("entry")).get("number")).hasToString("1");

    // issuance: the chairman approved it, then the register's number and date are stamped and sealed with the
    // ward's key
    byte[] approved;
    try (SigningKey person = Keys.open("p12:" + personP12, PinSource.of("pan".toCharArray()))) {
      approved = org.kyso.pdf.PdfSigner.builder(person).appearance(org.kyso.pdf.Decree30.approval(
          org.kyso.pdf.SignatureImage.png(dir.resolve("seal.png")))).build().sign(Letter.create("Nguyễn Văn An"));
    }
    HttpResponse<byte[]> issued = send("POST", "/v1/orgs/dien-bien/registers/out", TOKEN_A,
        "multipart/form-data; boundary=ZZ", multipart("ZZ", new java.util.LinkedHashMap<>(Map.of(
            "entry", "{\"type\":\"TB\",\"summary\":\"Thông báo lịch tiếp dân\"}".getBytes(StandardCharsets.UTF_8),
            "file", approved))));
    assertThat(issued.statusCode()).as(new String(issued.body(), StandardCharsets.UTF_8)).isEqualTo(201);
    byte[] pdf = Base64.getDecoder().decode((String) json(issued).get("issuedPdf"));
    assertThat(verify(pdf).verdict()).isEqualTo(Verdict.TOTAL_PASSED);
    assertThat(verify(pdf).signatures()).extracting(s -> s.signedBy())
        .containsExactly("Nguyễn Văn An", "UBND phường Điện Biên");
    Map<String, Object> issuedEntry = (Map<String, Object>) json(issued).get("entry");
    assertThat(issuedEntry.get("fileSha256")).isEqualTo(sha256(pdf));

    // incoming with verification
    HttpResponse<byte[]> in = send("POST", "/v1/orgs/ba-dinh/registers/in", TOKEN_B, "multipart/form-data; boundary=YY",
        multipart("YY", new java.util.LinkedHashMap<>(Map.of("entry", ("{\"author\":\"UBND phường Điện Biên\","
            + "\"code\":\"" + issuedEntry.get("notation") + "\",\"summary\":\"Thông báo lịch tiếp dân\"}")
            .getBytes(StandardCharsets.UTF_8), "file", pdf))));
    assertThat(in.statusCode()).as(new String(in.body(), StandardCharsets.UTF_8)).isEqualTo(201);
    Map<String, Object> inEntry = (Map<String, Object>) json(in).get("entry");
    assertThat(inEntry.get("verdict")).isEqualTo("TOTAL_PASSED");
    assertThat(inEntry).containsKeys("typeName", "arrivalDate", "dueDate", "trace", "urgency")
        .doesNotContainKeys("filingUnit", "copies");

    // search and export never cross organisations
    HttpResponse<byte[]> sa = send("GET", "/v1/orgs/dien-bien/registers/search?text=tiep%20dan", TOKEN_A, null, null);
    assertThat((List<Object>) json(sa).get("entries")).hasSize(1);
    HttpResponse<byte[]> sb = send("GET", "/v1/orgs/ba-dinh/registers/search?register=out", TOKEN_B, null, null);
    assertThat((List<Object>) json(sb).get("entries")).hasSize(1);
    String csvB = new String(send("GET", "/v1/orgs/ba-dinh/registers/export.csv", TOKEN_B, null, null).body(),
        StandardCharsets.UTF_8);
    assertThat(csvB).contains("Quyết định khen thưởng").doesNotContain("Thông báo lịch tiếp dân\",\"UBND phường Điện");
    HttpResponse<byte[]> book = send("GET", "/v1/orgs/dien-bien/registers/export.pdf?register=out&year="
        + issuedEntry.get("year"), TOKEN_A, null, null);
    assertThat(book.statusCode()).isEqualTo(200);
    assertThat(new String(book.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");

    HttpResponse<byte[]> show = send("GET", "/v1/orgs/dien-bien/registers/out/" + entry.get("year") + "/"
        + entry.get("number"), TOKEN_A, null, null);
    assertThat(show.statusCode()).isEqualTo(200);
    assertThat((List<Object>) json(show).get("history")).isNotEmpty()
        .allSatisfy(h -> assertThat((Map<String, Object>) h).containsKeys("seq", "kind", "recordedAt", "note", "hash"));
    assertThat(json(show).get("entry")).isEqualTo(entry);

    for (String org : List.of("dien-bien", "ba-dinh")) {
      HttpResponse<byte[]> v = send("GET", "/v1/orgs/" + org + "/registers/verify",
          org.equals("dien-bien") ? TOKEN_A : TOKEN_B, null, null);
      assertThat(json(v).get("intact")).as(new String(v.body(), StandardCharsets.UTF_8)).isEqualTo(true);
    }
    assertThat(Files.readString(audit)).contains("\"action\":\"register.out\"").contains("\"action\":\"register.in\"");
  }

  @Test
  @SuppressWarnings("unchecked")
  void openApiDescribesEveryRouteTheServerAnswers() throws Exception {
    Map<String, Object> doc = json(send("GET", "/v1/openapi.json", null, null, null));
    Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
    assertThat(paths.keySet()).containsExactlyInAnyOrderElementsOf(org.kyso.server.internal.Router.ROUTES.keySet());
    for (Map.Entry<String, String> route : org.kyso.server.internal.Router.ROUTES.entrySet()) {
      Map<String, Object> ops = (Map<String, Object>) paths.get(route.getKey());
      assertThat(ops.keySet()).as(route.getKey()).containsExactly(route.getValue().toLowerCase(java.util.Locale.ROOT));
      // the server knows the route: never "not_found"
      String path = route.getKey().replace("{org}", "dien-bien").replace("{year}", "2026").replace("{number}", "1")
          .replace("{id}", "0123456789abcdef0123456789abcdef");
      HttpResponse<byte[]> r = send(route.getValue(), path, null, "application/octet-stream",
          route.getValue().equals("POST") ? new byte[0] : null);
      if (r.statusCode() == 404) {
        assertThat(code(r)).as(path).isNotEqualTo("not_found");
      }
    }
  }

  static String sha256(byte[] b) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
  }

  static URI uri(String p) {
    return server.uri().resolve(p);
  }
}
