package org.kyso.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.pdf.PdfVerification;
import org.kyso.xml.XmlVerification;
import org.kyso.core.PinSource;
import org.kyso.core.SigningKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.testing.MinimalPdf;
import org.kyso.core.testing.TestPki;
import org.kyso.core.verify.Verdict;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verifier;
import org.kyso.server.ServerConfig.ApiToken;
import org.kyso.server.ServerConfig.OrganisationConfig;
import org.kyso.server.ServerConfig.RemoteKeyConfig;
import org.kyso.server.ServerConfig.Scope;
import org.kyso.core.internal.json.Json;
import org.kyso.token.Keys;
import org.kyso.token.testing.CscTestServer;
import org.kyso.token.testing.RemoteTestServer;

/**
 * Remote signing as asynchronous jobs kept in the shared database: a job accepted by one server (which runs no
 * jobs itself) is run by a second server on the same database against the loopback CSC service (approval on the
 * phone after a few polls), polled and fetched from the first, and called back. PostgreSQL when
 * {@code KYSO_TEST_PG_URL} is set, otherwise one SQLite file.
 */
class ServeJobsTest {
  @TempDir
  static Path dir;
  static TestPki pki;
  static CscTestServer csc;
  static SigningKey director;
  static KysoServer front;
  static KysoServer worker;
  static KysoServer shortLived;
  static HttpServer portal;
  static final List<String> callbacks = new CopyOnWriteArrayList<>();
  static Path root;
  static final String TOKEN = "tok-jobs-1a2b3c4d5e";
  static final String OTHER = "tok-jobs-other-99";
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void start() throws Exception {
    pki = TestPki.start();
    root = pki.writeRootPem(dir);
    Path p12 = TestPki.writeP12(pki.pki().person("Trần Thị Bình"), dir.resolve("binh.p12"), "pb");
    director = Keys.open("p12:" + p12, PinSource.of("pb".toCharArray()));
    csc = new CscTestServer().credential("binh", director, CscTestServer.Auth.ASYNC_APPROVAL).approveAfterPolls(2);
    portal = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    portal.createContext("/kyso/done", ex -> {
      callbacks.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    portal.start();
    String db = Optional.ofNullable(System.getenv("KYSO_TEST_PG_URL")).orElse(dir.resolve("shared.db").toString());
    ServerConfig common = ServerConfig.builder().port(0).trust(root).database(db)
        .organisation(new OrganisationConfig("dien-bien", "UBND phường Điện Biên", "UBND", Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty()))
        .organisation(new OrganisationConfig("ba-dinh", "UBND phường Ba Đình", "UBND", Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty()))
        .remoteKey(new RemoteKeyConfig("chu-tich", "dien-bien", csc.spec("binh"), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty()))
        .token(new ApiToken("portal", "dien-bien", Set.of(Scope.SIGN), ServerConfig.hashToken(TOKEN)))
        .token(new ApiToken("other", "ba-dinh", Set.of(Scope.SIGN), ServerConfig.hashToken(OTHER)))
        .callbackPrefix("http://127.0.0.1:" + portal.getAddress().getPort() + "/kyso/").build();
    front = KysoServer.start(common.newBuilder().jobWorkers(0).build());
    worker = KysoServer.start(common.newBuilder().jobWorkers(2).build());
    shortLived = KysoServer.start(common.newBuilder().jobWorkers(0).jobExpiry(Duration.ofSeconds(2)).build());
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {front, worker, shortLived, csc, director, pki}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // best effort
      }
    }
    if (portal != null) {
      portal.stop(0);
    }
  }

