package org.kyso.core.internal.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.enumerations.CertificateStatus;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.kyso.core.TrustAnchors;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.internal.dss.DssVerifiers;
import org.kyso.core.testing.TestPki;

class RevocationSourcesTest {

  /** A clock tests move forward by hand. */
  static final class MovableClock extends Clock {
    private volatile Instant now = Instant.now();

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static CertificateToken token(DevPki.Identity id) {
    return new CertificateToken(id.certificate());
  }

  @Test
  void pemCrlsBecomeDerAndDerStaysAsItIs() {
    byte[] der = DevPki.create().crl(false, java.util.Map.of(), Duration.ofDays(1));
    String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    assertThat(PemCrls.toDer(der)).isSameAs(der);
    assertThat(PemCrls.toDer(("-----BEGIN X509 CRL-----\n" + b64 + "\n-----END X509 CRL-----\n")
        .getBytes(StandardCharsets.US_ASCII))).isEqualTo(der);
    assertThat(PemCrls.toDer(("Issuer: CN=Some CA\r\n-----BEGIN CRL-----\r\n" + b64.replace("\n", "\r\n")
        + "\r\n-----END CRL-----\r\n").getBytes(StandardCharsets.US_ASCII))).isEqualTo(der);
    assertThat(PemCrls.toDer((b64 + "\n").getBytes(StandardCharsets.US_ASCII))).isEqualTo(der);
    byte[] junk = "<html>not found</html>".getBytes(StandardCharsets.US_ASCII);
    assertThat(PemCrls.toDer(junk)).isSameAs(junk);
  }

  @Test
  void readsPemCrlsAndHandsDssDer() {
    try (TestPki pki = TestPki.start()) {
      pki.pemCrls(true);
      DevPki.Identity an = pki.pki().person("Nguyễn Văn An");
      RevocationSources sources = RevocationSources.online();
      var crl = sources.crlSource().orElseThrow().getRevocationToken(token(an), token(pki.pki().issuingCa()));
      assertThat(crl.isValid()).isTrue();
      assertThat(crl.getStatus()).isEqualTo(CertificateStatus.GOOD);
      assertThat(crl.getEncoded()[0]).isEqualTo((byte) 0x30);
    }
  }

  @Test
  void keepsACrlUntilItsNextUpdate() {
    try (TestPki pki = TestPki.start()) {
      DevPki.Identity an = pki.pki().person("Nguyễn Văn An");
      DevPki.Identity binh = pki.pki().person("Trần Thị Bình");
      MovableClock clock = new MovableClock();
      RevocationSources sources = RevocationSources.builder().clock(clock).build();
      var crls = sources.crlSource().orElseThrow();
      crls.getRevocationToken(token(an), token(pki.pki().issuingCa()));
      crls.getRevocationToken(token(binh), token(pki.pki().issuingCa()));
      crls.getRevocationToken(token(an), token(pki.pki().issuingCa()));
      assertThat(pki.crlRequests()).isEqualTo(1);
      assertThat(sources.crlDownloads()).isEqualTo(1);
      clock.advance(Duration.ofDays(8)); // the test CRLs are valid seven days
      crls.getRevocationToken(token(an), token(pki.pki().issuingCa()));
      assertThat(pki.crlRequests()).isEqualTo(2);
    }
  }

  @Test
  void asksOcspAndKeepsTheAnswerUntilItsNextUpdate() {
    try (TestPki pki = TestPki.startWithOcsp()) {
      DevPki.Identity an = pki.pki().person("Nguyễn Văn An");
      DevPki.Identity binh = pki.pki().person("Trần Thị Bình");
      pki.revoke(binh.certificate(), Instant.now().minusSeconds(60));
      MovableClock clock = new MovableClock();
      RevocationSources sources = RevocationSources.builder().clock(clock).build();
      var ocsp = sources.ocspSource().orElseThrow();
      var good = ocsp.getRevocationToken(token(an), token(pki.pki().issuingCa()));
      assertThat(good.isValid()).isTrue();
      assertThat(good.getStatus()).isEqualTo(CertificateStatus.GOOD);
      var revoked = ocsp.getRevocationToken(token(binh), token(pki.pki().issuingCa()));
      assertThat(revoked.getStatus()).isEqualTo(CertificateStatus.REVOKED);
      assertThat(revoked.getRevocationDate()).isNotNull();
      var again = ocsp.getRevocationToken(token(an), token(pki.pki().issuingCa()));
      assertThat(again.getStatus()).isEqualTo(CertificateStatus.GOOD);
      assertThat(pki.ocspRequests()).isEqualTo(2);
      clock.advance(Duration.ofDays(2)); // the test answers are valid one day
      ocsp.getRevocationToken(token(an), token(pki.pki().issuingCa()));
      assertThat(pki.ocspRequests()).isEqualTo(3);
    }
  }

  @Test
  void offlineHasNoNetworkSource() {
    RevocationSources offline = RevocationSources.offline();
    assertThat(offline.crlSource()).isEmpty();
    assertThat(offline.ocspSource()).isEmpty();
    assertThat(offline.aiaSource()).isEmpty();
    CommonCertificateVerifier cv = (CommonCertificateVerifier) DssVerifiers.create(TrustAnchors.none(),
        RevocationMode.OFFLINE);
    assertThat(cv.getCrlSource()).isNull();
    assertThat(cv.getOcspSource()).isNull();
    assertThat(cv.getAIASource()).isNull();
    CommonCertificateVerifier online = (CommonCertificateVerifier) DssVerifiers.create(TrustAnchors.none(), true);
    assertThat(online.getCrlSource()).isNotNull();
    assertThat(online.getOcspSource()).isNotNull();
  }
}
