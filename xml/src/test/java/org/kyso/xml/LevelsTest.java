package org.kyso.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.xml.security.c14n.Canonicalizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.Level;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.SignerCertificateException;
import org.kyso.core.SigningKey;
import org.kyso.core.TimestampService;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.ExternalTools;
import org.kyso.core.testing.TestPki;
import org.kyso.core.testing.TestTsa;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verdict;
import org.kyso.core.verify.Verifier;
import org.w3c.dom.Element;

/** XAdES B-T, B-LT and B-LTA with a loopback TSA, CRL and OCSP: levels, failover, revocation. */
class LevelsTest {
  private static final byte[] DECISION = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      + "<QuyetDinh><So>15/QĐ-UBND</So><TrichYeu>Về việc phê duyệt kế hoạch năm 2026</TrichYeu></QuyetDinh>")
      .getBytes(StandardCharsets.UTF_8);
  private static final String XADES = "http://uri.etsi.org/01903/v1.3.2#";
  private static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";

  @TempDir static Path dir;
  static XmlFixtures fx;
  static TestTsa tsa;

  @BeforeAll
  static void start() {
    fx = new XmlFixtures(dir);
    tsa = TestTsa.start(fx.pki.pki());
  }

  @AfterAll
  static void stop() {
    tsa.close();
    fx.close();
  }

  private static XmlSigner.Builder signer(SigningKey key, Level level, TimestampService tsas) {
    return XmlSigner.builder(key).level(level).timestamps(tsas).trust(fx.trust());
  }

  private static VerificationReport verify(Path xml, boolean offline) throws Exception {
    return Verifier.builder().formats(XmlVerification.format()).trust(fx.trust()).offline(offline).build().verify(xml);
  }

  private static SignatureResult only(VerificationReport r) {
    assertThat(r.signatures()).hasSize(1);
    return r.signatures().get(0);
  }

  @Test
  void eachLevelIsReportedExactlyAndLongTermLevelsPassOffline() throws Exception {
    tsa.mode(TestTsa.Mode.NORMAL);
    Path in = fx.write("qd.xml", DECISION);
    SigningKey key = fx.rsaKey("Nguyễn Văn An");
    for (Level level : List.of(Level.B_T, Level.B_LT, Level.B_LTA)) {
      Path out = dir.resolve("qd." + level.label() + ".xml");
      signer(key, level, TimestampService.of(tsa.url())).build().sign(in, out);

      SignatureResult online = only(verify(out, false));
      assertThat(online.level()).isEqualTo("XAdES-BASELINE-" + level.label().substring(2));
      assertThat(online.indication()).as("%s online: %s", level, online.errors()).isEqualTo(Indication.TOTAL_PASSED);
      assertThat(online.provenSigningTime()).isPresent();
      if (level != Level.B_T) {
        VerificationReport offline = verify(out, true);
        assertThat(only(offline).level()).isEqualTo(online.level());
        assertThat(offline.verdict()).as("%s offline: %s", level, only(offline).errors())
            .isEqualTo(Verdict.TOTAL_PASSED);
      }
    }
  }

  @Test
  void theNextTsaIsUsedWhenTheFirstFails() throws Exception {
    try (TestTsa bad = TestTsa.start(fx.pki.pki())) {
      tsa.mode(TestTsa.Mode.NORMAL);
      Path in = fx.write("in.xml", DECISION);
      SigningKey key = fx.rsaKey("Nguyễn Văn An");
      for (Object failure : List.of("refused", TestTsa.Mode.HTTP_500, TestTsa.Mode.WRONG_IMPRINT,
          TestTsa.Mode.WRONG_NONCE)) {
        var first = failure instanceof TestTsa.Mode m ? bad.mode(m).url() : TestTsa.refusedUrl();
        int before = tsa.requests();
        Path out = dir.resolve("failover-" + failure + ".xml");
        signer(key, Level.B_T, TimestampService.of(first, tsa.url())).build().sign(in, out);
        assertThat(tsa.requests()).as("%s: the second TSA answered", failure).isEqualTo(before + 1);
        SignatureResult s = only(verify(out, false));
        assertThat(s.level()).isEqualTo("XAdES-BASELINE-T");
        assertThat(s.indication()).as("%s: %s", failure, s.errors()).isEqualTo(Indication.TOTAL_PASSED);
      }
    }
  }

  @Test
  void whenEveryTsaFailsNothingIsWritten() throws Exception {
    try (TestTsa broken = TestTsa.start(fx.pki.pki())) {
      broken.mode(TestTsa.Mode.HTTP_500);
      Path in = fx.write("in.xml", DECISION);
      Path out = dir.resolve("never.xml");
      XmlSigner s = signer(fx.rsaKey("Nguyễn Văn An"), Level.B_T,
          TimestampService.of(TestTsa.refusedUrl(), broken.url())).build();
      assertThatThrownBy(() -> s.sign(in, out)).isInstanceOf(ServiceUnavailableException.class)
          .hasMessageContaining(broken.url().toString()).hasMessageContaining("HTTP 500");
      assertThat(out).doesNotExist();
    }
  }

  @Test
  void aRevokedCertificateCannotSign() throws Exception {
    Path in = fx.write("in.xml", DECISION);
    try (TestPki withOcsp = TestPki.startWithOcsp()) {
      for (TestPki p : List.of(fx.pki, withOcsp)) {
        DevPki.Identity binh = p.pki().person("Trần Thị Bình");
        p.revoke(binh.certificate(), Instant.now().minus(Duration.ofHours(1)));
        SigningKey key = fx.key(binh, "binh-" + p.baseUrl().getPort() + ".p12");
        Path out = dir.resolve("revoked.xml");
        assertThatThrownBy(() -> XmlSigner.builder(key).build().sign(in, out))
            .isInstanceOf(SignerCertificateException.class)
            .hasMessageContaining("Trần Thị Bình").hasMessageContaining("revoked");
        assertThat(out).doesNotExist();
      }
    }
  }

  @Test
  void aSignatureTimestampedBeforeTheRevocationStaysValidOneMadeAfterDoesNot() throws Exception {
    tsa.mode(TestTsa.Mode.NORMAL);
    DevPki.Identity chi = fx.pki.pki().person("Phạm Văn Chí");
    SigningKey key = fx.key(chi, "chi.p12");
    Path in = fx.write("in.xml", DECISION);
    Instant now = Instant.now();
    Clock tenMinutesAgo = Clock.fixed(now.minus(Duration.ofMinutes(10)), ZoneOffset.UTC);
    Path before = dir.resolve("before.xml");
    Path after = dir.resolve("after.xml");
    tsa.clock(tenMinutesAgo);
    try {
      signer(key, Level.B_T, TimestampService.of(tsa.url())).clock(tenMinutesAgo).build().sign(in, before);
    } finally {
      tsa.clock(Clock.systemUTC());
    }
    fx.pki.revoke(chi.certificate(), now.minus(Duration.ofMinutes(5)));
    fx.pki.unavailable(true); // the pre-signing check cannot learn the revocation and only warns
    try {
      signer(key, Level.B_T, TimestampService.of(tsa.url())).build().sign(in, after);
    } finally {
      fx.pki.unavailable(false);
    }
    SignatureResult b = only(verify(before, false));
    assertThat(b.indication()).as("signed before: %s", b.errors()).isEqualTo(Indication.TOTAL_PASSED);
    SignatureResult a = only(verify(after, false));
    assertThat(a.indication()).isNotEqualTo(Indication.TOTAL_PASSED);
    assertThat(a.subIndication()).contains("REVOKED_NO_POE");
  }

  @Test
  void theSignatureTimestampTokenVerifiesWithOpenssl() throws Exception {
    Path openssl = ExternalTools.require("openssl", "openssl");
    tsa.mode(TestTsa.Mode.NORMAL);
    Path out = dir.resolve("qd.bt.xml");
    signer(fx.rsaKey("Nguyễn Văn An"), Level.B_T, TimestampService.of(tsa.url())).build()
        .sign(fx.write("in.xml", DECISION), out);

    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    var doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(out)));
    Element sts = (Element) doc.getElementsByTagNameNS(XADES, "SignatureTimeStamp").item(0);
    String c14n = ((Element) sts.getElementsByTagNameNS(DSIG, "CanonicalizationMethod").item(0))
        .getAttribute("Algorithm");
    byte[] token = Base64.getMimeDecoder().decode(
        sts.getElementsByTagNameNS(XADES, "EncapsulatedTimeStamp").item(0).getTextContent());
    Element value = (Element) doc.getElementsByTagNameNS(DSIG, "SignatureValue").item(0);
    eu.europa.esig.dss.xml.utils.SantuarioInitializer.init();
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    Canonicalizer.getInstance(c14n).canonicalizeSubtree(value, data);

    Path tokenFile = Files.write(dir.resolve("sts.der"), token);
    Path dataFile = Files.write(dir.resolve("sts.data"), data.toByteArray());
    Path ca = dir.resolve("tsa-ca.pem");
    Files.writeString(ca, DevPki.pem(fx.pki.pki().issuingCa().certificate())
        + DevPki.pem(fx.pki.pki().root().certificate()));
    var r = ExternalTools.run(List.of(openssl.toString(), "ts", "-verify", "-token_in", "-in", tokenFile.toString(),
        "-data", dataFile.toString(), "-CAfile", ca.toString()));
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.all()).contains("Verification: OK");
  }
}
