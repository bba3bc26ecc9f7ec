package org.kyso.core.internal.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kyso.core.SignerCertificateException;
import org.kyso.core.devpki.CertificateSpec;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestPki;

class PreSigningCheckTest {

  @Test
  void acceptsACertificateTheCaSaysIsGoodByCrlAndByOcsp() throws Exception {
    try (TestPki crl = TestPki.start(); TestPki ocsp = TestPki.startWithOcsp()) {
      DevPki.Identity an = crl.pki().person("Nguyễn Văn An");
      var byCrl = PreSigningCheck.using(RevocationSources.online())
          .check(an.certificate(), an.chain(), List.of(), Instant.now());
      assertThat(byCrl.status()).isEqualTo(PreSigningCheck.Status.GOOD);
      assertThat(byCrl.source()).contains("CRL");
      DevPki.Identity binh = ocsp.pki().person("Trần Thị Bình");
      var byOcsp = PreSigningCheck.using(RevocationSources.online())
          .check(binh.certificate(), binh.chain(), List.of(), Instant.now());
      assertThat(byOcsp.status()).isEqualTo(PreSigningCheck.Status.GOOD);
      assertThat(byOcsp.source()).contains("OCSP");
    }
  }

  @Test
  void refusesARevokedCertificateWithAClearSentence() {
    try (TestPki crl = TestPki.start(); TestPki ocsp = TestPki.startWithOcsp()) {
      for (TestPki pki : List.of(crl, ocsp)) {
        DevPki.Identity an = pki.pki().person("Nguyễn Văn An");
        pki.revoke(an.certificate(), Instant.now().minusSeconds(3600));
        assertThatThrownBy(() -> PreSigningCheck.using(RevocationSources.online())
            .check(an.certificate(), an.chain(), List.of(), Instant.now()))
            .isInstanceOf(SignerCertificateException.class)
            .hasMessageContaining("Nguyễn Văn An").hasMessageContaining("revoked")
            .hasMessageContaining("new certificate");
      }
    }
  }

  @Test
  void findsTheIssuerAmongExtraCertificatesWhenTheKeyHasOnlyItsOwn() {
    try (TestPki pki = TestPki.start()) {
      DevPki.Identity an = pki.pki().person("Nguyễn Văn An");
      pki.revoke(an.certificate(), Instant.now().minusSeconds(3600));
      assertThatThrownBy(() -> PreSigningCheck.using(RevocationSources.online())
          .check(an.certificate(), List.of(an.certificate()), List.of(pki.pki().issuingCa().certificate()),
              Instant.now()))
          .isInstanceOf(SignerCertificateException.class);
    }
  }

  @Test
  void anUnreachableCaGivesAWarningNotAFailure() throws Exception {
    try (TestPki crl = TestPki.start(); TestPki ocsp = TestPki.startWithOcsp()) {
      for (TestPki pki : List.of(crl, ocsp)) {
        DevPki.Identity an = pki.pki().person("Nguyễn Văn An");
        pki.revoke(an.certificate(), Instant.now().minusSeconds(3600));
        pki.unavailable(true);
        var outcome = PreSigningCheck.using(RevocationSources.online())
            .check(an.certificate(), an.chain(), List.of(), Instant.now());
        assertThat(outcome.status()).isEqualTo(PreSigningCheck.Status.NOT_CHECKED);
        assertThat(outcome.warning().orElseThrow()).contains("Nguyễn Văn An").contains("could not be checked");
      }
    }
  }

  @Test
  void offlineDoesNotAskAndSaysSo() throws Exception {
    try (TestPki pki = TestPki.start()) {
      DevPki.Identity an = pki.pki().person("Nguyễn Văn An");
      var outcome = PreSigningCheck.using(RevocationSources.offline())
          .check(an.certificate(), an.chain(), List.of(), Instant.now());
      assertThat(outcome.status()).isEqualTo(PreSigningCheck.Status.NOT_CHECKED);
      assertThat(outcome.warning().orElseThrow()).contains("offline");
      assertThat(pki.crlRequests()).isZero();
    }
  }

  @Test
  void refusesAnExpiredCertificateBeforeAskingAnyone() {
    try (TestPki pki = TestPki.start()) {
      DevPki.Identity old = pki.pki().issue(CertificateSpec.person("Lê Văn Cũ")
          .withValidity(Instant.now().minusSeconds(86400 * 30), Instant.now().minusSeconds(86400)));
      assertThatThrownBy(() -> PreSigningCheck.using(RevocationSources.online())
          .check(old.certificate(), old.chain(), List.of(), Instant.now()))
          .isInstanceOf(SignerCertificateException.class).hasMessageContaining("expired");
      assertThat(pki.crlRequests()).isZero();
    }
  }
}
