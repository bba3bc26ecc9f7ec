package org.kyso.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.security.cert.X509Certificate;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.kyso.core.SignerCertificateException;
import org.kyso.core.devpki.CertificateSpec;
import org.kyso.core.devpki.DevPki;

/**
 * The signer certificate's checks as a batch makes them ({@link SignerCertificates.Repeated}): the same verdict and
 * the same sentence as the full checks, at every instant, for good and bad certificates.
 */
class RepeatedCertificateCheckTest {
  private static final DevPki PKI = DevPki.create();
  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2027-01-01T00:00:00Z");

  private static X509Certificate cert(CertificateSpec spec) {
    return PKI.issue(spec).certificate();
  }

  @Test
  void acceptsAndRefusesAtTheSameInstantsAsTheFullCheck() throws Exception {
    X509Certificate c = cert(CertificateSpec.person("Nguyễn Văn An").withValidity(FROM, TO));
    SignerCertificates.Repeated repeated = new SignerCertificates.Repeated(c);
    Instant[] times = {FROM, FROM.minusMillis(1), FROM.plusMillis(1), TO, TO.plusMillis(1), TO.minusMillis(1),
        TO.plusSeconds(86_400), FROM.minusSeconds(86_400), Instant.parse("2026-06-15T12:00:00Z")};
    for (Instant t : times) {
      Throwable full = catchThrowable(() -> {
        SignerCertificates.checkUsable(c, t);
        KeyTypes.checkForSigning(c);
      });
      Throwable quick = catchThrowable(() -> repeated.checkForSigning(t));
      if (full == null) {
        assertThat(quick).as(t.toString()).isNull();
      } else {
        assertThat(quick).as(t.toString()).isInstanceOf(SignerCertificateException.class)
            .hasMessage(full.getMessage());
      }
    }
    assertThatThrownBy(() -> repeated.checkUsable(TO.plusSeconds(1))).hasMessageContaining("Nguyễn Văn An")
        .hasMessageContaining("expired");
  }

  @Test
  void refusesAKeyUsageWithoutSignaturesWithTheFullSentence() {
    X509Certificate c = cert(CertificateSpec.person("Trần Thị Bình").withValidity(FROM, TO)
        .withKeyUsage(CertificateSpec.Usage.KEY_ENCIPHERMENT));
    Instant t = Instant.parse("2026-06-15T12:00:00Z");
    Throwable full = catchThrowable(() -> SignerCertificates.checkUsable(c, t));
    assertThat(full).isInstanceOf(SignerCertificateException.class);
    assertThatThrownBy(() -> new SignerCertificates.Repeated(c).checkForSigning(t))
        .isInstanceOf(SignerCertificateException.class).hasMessage(full.getMessage());
  }
}
