package org.kyso.core.internal;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import org.kyso.core.DocumentException;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SignerCertificateException;

/**
 * The one check that a signature value verifies with the signer certificate's public key over the data it signs,
 * made on every signing path before anything is written (PDF and XML, one step and two steps).
 *
 * <ul>
 *   <li>One step ({@link #requireKeyMatches}): kyso just had the key sign; a value that does not verify means the key
 *       and the certificate are not a pair, a {@link SignerCertificateException}.
 *   <li>Two steps ({@link #requireValid}): the value was brought to {@code complete()}; one that does not verify was
 *       made over another document, time or settings, or with another key: bad input, a {@link DocumentException}.
 * </ul>
 */
public final class SignatureValues {
  private SignatureValues() {}

  /**
   * True when {@code value} verifies over {@code data} with {@code key} under {@code algorithm}. RSA values are the
   * PKCS#1 v1.5 or PSS block (PSS: MGF1 with the same digest, salt of the digest's length); ECDSA values may be DER
   * {@code SEQUENCE {r, s}} or raw {@code r || s}. Never throws for a malformed value: it does not verify.
   */
  public static boolean verifies(PublicKey key, SignatureAlgorithm algorithm, byte[] data, byte[] value) {
    try {
      String md = algorithm.digest().jcaName();
      Signature s;
      if (algorithm.pss()) {
        s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(new PSSParameterSpec(md, "MGF1", new MGF1ParameterSpec(md), algorithm.digest().length(), 1));
      } else if (algorithm.keyType() == SignatureAlgorithm.KeyType.EC) {
        s = Signature.getInstance(md.replace("-", "") + "withECDSA" + (EcdsaValues.isDer(value) ? "" : "inP1363Format"));
      } else {
        s = Signature.getInstance(md.replace("-", "") + "withRSA");
      }
      s.initVerify(key);
      s.update(data);
      return s.verify(value);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /**
   * One-step signing: refuses a value the key just made that the certificate does not verify.
   *
   * @throws SignerCertificateException if the key does not belong to {@code cert}
   */
  public static void requireKeyMatches(X509Certificate cert, SignatureAlgorithm algorithm, byte[] data, byte[] value)
      throws SignerCertificateException {
    requireKeyMatches(cert, cert.getPublicKey(), algorithm, data, value);
  }

  /**
   * As {@link #requireKeyMatches(X509Certificate, SignatureAlgorithm, byte[], byte[])}, with the certificate's public
   * key read once by the caller (a signer checks every value of a batch against the same key).
   *
   * @throws SignerCertificateException if the key does not belong to {@code cert}
   */
  public static void requireKeyMatches(X509Certificate cert, PublicKey certificateKey, SignatureAlgorithm algorithm,
      byte[] data, byte[] value) throws SignerCertificateException {
    if (!verifies(certificateKey, algorithm, data, value)) {
      throw new SignerCertificateException("The key does not match the certificate of "
          + SignerCertificates.commonName(cert) + " (its signature does not verify with the certificate's public"
          + " key), so nothing was written: use the key that belongs to this certificate.");
    }
  }

  /**
   * Two-step signing: refuses a value brought to {@code complete()} that does not verify for this document, signer
   * and signing time.
   *
   * @throws DocumentException if it does not verify
   */
  public static void requireValid(X509Certificate cert, SignatureAlgorithm algorithm, byte[] data, byte[] value)
      throws DocumentException {
    if (!verifies(cert.getPublicKey(), algorithm, data, value)) {
      throw new DocumentException("The signature value does not match this document, signer and signing time (it"
          + " does not verify with the certificate of " + SignerCertificates.commonName(cert) + "), so nothing was"
          + " written: sign the digest that prepare() gave for this same document, with the key of this certificate.");
    }
  }
}
