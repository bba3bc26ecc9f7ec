package org.kyso.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.Level;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.SigningKey;
import org.kyso.core.TimestampService;
import org.kyso.core.testing.TestTsa;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.Verifier;

class XadesLevelsTest {
  @TempDir static Path dir;
  static XmlFixtures fx;
  static SigningKey key;
  static TestTsa tsaServer;
  static TimestampService tsa;

  @BeforeAll
  static void setUp() throws Exception {
    fx = new XmlFixtures(dir);
    key = fx.rsaKey("Phạm Minh Châu");
    tsaServer = TestTsa.start(fx.pki.pki());
    tsa = TimestampService.of(tsaServer.url());
  }

  @AfterAll
  static void tearDown() {
    tsaServer.close();
    fx.close();
  }

  private SignatureResult signAndVerify(Level level, boolean offline) throws Exception {
    Path in = fx.write("in-" + level + ".xml", XmlFixtures.resource("einvoice.xml"));
    Path out = dir.resolve("out-" + level + ".xml");
    XmlSigner.builder(key).level(level).timestamps(tsa).trust(fx.trust()).build().sign(in, out);
    var report = Verifier.builder().formats(XmlVerification.format())
        .trust(fx.trust()).offline(offline).build().verify(out);
    assertThat(report.signatures()).hasSize(1);
    return report.signatures().get(0);
  }

  @Test
  void baselineTCarriesASignatureTimestamp() throws Exception {
    SignatureResult s = signAndVerify(Level.B_T, false);
    assertThat(s.indication()).as(s.toString()).isEqualTo(Indication.TOTAL_PASSED);
    assertThat(s.level()).isEqualTo("XAdES-BASELINE-T");
    assertThat(s.timestamps()).hasSize(1);
    assertThat(s.provenSigningTime()).isPresent();
  }

  @Test
  void baselineLtVerifiesOffline() throws Exception {
    SignatureResult s = signAndVerify(Level.B_LT, true);
    assertThat(s.level()).isEqualTo("XAdES-BASELINE-LT");
    assertThat(s.indication()).as(s.toString()).isEqualTo(Indication.TOTAL_PASSED);
  }

  @Test
  void baselineLtaVerifiesOffline() throws Exception {
    SignatureResult s = signAndVerify(Level.B_LTA, true);
    assertThat(s.level()).isEqualTo("XAdES-BASELINE-LTA");
    assertThat(s.indication()).as(s.toString()).isEqualTo(Indication.TOTAL_PASSED);
  }

  @Test
  void unreachableTsaIsServiceUnavailableAndLeavesNoFile() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    TimestampService dead = TimestampService.of(URI.create("http://127.0.0.1:" + port + "/tsa"));
    Path in = fx.write("dead.xml", XmlFixtures.resource("einvoice.xml"));
    Path out = dir.resolve("dead.signed.xml");
    assertThatThrownBy(() -> XmlSigner.builder(key).level(Level.B_T).timestamps(dead).build().sign(in, out))
        .isInstanceOf(ServiceUnavailableException.class);
    assertThat(out).doesNotExist();
  }

  @Test
  void twoStepSigningAtBaselineT() throws Exception {
    XmlSigner signer = XmlSigner.builder(key).level(Level.B_T).timestamps(tsa).build();
    byte[] doc = XmlFixtures.resource("einvoice.xml");
    var prepared = signer.prepare(doc);
    byte[] signed = signer.complete(doc, prepared, key.signDigest(prepared.algorithm(), prepared.digest()));
    SignatureResult s = XmlVerifier.builder().trust(fx.trust()).build().verify(signed, "t.xml", Map.of())
        .signatures().get(0);
    assertThat(s.level()).isEqualTo("XAdES-BASELINE-T");
    assertThat(s.indication()).as(s.toString()).isEqualTo(Indication.TOTAL_PASSED);
  }
}