  static HttpResponse<byte[]> send(KysoServer s, String method, String path, String token, byte[] body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(s.uri().resolve(path)).method(method,
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/octet-stream");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(HttpResponse<byte[]> r) {
    return (Map<String, Object>) Json.parse(new String(r.body(), StandardCharsets.UTF_8), Json.Numbers.DECIMAL);
  }

  static Map<String, Object> awaitEnd(KysoServer s, String id) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < end) {
      Map<String, Object> j = json(send(s, "GET", "/v1/jobs/" + id, TOKEN, null));
      if (j.get("state").equals("DONE") || j.get("state").equals("FAILED")) {
        return j;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the job " + id + " did not end");
  }

  @Test
  void aJobAcceptedByOneReplicaIsRunByAnotherAndAnsweredByAny() throws Exception {
    int before = csc.count("signatures/signHash");
    String callback = "http://127.0.0.1:" + portal.getAddress().getPort() + "/kyso/done";
    HttpResponse<byte[]> r = send(front, "POST", "/v1/jobs/sign/pdf?key=chu-tich&name=to-trinh.pdf&callback="
        + java.net.URLEncoder.encode(callback, StandardCharsets.UTF_8), TOKEN, MinimalPdf.bytes());
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(202);
    Map<String, Object> job = json(r);
    String id = (String) job.get("id");
    assertThat(r.headers().firstValue("Location")).hasValue("/v1/jobs/" + id);
    assertThat(job.get("state")).isEqualTo("QUEUED");

    Map<String, Object> done = awaitEnd(front, id);
    assertThat(done.get("state")).as(done.toString()).isEqualTo("DONE");
    assertThat(((Number) done.get("attempts")).intValue()).as("claimed once, by the worker replica").isEqualTo(1);
    assertThat(csc.count("signatures/signHash")).isGreaterThan(before);
    assertThat(csc.count("credentials/authorizeCheck")).isGreaterThanOrEqualTo(2);

    for (KysoServer s : List.of(front, worker)) {
      HttpResponse<byte[]> pdf = send(s, "GET", "/v1/jobs/" + id + "/result", TOKEN, null);
      assertThat(pdf.statusCode()).isEqualTo(200);
      VerificationReport v = Verifier.builder().formats(PdfVerification.format(), XmlVerification.format()).trust(TrustAnchors.fromPem(root)).build().verify(pdf.body(), "x.pdf");
      assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.TOTAL_PASSED);
      assertThat(v.signatures().get(0).signedBy()).contains("Trần Thị Bình");
    }
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (callbacks.stream().noneMatch(c -> c.contains(id)) && System.nanoTime() < end) {
      Thread.sleep(100);
    }
    assertThat(callbacks).anySatisfy(c -> assertThat(c).contains(id, "DONE", "/v1/jobs/" + id)
        .doesNotContain("JVBER"));
    assertThat(new String(send(worker, "GET", "/metrics", null, null).body(), StandardCharsets.UTF_8))
        .contains("kyso_jobs_total{event=\"done\"}");
    assertThat(new String(send(front, "GET", "/metrics", null, null).body(), StandardCharsets.UTF_8))
        .contains("kyso_jobs_total{event=\"created\"}");
  }

