package org.kyso.registers.internal.anchor;

import java.security.cert.CertificateException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.Store;
import org.kyso.core.DocumentException;

/** Reads and checks RFC 3161 timestamp tokens that anchor the journal. */
public final class TimestampTokens {
  private static final String SHA256_OID = "2.16.840.1.101.3.4.2.1";

  /** What a valid token says. */
  public record Checked(Instant time, String authority) {}

  private TimestampTokens() {}

  /**
   * Checks that {@code der} is a timestamp token over exactly {@code sha256}, signed by the certificate it carries
   * (which must be valid for timestamping at the token's time).
   *
   * @throws DocumentException if it is not, saying why
   */
  public static Checked check(byte[] der, byte[] sha256) throws DocumentException {
    TimeStampToken token;
    try {
      token = new TimeStampToken(new CMSSignedData(der));
    } catch (CMSException | TSPException | java.io.IOException | RuntimeException e) {
      throw new DocumentException("The anchor is not a readable RFC 3161 timestamp token.", e);
    }
    var info = token.getTimeStampInfo();
    if (!SHA256_OID.equals(info.getMessageImprintAlgOID().getId())) {
      throw new DocumentException("The anchor timestamps a digest other than SHA-256.");
    }
    if (!Arrays.equals(info.getMessageImprintDigest(), sha256)) {
      throw new DocumentException("The anchor's timestamp does not cover the journal hash it claims to anchor.");
    }
    @SuppressWarnings("unchecked")
    Store<X509CertificateHolder> certs = token.getCertificates();
    @SuppressWarnings("unchecked")
    Collection<X509CertificateHolder> matches = certs.getMatches(token.getSID());
    if (matches.isEmpty()) {
      throw new DocumentException("The anchor's timestamp token does not carry its signer's certificate.");
    }
    X509CertificateHolder cert = matches.iterator().next();
    try {
      SignerInformationVerifier verifier = new JcaSimpleSignerInfoVerifierBuilder().build(cert);
      token.validate(verifier);
    } catch (TSPException | OperatorCreationException | CertificateException | RuntimeException e) {
      throw new DocumentException("The anchor's timestamp signature is not valid: " + e.getMessage(), e);
    }
    return new Checked(info.getGenTime().toInstant(), cert.getSubject().toString());
  }
}
