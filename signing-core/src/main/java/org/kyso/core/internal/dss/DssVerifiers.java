package org.kyso.core.internal.dss;

import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.validation.CertificateVerifier;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import java.security.cert.X509Certificate;
import java.util.Objects;
import org.kyso.core.TrustAnchors;
import org.kyso.core.internal.revocation.RevocationMode;
import org.kyso.core.internal.revocation.RevocationSources;
import org.kyso.core.internal.revocation.SigningAlerts;

/** Builds DSS certificate verifiers from kyso's trust and revocation settings. */
public final class DssVerifiers {
  private DssVerifiers() {}

  /**
   * A certificate verifier trusting {@code trust}; with {@code online}, OCSP and CRL are fetched from the
   * addresses in the certificates and missing issuers from their AIA addresses (with a cache private to this
   * verifier).
   */
  public static CertificateVerifier create(TrustAnchors trust, boolean online) {
    return create(trust, online ? RevocationMode.ONLINE : RevocationMode.OFFLINE);
  }

  /** A verifier for validation with fresh revocation sources of {@code mode}. */
  public static CertificateVerifier create(TrustAnchors trust, RevocationMode mode) {
    return create(trust, RevocationSources.of(mode));
  }

  /**
   * A verifier for validation using {@code sources}, whose cache is shared with every verifier built on them: keep
   * one {@link RevocationSources} per long-lived verifier to reuse CRLs and OCSP answers across documents.
   */
  public static CertificateVerifier create(TrustAnchors trust, RevocationSources sources) {
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(sources, "sources");
    CommonCertificateVerifier cv = new CommonCertificateVerifier();
    cv.setTrustedCertSources(trusted(trust));
    sources.applyTo(cv);
    return cv;
  }

  /**
   * A verifier for making and extending signatures (B-LT and B-LTA embed what it fetches). Revocation data is
   * fetched for the whole chain even when it is not trusted, so that B-LT is complete whatever the signer trusts.
   * Missing revocation data raises a {@code ServiceUnavailableException}, a revoked or invalid signing certificate a
   * {@code SignerCertificateException}, both recovered from DSS's exception by {@link DssServices#failure}.
   */
  public static CertificateVerifier forSigning(TrustAnchors trust, RevocationSources sources) {
    CommonCertificateVerifier cv = (CommonCertificateVerifier) create(trust, sources);
    cv.setCheckRevocationForUntrustedChains(true);
    cv.setAlertOnMissingRevocationData(SigningAlerts.missingRevocationData());
    cv.setAlertOnRevokedCertificate(SigningAlerts.revokedCertificate());
    cv.setAlertOnExpiredCertificate(SigningAlerts.invalidCertificate());
    cv.setAlertOnNotYetValidCertificate(SigningAlerts.invalidCertificate());
    return cv;
  }

  private static CommonTrustedCertificateSource trusted(TrustAnchors trust) {
    CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
    for (X509Certificate c : trust.certificates()) {
      trusted.addCertificate(new CertificateToken(c));
    }
    return trusted;
  }
}