  /** A QĐ 769 service (VNPT layout), the user approving in the app after a few polls. */
  @Test
  void aVietnameseServiceJobSignsOnceAndIsDone() throws Exception {
    try (RemoteTestServer qd = new RemoteTestServer(director, "sp-secret-77", "unused").approveAfterPolls(2);
         KysoServer a = KysoServer.start(vnConfig(qd, "a", 2))) {
      HttpResponse<byte[]> r = send(a, "POST", "/v1/jobs/sign/pdf?key=vnpt&name=cong-van.pdf", TOKEN,
          MinimalPdf.bytes());
      assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(202);
      String id = (String) json(r).get("id");
      Map<String, Object> done = awaitEnd(a, id);
      assertThat(done.get("state")).as(done.toString()).isEqualTo("DONE");
      assertThat(qd.signRequests()).isEqualTo(1);
      HttpResponse<byte[]> pdf = send(a, "GET", "/v1/jobs/" + id + "/result", TOKEN, null);
      VerificationReport v = Verifier.builder().formats(PdfVerification.format(), XmlVerification.format()).trust(TrustAnchors.fromPem(root)).build().verify(pdf.body(), "x.pdf");
      assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.TOTAL_PASSED);
    }
  }

  /**
   * The replica running a job stops while the user has not approved yet; another replica takes the job over when
   * the lease runs out and resumes the stored transaction: the service gets one sign request, not two.
   */
  @Test
  void aReplicaStoppedMidJobIsTakenOverAndTheTransactionResumed() throws Exception {
    try (RemoteTestServer qd = new RemoteTestServer(director, "sp-secret-77", "unused").approveAfterPolls(-1)) {
      String id;
      try (KysoServer first = KysoServer.start(vnConfig(qd, "first", 1))) {
        HttpResponse<byte[]> r = send(first, "POST", "/v1/jobs/sign/pdf?key=vnpt", TOKEN, MinimalPdf.bytes());
        id = (String) json(r).get("id");
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (qd.signRequests() == 0 && System.nanoTime() < end) {
          Thread.sleep(100);
        }
        assertThat(qd.signRequests()).as("the first replica sent the sign request").isEqualTo(1);
        assertThat(json(send(first, "GET", "/v1/jobs/" + id, TOKEN, null)).get("state")).isEqualTo("RUNNING");
      }
      qd.approveAfterPolls(1);
      try (KysoServer second = KysoServer.start(vnConfig(qd, "second", 1))) {
        Map<String, Object> done = awaitEnd(second, id);
        assertThat(done.get("state")).as(done.toString()).isEqualTo("DONE");
        assertThat(((Number) done.get("attempts")).intValue()).isEqualTo(2);
        assertThat(qd.signRequests()).as("resumed, not asked again").isEqualTo(1);
        HttpResponse<byte[]> pdf = send(second, "GET", "/v1/jobs/" + id + "/result", TOKEN, null);
        VerificationReport v = Verifier.builder().formats(PdfVerification.format(), XmlVerification.format()).trust(TrustAnchors.fromPem(root)).build()
            .verify(pdf.body(), "x.pdf");
        assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.TOTAL_PASSED);
      }
    }
  }

  /** A server of its own database (so the shared servers' workers stay out) with a QĐ 769 remote key. */
  static ServerConfig vnConfig(RemoteTestServer qd, String db, int workers) throws Exception {
    Path secret = dir.resolve("sp-secret");
    Files.writeString(secret, "sp-secret-77");
    return ServerConfig.builder().port(0).trust(root).database(dir.resolve("vn-" + qd.base().hashCode() + ".db")
        .toString())
        .organisation(new OrganisationConfig("dien-bien", "UBND phường Điện Biên", "UBND", Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty()))
        .remoteKey(new RemoteKeyConfig("vnpt", "dien-bien", qd.qd769Key(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.of(secret)))
        .token(new ApiToken("portal", "dien-bien", Set.of(Scope.SIGN), ServerConfig.hashToken(TOKEN)))
        .jobWorkers(workers).jobLease(Duration.ofSeconds(3)).build();
  }

  @Test
  void jobsNeedATokenOfTheirOrganisationAndAKnownKey() throws Exception {
    assertThat(send(front, "POST", "/v1/jobs/sign/pdf?key=chu-tich", null, MinimalPdf.bytes()).statusCode())
        .isEqualTo(401);
    assertThat(send(front, "POST", "/v1/jobs/sign/pdf?key=chu-tich", OTHER, MinimalPdf.bytes()).statusCode())
        .as("ba-dinh has no key named chu-tich").isEqualTo(404);
    String allowed = "http://127.0.0.1:" + portal.getAddress().getPort() + "/kyso/";
    for (String bad : List.of("http://169.254.169.254/x", allowed + "../admin", allowed.replace("/kyso/",
        "/kyso") + ".evil/")) {
      assertThat(send(front, "POST", "/v1/jobs/sign/pdf?key=chu-tich&callback="
          + java.net.URLEncoder.encode(bad, StandardCharsets.UTF_8), TOKEN, MinimalPdf.bytes()).statusCode())
          .as(bad).isEqualTo(400);
    }
    assertThat(send(front, "POST", "/v1/jobs/sign/pdf?key=chu-tich&level=B-T", TOKEN, MinimalPdf.bytes())
        .statusCode()).as("no timestamp authority configured").isEqualTo(400);
    HttpResponse<byte[]> r = send(front, "POST", "/v1/jobs/sign/pdf?key=chu-tich", TOKEN, MinimalPdf.bytes());
    String id = (String) json(r).get("id");
    assertThat(send(worker, "GET", "/v1/jobs/" + id, OTHER, null).statusCode()).isEqualTo(403);
    assertThat(send(worker, "GET", "/v1/jobs/" + id, null, null).statusCode()).isEqualTo(401);
    assertThat(send(worker, "GET", "/v1/jobs/0123456789abcdef0123456789abcdef", TOKEN, null).statusCode())
        .isEqualTo(404);
    awaitEnd(front, id);
  }

  @Test
  void anExpiredJobIsGone() throws Exception {
    HttpResponse<byte[]> r = send(shortLived, "POST", "/v1/jobs/sign/pdf?key=chu-tich", TOKEN, MinimalPdf.bytes());
    assertThat(r.statusCode()).isEqualTo(202);
    String id = (String) json(r).get("id");
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    int status = 0;
    while (System.nanoTime() < end) {
      status = send(shortLived, "GET", "/v1/jobs/" + id, TOKEN, null).statusCode();
      if (status == 404) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(status).isEqualTo(404);
  }
}
