package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.cli.demo.SampleLetter;
import org.kyso.core.devpki.CertificateSpec;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestOcspResponder;
import org.kyso.core.testing.TestPki;

/**
 * Issue 16: the Vietnamese trust profiles end to end through the CLI, with a trust store in a temporary folder
 * ({@code KYSO_TRUST_DIR}): chains built to each real root's subject (throw-away keys), the real tax-authority
 * signatures reaching "CA phục vụ các cơ quan Nhà nước G2", and every report field in vi, en and JSON.
 */
class TrustProfilesTest {
  private static final String PIN = "s3cret-Pin!";

  @TempDir
  Path dir;

  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** {@code ../shared/data/<sub>} from the repository root; skipped when absent, a failure under CI=true. */
  static Path shared(String sub) {
    Path root = Path.of("").toAbsolutePath();
    while (root != null && !Files.isDirectory(root.resolve("signing-core"))) {
      root = root.getParent();
    }
    Path data = root == null ? Path.of("absent") : root.resolve("..").resolve("shared").resolve("data").resolve(sub)
        .normalize();
    if (!Files.isDirectory(data)) {
      String msg = "the real sample data " + data + " is not here";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(msg);
      }
      Assumptions.abort(msg);
    }
    return data;
  }

  private Map<String, String> env() {
    Map<String, String> e = new HashMap<>();
    e.put("KYSO_TRUST_DIR", dir.resolve("store").toString());
    e.put("KYSO_PIN", PIN);
    return e;
  }

  private static X500Principal subjectOf(Path pem) throws Exception {
    try (var in = Files.newInputStream(pem)) {
      return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in))
          .getSubjectX500Principal();
    }
  }

  /** One signature of a JSON report, read through paths relative to it. */
  record Sig(Object node) {
    Object get(String path) {
      return org.kyso.core.internal.json.Json.at(node, path);
    }

    String text(String path) {
      return String.valueOf(get(path));
    }

    @Override
    public String toString() {
      return String.valueOf(node);
    }
  }

  private Sig signature(Path file, int index, String... extra) throws Exception {
    return new Sig(org.kyso.core.internal.json.Json.at(verifyJson(file, extra), "files/0/signatures/" + index));
  }

  private Object verifyJson(Path file, String... extra) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("verify", file.toString(), "--format", "json"));
    args.addAll(List.of(extra));
    var r = CliRunner.run(env(), args.toArray(String[]::new));
    assertThat(r.err()).doesNotContain("Exception");
    return org.kyso.core.internal.json.Json.parse(r.out());
  }

  @Test
  void realTaxAuthoritySignatureReachesTheG2CaAndIsIndeterminateForNoRevocationDataOffline() throws Exception {
    Path trust = shared("vn-trust");
    Path invoice = shared("einvoice-real").resolve("ca2-tdiep202-nban-cqt.xml");
    for (String f : List.of("vgca-g2-root.pem", "vgca-g2-cp-ca-phuc-vu-co-quan-nha-nuoc.pem")) {
      var r = CliRunner.run(env(), "trust", "import", trust.resolve(f).toString());
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out()).contains("pinned in kyso").contains("SHA-256 ");
    }
    // without the profile: no chain
    Sig before = signature(invoice, 1, "--offline");
    assertThat(before.text("signedBy")).isEqualTo("CỤC THUẾ");
    assertThat((before.get("trustAnchor") == null)).isTrue();
    assertThat(String.valueOf(before.get("errors"))).contains("trust anchor");

    Sig cqt = signature(invoice, 1, "--offline", "--trust-profile", "vn");
    assertThat(cqt.text("indication")).isEqualTo("INDETERMINATE");
    assertThat(cqt.text("trustAnchor")).contains("CA phục vụ các cơ quan Nhà nước G2");
    assertThat(cqt.text("trustProfile")).isEqualTo("vn-gov");
    assertThat(cqt.text("issuerName")).isEqualTo("CA phục vụ các cơ quan Nhà nước G2");
    assertThat(cqt.text("organisation")).isEqualTo("BỘ TÀI CHÍNH");
    assertThat(cqt.text("certificateSerial")).isEqualTo("2A05F812673607B0");
    assertThat(cqt.text("revocation/status")).isEqualTo("NONE");
    assertThat(cqt.text("revocation/reason")).startsWith("no revocation data");
    assertThat(String.valueOf(cqt.get("errors"))).contains("No revocation data").doesNotContain("trust anchor");
    assertThat(cqt.get("intact")).isEqualTo(true);
    var text = CliRunner.run(env(), "verify", invoice.toString(), "--offline", "--trust-profile", "vn", "--lang", "en");
    assertThat(text.out()).contains("Reason: no revocation data: the chain reaches a trusted CA, but there is no OCSP"
        + " or CRL answer for the signer's certificate (verify online, or ask for a B-LT signature)"
        + " (CERTIFICATE_CHAIN_GENERAL_FAILURE)");
    var vi = CliRunner.run(env(), "verify", invoice.toString(), "--offline", "--trust-profile", "vn");
    assertThat(vi.out()).contains("Lý do: không có dữ liệu thu hồi: chuỗi chứng thư tới được CA tin cậy");
    var etsi = CliRunner.run(env(), "verify", invoice.toString(), "--offline", "--trust-profile", "vn", "--format",
        "etsi");
    var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    var root = factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(
        etsi.out().getBytes(java.nio.charset.StandardCharsets.UTF_8))).getDocumentElement();
    assertThat(root.getLocalName()).isEqualTo("ValidationReport");
    assertThat(root.getNamespaceURI()).startsWith("http://uri.etsi.org/19102/");
    assertThat(etsi.out()).contains("CỤC THUẾ").contains("urn:etsi:019102:mainindication:");
    assertThat(etsi.exitCode()).isEqualTo(text.exitCode()); // kyso's verdict, as for text
    var untrusted = CliRunner.run(env(), "verify", invoice.toString(), "--offline", "--lang", "en");
    assertThat(untrusted.out()).doesNotContain("Reason: no revocation data");
  }

  @Test
  void realSignedPdfsOfEachHierarchyReachTheirRealRootsOffline() throws Exception {
    Path trust = shared("vn-trust");
    Path pdfs = shared("pdf-real");
    for (String f : List.of("vgca-g2-root.pem", "vgca-g2-cp-ca-phuc-vu-co-quan-nha-nuoc.pem",
        "vn-root-vnrca-sha256.pem")) {
      assertThat(CliRunner.run(env(), "trust", "import", trust.resolve(f).toString()).exitCode()).isZero();
    }
    // the Government portal (VGCA G2)
    Sig gov = signature(pdfs.resolve("vgca-g2-portal-qd-ttg-970.pdf"), 0, "--trust-profile", "vn", "--offline");
    assertThat(gov.text("indication")).isEqualTo("INDETERMINATE");
    assertThat(gov.text("trustProfile")).isEqualTo("vn-gov");
    assertThat(gov.text("trustAnchor")).contains("CA phục vụ các cơ quan Nhà nước G2");
    assertThat(gov.text("organisation")).isEqualTo("VĂN PHÒNG CHÍNH PHỦ");
    assertThat(gov.text("taxCode")).isEqualTo("0102357802");
    assertThat(gov.get("validAtSigningTime")).isEqualTo(true);
    assertThat(gov.text("revocation/reason")).startsWith("no revocation data");
    // a contract signed with a MISA-CA certificate (national root, SHA-256 generation)
    Sig pub = signature(pdfs.resolve("misaca-contract-appendix-2021-cades-sha256.pdf"), 0, "--trust-profile", "vn",
        "--offline");
    assertThat(pub.text("trustProfile")).isEqualTo("vn-public");
    assertThat(pub.text("trustAnchor")).contains("CN=Vietnam National Root CA");
    assertThat(pub.text("issuerName")).isEqualTo("MISA-CA");
    assertThat(pub.text("taxCode")).isEqualTo("0316950978");
  }

  /** One throw-away hierarchy under a real root's and sub-CA's subjects. */
  record Hierarchy(String profile, String rootFile, String caFile, String person, String uid) {}

  @Test
  void chainsAreBuiltToEachRealRootSubjectAndTheReportShowsEveryField() throws Exception {
    Path trust = shared("vn-trust");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    server.start();
    List<Hierarchy> all = List.of(
        new Hierarchy("vn-gov", "vgca-g2-root.pem", "vgca-g2-cp-ca-phuc-vu-co-quan-nha-nuoc.pem", "Trần Thị Bình",
            "CCCD:001190012345"),
        new Hierarchy("vn-gov", "vgca-g1-root.pem", "vgca-g1-cp-co-quan-chung-thuc-so-chinh-phu.pem", "Lê Văn Cường",
            "CMND:012345678"),
        new Hierarchy("vn-public", "vn-root-vnrca-sha256.pem", "vnpt-ca-sha2-2024.pem", "Công ty TNHH Ánh Dương",
            "MST:0101234567"),
        new Hierarchy("vn-public", "vn-root-mic-national-root-ca-sha1.pem", "viettel-ca-sha1-2015.pem",
            "Phạm Minh Đức", "MST:0312345678-001"));
    int n = 0;
    for (Hierarchy h : all) {
      n++;
      Map<BigInteger, Instant> revoked = new ConcurrentHashMap<>();
      DevPki pki = DevPki.builder().rootSubject(subjectOf(trust.resolve(h.rootFile())))
          .issuingCaSubject(subjectOf(trust.resolve(h.caFile()))).ocspUrl(URI.create(base + "/ocsp" + n))
          .rootCrlUrl(URI.create(base + "/root" + n + ".crl")).build();
      TestOcspResponder.mount(server, "/ocsp" + n, pki, revoked);
      byte[] rootCrl = pki.crl(true, Map.of(), Duration.ofDays(7));
      server.createContext("/root" + n + ".crl", ex -> {
        ex.sendResponseHeaders(200, rootCrl.length);
        try (var o = ex.getResponseBody()) {
          o.write(rootCrl);
        }
      });
      DevPki.Identity signer = pki.issue(CertificateSpec.person(h.person()).withSubjectAttribute("O", "UBND phường "
          + n).withSubjectAttribute("OU", "Văn phòng").withSubjectAttribute("UID", h.uid()));
      Path p12 = TestPki.writeP12(signer, dir.resolve("s" + n + ".p12"), PIN);
      Path root = dir.resolve("root" + n + ".pem");
      Files.writeString(root, DevPki.pem(pki.root().certificate()));
      var imp = CliRunner.run(env(), "trust", "import", root.toString(), "--profile", h.profile(), "--yes");
      assertThat(imp.exitCode()).as(imp.err()).isZero();
      assertThat(imp.out()).contains("NOT pinned in kyso");

      Path in = dir.resolve("in" + n + ".pdf");
      Files.write(in, SampleLetter.create());
      Path out = dir.resolve("out" + n + ".pdf");
      var sign = CliRunner.run(env(), "sign", "pdf", in.toString(), "-o", out.toString(), "--key", "p12:" + p12,
          "--pin-env", "KYSO_PIN", "--trust-profile", "vn");
      assertThat(sign.exitCode()).as(sign.err()).isZero();
      assertThat(sign.err()).doesNotContain("warning"); // the OCSP answered GOOD before signing

      Sig s = signature(out, 0, "--trust-profile", "vn");
      String who = h.rootFile();
      assertThat(s.text("indication")).as(who + s).isEqualTo("TOTAL_PASSED");
      assertThat(s.text("trustAnchor")).as(who)
          .isEqualTo(pki.root().certificate().getSubjectX500Principal().getName());
      assertThat(s.text("trustProfile")).as(who).isEqualTo(h.profile());
      assertThat(s.text("issuer")).as(who)
          .isEqualTo(pki.issuingCa().certificate().getSubjectX500Principal().getName());
      assertThat(s.text("organisation")).isEqualTo("UBND phường " + n);
      assertThat(s.text("organisationalUnit")).isEqualTo("Văn phòng");
      assertThat(s.text("identifiers/0")).isEqualTo(h.uid());
      if (h.uid().startsWith("MST:")) {
        assertThat(s.text("taxCode")).isEqualTo(h.uid().substring(4));
      } else {
        assertThat(s.text("personalId")).isEqualTo(h.uid());
      }
      assertThat(s.text("certificateSerial"))
          .isEqualTo(signer.certificate().getSerialNumber().toString(16).toUpperCase());
      assertThat(s.text("certificateValidFrom")).isNotEmpty();
      assertThat(s.text("certificateValidTo")).isNotEmpty();
      assertThat(s.get("validAtSigningTime")).isEqualTo(true);
      assertThat(s.text("revocation/status")).isEqualTo("GOOD");
      assertThat(s.text("revocation/source")).isEqualTo("OCSP");
      assertThat(s.text("revocation/producedBy")).isNotEmpty();
      assertThat(s.text("revocation/producedAt")).isNotEmpty();
      assertThat(s.get("intact")).isEqualTo(true);
      assertThat(s.text("claimedSigningTime")).isNotEmpty();

      var vi = CliRunner.run(env(), "verify", out.toString(), "--trust-profile", "vn", "--lang", "vi");
      assertThat(vi.out()).contains("Tổ chức cung cấp dịch vụ chứng thực (CA cấp chứng thư): ")
          .contains("Cơ quan, tổ chức: UBND phường " + n).contains("Đơn vị: Văn phòng")
          .contains("Số hiệu chứng thư số: ").contains("Thời hạn hiệu lực của chứng thư số: từ ")
          .contains("Chứng thư số còn hiệu lực tại thời điểm ký: có")
          .contains("Trạng thái thu hồi: chưa bị thu hồi, theo nguồn OCSP")
          .contains("Tính toàn vẹn: nội dung được ký còn nguyên vẹn")
          .contains("Tin cậy qua: " + pki.root().certificate().getSubjectX500Principal().getName()
              + " (hồ sơ tin cậy " + h.profile() + ")")
          .contains("Thời điểm ký (do người ký khai): ")
          .contains(h.uid().startsWith("MST:") ? "Mã số thuế (MST): " : "Số định danh cá nhân: ");
      var en = CliRunner.run(env(), "verify", out.toString(), "--trust-profile", "vn", "--lang", "en");
      assertThat(en.out()).contains("Issuing CA: ").contains("Organisation: UBND phường " + n)
          .contains("Unit: Văn phòng").contains("Certificate serial number: ").contains("Certificate valid: from ")
          .contains("Certificate valid at signing time: yes").contains("Revocation status: not revoked, from OCSP")
          .contains("Integrity: the signed content is intact")
          .contains("(trust profile " + h.profile() + ")");
      // offline the same chain is found, and the missing status is named
      Sig off = signature(out, 0, "--trust-profile", "vn", "--offline");
      assertThat(off.text("indication")).isEqualTo("INDETERMINATE");
      assertThat(off.text("trustProfile")).isEqualTo(h.profile());
      assertThat(off.text("revocation/reason"))
          .isEqualTo("no revocation data: verified offline and the document embeds none");
    }
    // the other profile alone does not anchor a vn-gov chain
    Sig pub = signature(dir.resolve("out1.pdf"), 0, "--trust-profile", "vn-public");
    assertThat(pub.text("indication")).isEqualTo("INDETERMINATE");
    assertThat((pub.get("trustAnchor") == null)).isTrue();
  }

  @Test
  void anEmptyStoreSaysHowToFillIt() {
    var r = CliRunner.run(env(), "verify", "x.pdf", "--trust-profile", "vn-gov");
    assertThat(r.exitCode()).isEqualTo(66);
    assertThat(r.err()).contains("holds no certificate of the trust profile vn-gov")
        .contains("kyso trust update --profile vn-gov").doesNotContain("Exception");
  }

  @Test
  void anUnknownProfileIsAUsageError() {
    var r = CliRunner.run(env(), "verify", "x.pdf", "--trust-profile", "eu");
    assertThat(r.exitCode()).isEqualTo(64);
    assertThat(r.err()).contains("--trust-profile takes vn, vn-gov or vn-public");
  }
}
