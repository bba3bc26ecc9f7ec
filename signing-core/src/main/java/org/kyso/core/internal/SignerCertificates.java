package org.kyso.core.internal;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import org.kyso.core.SignerCertificateException;

/** Checks made on the signer's certificate before anything is signed. */
public final class SignerCertificates {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.ofHours(7));

  private SignerCertificates() {}

  /**
   * Refuses a certificate that is outside its validity period at {@code now}, or whose key usage forbids
   * document signatures (neither digitalSignature nor nonRepudiation).
   */
  public static void checkUsable(X509Certificate cert, Instant now) throws SignerCertificateException {
    // the name is looked up only for a refusal: a batch checks the same certificate for every document
    try {
      cert.checkValidity(Date.from(now));
    } catch (CertificateExpiredException e) {
      throw new SignerCertificateException("The certificate of " + commonName(cert) + " expired on "
          + DAY.format(cert.getNotAfter().toInstant()) + "; renew it before signing.", e);
    } catch (CertificateNotYetValidException e) {
      throw new SignerCertificateException("The certificate of " + commonName(cert) + " is not valid before "
          + DAY.format(cert.getNotBefore().toInstant()) + ".", e);
    }
    boolean[] ku = cert.getKeyUsage();
    if (ku != null && !(ku[0] || ku[1])) {
      throw new SignerCertificateException("The certificate of " + commonName(cert)
          + " does not allow document signatures (key usage has neither digitalSignature nor nonRepudiation).");
    }
  }

  /**
   * {@link #checkUsable} and {@link KeyTypes#checkForSigning} for one certificate checked again and again (a batch, a
   * server): what does not change (key usage, key type) is judged once, and the validity period is compared as two
   * numbers; whenever the quick look finds a fault, the full checks run and throw their own sentence. Thread-safe.
   */
  public static final class Repeated {
    private final X509Certificate cert;
    private final long notBefore;
    private final long notAfter;
    private final boolean fits;

    public Repeated(X509Certificate cert) {
      this.cert = cert;
      this.notBefore = cert.getNotBefore().getTime();
      this.notAfter = cert.getNotAfter().getTime();
      boolean[] ku = cert.getKeyUsage();
      boolean usage = ku == null || ku[0] || ku[1];
      boolean key;
      try {
        KeyTypes.checkForSigning(cert);
        key = true;
      } catch (SignerCertificateException e) {
        key = false;
      }
      this.fits = usage && key;
    }

    /** As {@link #checkUsable}: refuses the certificate at {@code now} with the same sentence. */
    public void checkUsable(Instant now) throws SignerCertificateException {
      // X509Certificate.checkValidity(Date): valid when notBefore <= now <= notAfter, to the millisecond
      long t = Date.from(now).getTime();
      if (!fits || t < notBefore || t > notAfter) {
        SignerCertificates.checkUsable(cert, now);
      }
    }

    /** {@link #checkUsable}, then {@link KeyTypes#checkForSigning}, with their sentences. */
    public void checkForSigning(Instant now) throws SignerCertificateException {
      checkUsable(now);
      if (!fits) {
        KeyTypes.checkForSigning(cert);
      }
    }
  }

  /** The CN of a certificate's subject, or the whole subject when it has none. */
  public static String commonName(X509Certificate cert) {
    String dn = cert.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253);
    try {
      for (var rdn : new javax.naming.ldap.LdapName(dn).getRdns()) {
        if ("CN".equalsIgnoreCase(rdn.getType())) {
          return String.valueOf(rdn.getValue());
        }
      }
    } catch (javax.naming.InvalidNameException e) {
      // fall through
    }
    return dn;
  }
}
