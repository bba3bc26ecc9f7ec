package org.kyso.bench;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SignaturePackaging;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.spi.validation.CertificateVerifier;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.token.KSPrivateKeyEntry;
import eu.europa.esig.dss.token.SignatureTokenConnection;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import eu.europa.esig.dss.xades.XAdESSignatureParameters;
import eu.europa.esig.dss.xades.signature.XAdESService;
import java.security.cert.X509Certificate;

/**
 * Plain DSS, used the way its cookbook shows: {@code getDataToSign → token.sign → signDocument} for PAdES and
 * XAdES, {@link SignedDocumentValidator} with the default policy for validation. The services are built once and
 * reused (a generous baseline: the cookbook builds them per document); parameters are per document, as they hold
 * the signing time.
 */
public final class DssPlain {
  private final SignatureTokenConnection token;
  private final KSPrivateKeyEntry key;
  private final PAdESService pades;
  private final XAdESService xades;

  public DssPlain(SignatureTokenConnection token, KSPrivateKeyEntry key) {
    this.token = token;
    this.key = key;
    CommonCertificateVerifier cv = new CommonCertificateVerifier();
    this.pades = new PAdESService(cv);
    this.xades = new XAdESService(cv);
  }

  /** PAdES baseline B, invisible, SHA-256. */
  public DSSDocument signPades(DSSDocument toSign) {
    PAdESSignatureParameters p = new PAdESSignatureParameters();
    p.setSignatureLevel(SignatureLevel.PAdES_BASELINE_B);
    p.setDigestAlgorithm(DigestAlgorithm.SHA256);
    p.setSigningCertificate(key.getCertificate());
    p.setCertificateChain(key.getCertificateChain());
    ToBeSigned data = pades.getDataToSign(toSign, p);
    SignatureValue value = token.sign(data, p.getDigestAlgorithm(), key);
    return pades.signDocument(toSign, p, value);
  }

  /** XAdES baseline B, enveloped, SHA-256. */
  public DSSDocument signXades(DSSDocument toSign) {
    XAdESSignatureParameters p = new XAdESSignatureParameters();
    p.setSignatureLevel(SignatureLevel.XAdES_BASELINE_B);
    p.setSignaturePackaging(SignaturePackaging.ENVELOPED);
    p.setDigestAlgorithm(DigestAlgorithm.SHA256);
    p.setSigningCertificate(key.getCertificate());
    p.setCertificateChain(key.getCertificateChain());
    ToBeSigned data = xades.getDataToSign(toSign, p);
    SignatureValue value = token.sign(data, p.getDigestAlgorithm(), key);
    return xades.signDocument(toSign, p, value);
  }

  /** An offline certificate verifier trusting {@code root}. */
  public static CertificateVerifier offlineVerifier(X509Certificate root) {
    CommonCertificateVerifier cv = new CommonCertificateVerifier();
    CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
    trusted.addCertificate(new CertificateToken(root));
    cv.setTrustedCertSources(trusted);
    cv.setCrlSource(null);
    cv.setOcspSource(null);
    cv.setAIASource(null);
    return cv;
  }

  /** Validates with DSS's default policy. */
  public static Reports validate(DSSDocument signed, CertificateVerifier cv) {
    SignedDocumentValidator v = SignedDocumentValidator.fromDocument(signed);
    v.setCertificateVerifier(cv);
    return v.validateDocument();
  }
}
