package org.kyso.core.internal.dss;

import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.service.crl.OnlineCRLSource;
import eu.europa.esig.dss.service.http.commons.CommonsDataLoader;
import eu.europa.esig.dss.service.http.commons.OCSPDataLoader;
import eu.europa.esig.dss.service.ocsp.OnlineOCSPSource;
import eu.europa.esig.dss.spi.validation.CertificateVerifier;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.spi.x509.aia.DefaultAIASource;
import java.security.cert.X509Certificate;
import org.kyso.core.TrustAnchors;

/** Builds DSS certificate verifiers from kyso's trust and network settings. */
public final class DssVerifiers {
  private DssVerifiers() {}

  /**
   * A certificate verifier trusting {@code trust}; with {@code online}, OCSP and CRL are fetched from the
   * addresses in the certificates and missing issuers from their AIA addresses.
   */
  public static CertificateVerifier create(TrustAnchors trust, boolean online) {
    CommonCertificateVerifier cv = new CommonCertificateVerifier();
    CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
    for (X509Certificate c : trust.certificates()) {
      trusted.addCertificate(new CertificateToken(c));
    }
    cv.setTrustedCertSources(trusted);
    if (online) {
      CommonsDataLoader loader = new CommonsDataLoader();
      loader.setTimeoutConnection(5_000);
      loader.setTimeoutResponse(15_000);
      cv.setCrlSource(new OnlineCRLSource(loader));
      OCSPDataLoader ocspLoader = new OCSPDataLoader();
      ocspLoader.setTimeoutConnection(5_000);
      ocspLoader.setTimeoutResponse(15_000);
      cv.setOcspSource(new OnlineOCSPSource(ocspLoader));
      cv.setAIASource(new DefaultAIASource(loader));
    } else {
      cv.setCrlSource(null);
      cv.setOcspSource(null);
      cv.setAIASource(null);
    }
    return cv;
  }
}
