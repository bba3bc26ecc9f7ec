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
 *
 * <p>A key whose provider has verified the value it just made with the certificate's own public key says so
 * ({@link #providerChecked}); the one-step check then does not verify it a second time on the same thread. The
 * PKCS#12 key does this for RSA PKCS#1 v1.5 through the JDK's SunJCE, which checks every CRT result against the key's
 * modulus and public exponent before returning it (those being the certificate's, compared once).
 */
public final class SignatureValues {
  /** The value the last {@link #providerChecked} call on this thread vouched for (a copy) and its public key. */
  private static final ThreadLocal<Vouched> VOUCHED = new ThreadLocal<>();

  private record Vouched(byte[] value, PublicKey key, SignatureAlgorithm algorithm, byte[] digest) {}

  private SignatureValues() {}

  /**
   * For a key's own code, right after its provider verified {@code value}, a signature of {@code digest} under
   * {@code algorithm}, with {@code certificateKey} (the public key of the key's certificate): the next one-step check
   * on this thread of these very bytes, against that public key, over data whose digest is {@code digest}, needs no
   * second verification. Anything else (other bytes, data, key or algorithm, another thread) is verified as before.
   */
  public static void providerChecked(byte[] value, PublicKey certificateKey, SignatureAlgorithm algorithm,
      byte[] digest) {
    VOUCHED.set(new Vouched(value.clone(), certificateKey, algorithm, digest.clone()));
  }

  /** Whether a vouch for exactly these bytes waits on this thread (for tests: a key's code vouches or not). */
  public static boolean vouchWaits(byte[] value) {
    Vouched v = VOUCHED.get();
    return v != null && java.util.Arrays.equals(v.value(), value);
  }

  /** Whether the last vouched value on this thread is this one, for this key, algorithm and data; forgets it. */
  private static boolean vouched(PublicKey certificateKey, SignatureAlgorithm algorithm, byte[] data, byte[] value) {
    Vouched v = VOUCHED.get();
    if (v == null) {
      return false;
    }
    VOUCHED.remove();
    if (v.algorithm() != algorithm || !java.util.Arrays.equals(v.value(), value)
        || !(v.key() == certificateKey || v.key().equals(certificateKey))) {
      return false;
    }
    try {
      return java.security.MessageDigest.isEqual(v.digest(),
          java.security.MessageDigest.getInstance(algorithm.digest().jcaName()).digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      return false;
    }
  }

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
    if (!vouched(certificateKey, algorithm, data, value) && !verifies(certificateKey, algorithm, data, value)) {
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
