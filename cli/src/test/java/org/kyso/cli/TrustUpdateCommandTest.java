package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kyso trust update|import|list|remove} against a loopback server that mirrors the official addresses
 * (never the real ones): pinned certificates installed, a wrong one refused with a sentence, nothing half-written.
 */
class TrustUpdateCommandTest {
  @TempDir
  Path dir;

  private HttpServer server;
  private String base;
  private final Map<String, byte[]> files = new HashMap<>();
  private final List<String> requested = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      String path = ex.getRequestURI().getPath();
      requested.add(path);
      byte[] body = files.get(path);
      if (body == null) {
        ex.sendResponseHeaders(404, -1);
        ex.close();
        return;
      }
      ex.sendResponseHeaders(200, body.length);
      try (var o = ex.getResponseBody()) {
        o.write(body);
      }
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private Map<String, String> env() {
    return Map.of("KYSO_TRUST_DIR", dir.resolve("store").toString());
  }

  private static X509Certificate cert(Path pem) throws Exception {
    try (var in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static byte[] p7b(X509Certificate c) throws Exception {
    return CertificateFactory.getInstance("X.509").generateCertPath(List.of(c)).getEncoded("PKCS7");
  }

  private List<String> storeFiles() throws Exception {
    Path store = dir.resolve("store");
    if (!Files.exists(store)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(store)) {
      return s.filter(Files::isRegularFile).map(p -> store.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void installsThePinnedCertificatesAndRefusesAWrongOneWritingNothingForIt() throws Exception {
    Path trust = TrustProfilesTest.shared("vn-trust");
    files.put("/ca.gov.vn/pki/pub/cert/rootca.crt", cert(trust.resolve("vgca-g1-root.pem")).getEncoded()); // DER
    files.put("/ca.gov.vn/pki/pub/cert/cp.crt", Files.readAllBytes(trust.resolve(
        "vgca-g1-cp-co-quan-chung-thuc-so-chinh-phu.pem"))); // PEM
    files.put("/ca.gov.vn/pki/pub/crt/rootcag2.crt", cert(trust.resolve("vgca-g2-root.pem")).getEncoded());
    // the Party CA's certificate where the State CA's should be: a wrong fingerprint
    files.put("/ca.gov.vn/pki/pub/crt/cpcag2.crt", cert(trust.resolve("vgca-g2-dcs-ca-phuc-vu-co-quan-dang.pem"))
        .getEncoded());
    files.put("/rootca.gov.vn/crt/vnrca256.p7b", p7b(cert(trust.resolve("vn-root-vnrca-sha256.pem"))));
    // micnrca.crt: 404

    var r = CliRunner.run(env(), "trust", "update", "--mirror", base);
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(65);
    assertThat(r.err()).contains("The certificate downloaded from http://ca.gov.vn/pki/pub/crt/cpcag2.crt has SHA-256"
        + " E4:B4:02:E3").contains("not the pinned D8:CA:B7:A4").contains("CA phục vụ các cơ quan Nhà nước G2")
        .contains("it was refused and nothing was installed for it")
        .contains("could not be downloaded from https://rootca.gov.vn/crt/micnrca.crt (HTTP 404)")
        .doesNotContain("Exception");
    assertThat(r.out()).contains("installed:  RootCA chuyên dùng Chính phủ G2 [vn-gov]")
        .contains("installed:  Vietnam National Root CA (SHA-256) [vn-public]");
    assertThat(storeFiles()).containsExactly(
        "vn-gov/75E969C07BA35C29C72BBC1BFB880F20F3891A619B00B77EB02CA6160736A1FE.pem",
        "vn-gov/75E969C07BA35C29C72BBC1BFB880F20F3891A619B00B77EB02CA6160736A1FE.source",
        "vn-gov/F04BA4B459A7C9A1B971AD9B1CB833E695A80C79AEA63B174B66A70EDFE2FDB8.pem",
        "vn-gov/F04BA4B459A7C9A1B971AD9B1CB833E695A80C79AEA63B174B66A70EDFE2FDB8.source",
        "vn-gov/F7BC89054CEC7F12730D7B8CD3EB7955B163835087E5EB873EDFB584763B3F90.pem",
        "vn-gov/F7BC89054CEC7F12730D7B8CD3EB7955B163835087E5EB873EDFB584763B3F90.source",
        "vn-public/BAC8BF609AB420A8EE1780D74F4DE5C7F7184959D2A7375B0A75E4C29F0908E7.pem",
        "vn-public/BAC8BF609AB420A8EE1780D74F4DE5C7F7184959D2A7375B0A75E4C29F0908E7.source");
    assertThat(requested).allMatch(p -> p.startsWith("/ca.gov.vn/") || p.startsWith("/rootca.gov.vn/"));

    var list = CliRunner.run(env(), "trust", "list");
    assertThat(list.exitCode()).isZero();
    assertThat(list.out()).contains("[vn-gov] CN=RootCA chuyên dùng Chính phủ G2")
        .contains("valid 2018-08-22 to 2048-08-14")
        .contains("SHA-256 F0:4B:A4:B4:59:A7:C9:A1:B9:71:AD:9B:1C:B8:33:E6:95:A8:0C:79:AE:A6:3B:17:4B:66:A7:0E:DF:E2:FD:B8")
        .contains("source http://ca.gov.vn/pki/pub/crt/rootcag2.crt (fingerprint pinned in kyso)")
        .contains("[vn-public] CN=Vietnam National Root CA");

    // the mirror fixed: a second run installs the State CA and reports the others up to date
    files.put("/ca.gov.vn/pki/pub/crt/cpcag2.crt", cert(trust.resolve("vgca-g2-cp-ca-phuc-vu-co-quan-nha-nuoc.pem"))
        .getEncoded());
    var again = CliRunner.run(env(), "trust", "update", "--mirror", base, "--profile", "vn-gov");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).contains("installed:  CA phục vụ các cơ quan Nhà nước G2")
        .contains("up to date: RootCA chuyên dùng Chính phủ G2");
    assertThat(again.err()).contains("CA phục vụ các cơ quan Đảng G2\" has no official download address");
    assertThat(requested).noneMatch(p -> p.startsWith("/rootca.gov.vn/") && requested.indexOf(p) > 5);
  }

  @Test
  void aGovernmentTrustListNotSignedUnderAPinnedRootIsRefusedAndNothingFromItInstalled() throws Exception {
    Path trust = TrustProfilesTest.shared("vn-trust");
    files.put("/ca.gov.vn/pki/pub/crt/rootcag2.crt", cert(trust.resolve("vgca-g2-root.pem")).getEncoded());
    org.kyso.core.devpki.DevPki forger = org.kyso.core.devpki.DevPki.create();
    X509Certificate fake = forger.root().certificate();
    files.put("/ca.gov.vn/pki/pub/ctl/gca.ctl", org.kyso.core.internal.trust.CertificateTrustListTest.ctl(
        forger.issuingCa(), List.of(fake), List.of(fake)));
    var r = CliRunner.run(env(), "trust", "update", "--mirror", base, "--profile", "vn-gov");
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(65);
    assertThat(r.err()).contains("The government trust list downloaded from http://ca.gov.vn/pki/pub/ctl/gca.ctl was"
        + " refused: it is signed by").contains("which does not chain to a certificate pinned in kyso");
    assertThat(storeFiles()).containsExactly(
        "vn-gov/F04BA4B459A7C9A1B971AD9B1CB833E695A80C79AEA63B174B66A70EDFE2FDB8.pem",
        "vn-gov/F04BA4B459A7C9A1B971AD9B1CB833E695A80C79AEA63B174B66A70EDFE2FDB8.source");
  }

  @Test
  void aServerThatDoesNotAnswerInstallsNothingAndExits69() throws Exception {
    var r = CliRunner.run(env(), "trust", "update", "--mirror", base, "--profile", "vn-public");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(69);
    assertThat(r.err()).contains("could not be downloaded");
    assertThat(storeFiles()).isEmpty();
  }

  /** A mirror nobody listens on: the sentence says why ("Connection refused"), never "(null)". */
  @Test
  void aRefusedConnectionIsNamedInWords() throws Exception {
    int port;
    try (var s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    var r = CliRunner.run(env(), "trust", "update", "--mirror", "http://127.0.0.1:" + port, "--profile",
        "vn-public");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(69);
    assertThat(r.err()).contains("could not be downloaded").doesNotContain("null")
        .containsIgnoringCase("refused");
    assertThat(storeFiles()).isEmpty();
  }

  @Test
  void importShowsTheFingerprintAndAsksForUnpinnedCertificates() throws Exception {
    Path trust = TrustProfilesTest.shared("vn-trust");
    Path p7b = dir.resolve("vnrca256.p7b");
    Files.write(p7b, p7b(cert(trust.resolve("vn-root-vnrca-sha256.pem"))));
    var pinned = CliRunner.run(env(), "trust", "import", p7b.toString());
    assertThat(pinned.exitCode()).as(pinned.err()).isZero();
    assertThat(pinned.out()).contains("pinned in kyso (Vietnam National Root CA (SHA-256))")
        .contains("SHA-256 BA:C8:BF:60").contains("imported into vn-public");

    Path der = dir.resolve("vnpt.cer");
    Files.write(der, cert(trust.resolve("vnpt-ca-sha2-2024.pem")).getEncoded());
    var noProfile = CliRunner.run(env(), "trust", "import", der.toString());
    assertThat(noProfile.exitCode()).isEqualTo(64);
    assertThat(noProfile.err()).contains("--profile vn-gov or --profile vn-public");
    var notConfirmed = CliRunner.run(env(), "trust", "import", der.toString(), "--profile", "vn-public");
    assertThat(notConfirmed.exitCode()).isEqualTo(64);
    assertThat(notConfirmed.out()).contains("NOT pinned in kyso").contains("SHA-256 7D:6B:A5:24");
    assertThat(notConfirmed.err()).contains("then run again with --yes");
    assertThat(storeFiles()).hasSize(2);
    var yes = CliRunner.run(env(), "trust", "import", der.toString(), "--profile", "vn-public", "--yes");
    assertThat(yes.exitCode()).isZero();
    assertThat(storeFiles()).hasSize(4);

    var list = CliRunner.run(env(), "trust", "list");
    assertThat(list.out()).contains("source imported from " + der.toAbsolutePath())
        .contains("(not pinned: imported by the user)");
    var rm = CliRunner.run(env(), "trust", "remove", "7D:6B:A5:24:53:17:F9:ED:5D:8B:C7:65:A4:63:4D:26:AC:63:40:D3:6B:9F"
        + ":58:4D:F3:B5:2D:9C:4A:81:A3:06");
    assertThat(rm.exitCode()).as(rm.err()).isZero();
    assertThat(storeFiles()).hasSize(2);

    Path junk = dir.resolve("junk.pem");
    Files.writeString(junk, "not a certificate");
    var bad = CliRunner.run(env(), "trust", "import", junk.toString(), "--profile", "vn-gov", "--yes");
    assertThat(bad.exitCode()).isEqualTo(65);
    assertThat(bad.err()).contains("is not a certificate").doesNotContain("Exception");
  }
}
