package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.cli.demo.SampleLetter;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestPki;

/**
 * Circular 15/2025: the certificate's status is checked before signing. Status not obtainable (OCSP and CRL
 * unreachable): a warning naming what is missing, and the document is signed; with {@code --require-status}: exit
 * 69 and no file. Revoked: exit 65 and no file.
 */
class SignStatusCheckTest {
  private static final Map<String, String> ENV = Map.of("KYSO_PIN", "s3cret-Pin!");

  @TempDir
  Path dir;

  /** A loopback port nothing listens on (bound, then closed). */
  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private Path keyWithUnreachableStatus() throws Exception {
    int port = closedPort();
    DevPki pki = DevPki.builder().ocspUrl(URI.create("http://127.0.0.1:" + port + "/ocsp"))
        .crlUrl(URI.create("http://127.0.0.1:" + port + "/ca.crl")).build();
    return TestPki.writeP12(pki.person("Nguyễn Văn An"), dir.resolve("an.p12"), ENV.get("KYSO_PIN"));
  }

  private Path letter() throws Exception {
    Path in = dir.resolve("in.pdf");
    Files.write(in, SampleLetter.create());
    return in;
  }

  private void assertNoOutput(Path out) throws Exception {
    assertThat(out).doesNotExist();
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("out") || n.contains(".part"));
    }
  }

  @Test
  void unreachableOcspAndCrlGiveAWarningNamingThemAndTheDocumentIsSigned() throws Exception {
    Path key = keyWithUnreachableStatus();
    Path out = dir.resolve("out.pdf");
    var r = CliRunner.run(ENV, "sign", "pdf", letter().toString(), "-o", out.toString(), "--key", "p12:" + key,
        "--pin-env", "KYSO_PIN");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(out).exists();
    assertThat(r.err()).contains("kyso: warning: The revocation status of the certificate of Nguyễn Văn An could not"
        + " be checked").contains("OCSP unreachable").contains("CRL unreachable");
  }

  @Test
  void requireStatusRefusesWithExit69AndWritesNothing() throws Exception {
    Path key = keyWithUnreachableStatus();
    Path out = dir.resolve("out.pdf");
    var r = CliRunner.run(ENV, "sign", "pdf", letter().toString(), "-o", out.toString(), "--key", "p12:" + key,
        "--pin-env", "KYSO_PIN", "--require-status");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(69);
    assertThat(r.err()).contains("OCSP unreachable").contains("CRL unreachable").contains("--require-status")
        .doesNotContain("Exception");
    assertNoOutput(out);

    Path xmlIn = dir.resolve("in.xml");
    Files.writeString(xmlIn, "<?xml version=\"1.0\"?><doc><p>Nội dung</p></doc>");
    Path xmlOut = dir.resolve("out.xml");
    var x = CliRunner.run(ENV, "sign", "xml", xmlIn.toString(), "-o", xmlOut.toString(), "--key", "p12:" + key,
        "--pin-env", "KYSO_PIN", "--require-status");
    assertThat(x.exitCode()).as(x.err()).isEqualTo(69);
    assertNoOutput(xmlOut);
  }

  @Test
  void aBatchUnderRequireStatusRefusesBeforeSigningAnything() throws Exception {
    Path key = keyWithUnreachableStatus();
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    Files.write(inbox.resolve("a.pdf"), SampleLetter.create());
    Files.write(inbox.resolve("b.pdf"), SampleLetter.create());
    Path signed = dir.resolve("signed");
    var r = CliRunner.run(ENV, "sign", "batch", inbox.toString(), "-o", signed.toString(), "--key", "p12:" + key,
        "--pin-env", "KYSO_PIN", "--require-status");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(69);
    assertThat(r.err()).contains("--require-status");
    try (Stream<Path> s = Files.list(signed)) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  void aRevokedCertificateIsStillRefusedWithExit65() throws Exception {
    try (TestPki pki = TestPki.startWithOcsp()) {
      DevPki.Identity an = pki.pki().person("Nguyễn Văn An");
      pki.revoke(an.certificate(), Instant.now().minusSeconds(3600));
      Path key = TestPki.writeP12(an, dir.resolve("an.p12"), ENV.get("KYSO_PIN"));
      Path out = dir.resolve("out.pdf");
      var r = CliRunner.run(ENV, "sign", "pdf", letter().toString(), "-o", out.toString(), "--key", "p12:" + key,
          "--pin-env", "KYSO_PIN", "--require-status");
      assertThat(r.exitCode()).as(r.err()).isEqualTo(65);
      assertThat(r.err()).contains("revoked");
      assertNoOutput(out);
    }
  }

  @Test
  void saveStatusKeepsTheOcspAnswerAndTheCrlBesideTheOutput() throws Exception {
    try (TestPki ocsp = TestPki.startWithOcsp(); TestPki crl = TestPki.start()) {
      Path key = TestPki.writeP12(ocsp.pki().person("Trần Thị Bình"), dir.resolve("b.p12"), ENV.get("KYSO_PIN"));
      Path out = dir.resolve("out.pdf");
      var r = CliRunner.run(ENV, "sign", "pdf", letter().toString(), "-o", out.toString(), "--key", "p12:" + key,
          "--pin-env", "KYSO_PIN", "--save-status");
      assertThat(r.exitCode()).as(r.err()).isZero();
      Path saved = dir.resolve("out.pdf.ocsp");
      assertThat(r.out()).contains("certificate status (OCSP) seen before signing saved to " + saved);
      // an OCSP response an independent tool reads
      var ocspResp = new org.bouncycastle.cert.ocsp.OCSPResp(Files.readAllBytes(saved));
      assertThat(ocspResp.getStatus()).isZero();
      var basic = (org.bouncycastle.cert.ocsp.BasicOCSPResp) ocspResp.getResponseObject();
      assertThat(basic.getResponses()[0].getCertID().getSerialNumber())
          .isEqualTo(readCert(key).getSerialNumber());
      assertThat(basic.getResponses()[0].getCertStatus()).isNull(); // GOOD

      Path key2 = TestPki.writeP12(crl.pki().person("Lê Văn Cường"), dir.resolve("c.p12"), ENV.get("KYSO_PIN"));
      Path xmlIn = dir.resolve("in.xml");
      Files.writeString(xmlIn, "<?xml version=\"1.0\"?><doc><p>Nội dung</p></doc>");
      Path xmlOut = dir.resolve("out.xml");
      var x = CliRunner.run(ENV, "sign", "xml", xmlIn.toString(), "-o", xmlOut.toString(), "--key", "p12:" + key2,
          "--pin-env", "KYSO_PIN", "--save-status");
      assertThat(x.exitCode()).as(x.err()).isZero();
      var savedCrl = (java.security.cert.X509CRL) java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCRL(Files.newInputStream(dir.resolve("out.xml.crl")));
      assertThat(savedCrl.getIssuerX500Principal()).isEqualTo(crl.pki().issuingCa().certificate()
          .getSubjectX500Principal());
    }
  }

  @Test
  void saveStatusWithoutAStatusSavesNothingAndSaysSo() throws Exception {
    Path key = keyWithUnreachableStatus();
    Path out = dir.resolve("out.pdf");
    var r = CliRunner.run(ENV, "sign", "pdf", letter().toString(), "-o", out.toString(), "--key", "p12:" + key,
        "--pin-env", "KYSO_PIN", "--save-status");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).contains("no certificate status was obtained before signing, so none was saved");
    assertThat(dir.resolve("out.pdf.ocsp")).doesNotExist();
    assertThat(dir.resolve("out.pdf.crl")).doesNotExist();
  }

  private static java.security.cert.X509Certificate readCert(Path p12) throws Exception {
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(p12)) {
      ks.load(in, ENV.get("KYSO_PIN").toCharArray());
    }
    return (java.security.cert.X509Certificate) ks.getCertificate(ks.aliases().nextElement());
  }

  @Test
  void withATsaAndNoLevelTheStatusEvidenceIsKeptInTheDocumentAsBlt() throws Exception {
    try (TestPki pki = TestPki.start(); var tsa = org.kyso.core.testing.TestTsa.start(pki.pki())) {
      Path key = TestPki.writeP12(pki.pki().person("Trần Thị Bình"), dir.resolve("b.p12"), ENV.get("KYSO_PIN"));
      Path root = pki.writeRootPem(dir);
      Path out = dir.resolve("out.pdf");
      var r = CliRunner.run(ENV, "sign", "pdf", letter().toString(), "-o", out.toString(), "--key", "p12:" + key,
          "--pin-env", "KYSO_PIN", "--tsa", tsa.url().toString(), "--trust", root.toString());
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out()).contains("(B-LT)");
      var v = CliRunner.run("verify", out.toString(), "--trust", root.toString(), "--offline", "--format", "json");
      assertThat(v.exitCode()).as(v.out()).isZero();
      assertThat(v.out()).contains("PAdES-BASELINE-LT").contains("\"status\": \"GOOD\"")
          .contains("\"source\": \"CRL\"");
    }
  }

  @Test
  void aReachableStatusSignsWithoutWarningUnderRequireStatus() throws Exception {
    try (TestPki pki = TestPki.startWithOcsp()) {
      Path key = TestPki.writeP12(pki.pki().person("Trần Thị Bình"), dir.resolve("b.p12"), ENV.get("KYSO_PIN"));
      Path out = dir.resolve("out.pdf");
      var r = CliRunner.run(ENV, "sign", "pdf", letter().toString(), "-o", out.toString(), "--key", "p12:" + key,
          "--pin-env", "KYSO_PIN", "--require-status");
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.err()).doesNotContain("warning");
      assertThat(out).exists();
    }
  }
}
