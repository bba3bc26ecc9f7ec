package org.kyso.pdf.internal;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.DSSMessageDigest;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESWithExternalCMSService;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;
import org.kyso.core.DocumentException;
import org.kyso.core.KysoException;

/**
 * PAdES with a CMS made elsewhere (DSS's {@code PAdESWithExternalCMSService}): the digest of the byte range is
 * computed without any certificate, and the CMS a remote service returns is embedded after DSS checked that it
 * covers that digest.
 */
public final class ExternalCmsEngine {
  private final String reason;
  private final String location;
  /** The password that opens a protected input, or null; given to DSS, never printed. */
  private final char[] password;

  public ExternalCmsEngine(String reason, String location) {
    this(reason, location, null);
  }

  /** With the password of protected documents ({@code null}: none); the array is copied. */
  public ExternalCmsEngine(String reason, String location, char[] password) {
    this.reason = reason;
    this.location = location;
    this.password = password == null ? null : password.clone();
  }

  /**
   * Opens {@code pdf} as signing will (with the password, if any), so that a document that is not a PDF or needs a
   * password not given (or given wrong) is one sentence before any digest goes to the provider.
   */
  public void checkOpens(byte[] pdf, String name) throws KysoException {
    try {
      PdfDocuments.openForSigning(pdf, name, password).close(); // opened: DSS reopens it with the same password
    } catch (IOException e) {
      // closing a document read from memory: nothing to report
    }
  }

  private static PAdESWithExternalCMSService service() {
    PAdESWithExternalCMSService s = new PAdESWithExternalCMSService();
    s.setCertificateVerifier(new CommonCertificateVerifier());
    s.setPdfObjFactory(KysoPdfObjFactory.withoutAppearance()); // PdfSigner's safe incremental save
    return s;
  }

  private PAdESSignatureParameters parameters(Instant time) {
    PAdESSignatureParameters p = new PasswordHidingParameters.Signature();
    if (password != null) {
      p.setPasswordProtection(password.clone()); // DSS reopens the document with it; PDFBox keeps the encryption
    }
    p.setSignatureLevel(SignatureLevel.PAdES_BASELINE_B);
    p.setDigestAlgorithm(DigestAlgorithm.SHA256);
    p.bLevel().setSigningDate(Date.from(time));
    p.setSigningTimeZone(TimeZone.getTimeZone("GMT+07:00"));
    p.setContentSize(32_768);
    p.setAppName("kyso");
    if (reason != null) {
      p.setReason(reason);
    }
    if (location != null) {
      p.setLocation(location);
    }
    return p;
  }

  /** The SHA-256 digest of the byte range the signature will cover. */
  public byte[] messageDigest(byte[] pdf, Instant time) throws KysoException {
    try {
      return service().getMessageDigest(new InMemoryDocument(pdf), parameters(time)).getValue();
    } catch (RuntimeException e) {
      throw new DocumentException("The document cannot be prepared for signing: " + e.getMessage(), e);
    }
  }

  /** Embeds {@code cms}; the document, time and settings must be those of {@link #messageDigest}. */
  public byte[] complete(byte[] pdf, Instant time, byte[] expectedDigest, byte[] cms) throws KysoException {
    PAdESWithExternalCMSService s = service();
    PAdESSignatureParameters p = parameters(time);
    DSSDocument doc = new InMemoryDocument(pdf);
    DSSMessageDigest md;
    try {
      md = s.getMessageDigest(doc, p);
    } catch (RuntimeException e) {
      throw new DocumentException("The document cannot be prepared for signing: " + e.getMessage(), e);
    }
    if (!MessageDigest.isEqual(md.getValue(), expectedDigest)) {
      throw new DocumentException("The document or the settings differ from those used in prepare().");
    }
    InMemoryDocument cmsDoc = new InMemoryDocument(cms);
    if (!s.isValidCMSSignedData(md, cmsDoc)) {
      throw new DocumentException("The CMS signature does not cover this document's digest; it was not embedded.");
    }
    try (var in = s.signDocument(doc, p, cmsDoc).openStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      throw new DocumentException("The CMS signature cannot be embedded: " + e.getMessage(), e);
    }
  }
}
