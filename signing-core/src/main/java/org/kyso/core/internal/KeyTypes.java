package org.kyso.core.internal;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.function.Supplier;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SignerCertificateException;

/**
 * The one place that looks at a public key's kind and size: which {@link SignatureAlgorithm.KeyType} it is, how long
 * an ECDSA integer is for it, and whether kyso signs with it. PDF, XML and the token drivers all ask here, so the
 * rule is the same in every format.
 *
 * <p>The rule for new signatures (DESIGN.md, "Algorithms"): RSA of 2048 bits or more, or ECDSA on P-256 or P-384.
 * EdDSA, DSA and other keys are refused. SHA-1 is never used to sign: {@link org.kyso.core.DigestAlgorithm} has no
 * SHA-1, so no signer can be asked for it.
 */
public final class KeyTypes {
  /** The smallest RSA modulus kyso signs with. */
  public static final int MIN_RSA_BITS = 2048;

  private KeyTypes() {}

  /**
   * The key family: EC for an elliptic-curve key, RSA for any other (a key kyso does not sign with is refused by
   * {@link #checkForSigning}, not here).
   */
  public static SignatureAlgorithm.KeyType of(PublicKey key) {
    String alg = key.getAlgorithm();
    return "EC".equals(alg) || "ECDSA".equals(alg) || key instanceof ECPublicKey ? SignatureAlgorithm.KeyType.EC
        : SignatureAlgorithm.KeyType.RSA;
  }

  /** The family of the certificate's key; see {@link #of(PublicKey)}. */
  public static SignatureAlgorithm.KeyType of(X509Certificate cert) {
    return of(cert.getPublicKey());
  }

  /** The length in bytes of one ECDSA integer (r or s) for this EC key: the length of the curve's order. */
  public static int ecIntegerBytes(PublicKey key) {
    if (!(key instanceof ECPublicKey ec)) {
      throw new IllegalArgumentException("Not an EC key: " + key.getAlgorithm());
    }
    return (ec.getParams().getOrder().bitLength() + 7) / 8;
  }

  /**
   * Refuses a certificate whose key kyso does not sign with: RSA below {@value #MIN_RSA_BITS} bits, an elliptic curve
   * other than P-256 and P-384, or a key of another kind (EdDSA, DSA).
   *
   * @throws SignerCertificateException with one sentence naming the key and the rule
   */
  public static void checkForSigning(X509Certificate cert) throws SignerCertificateException {
    // the holder's name is looked up only for a refusal: a batch checks the same certificate for every document
    checkForSigning(cert.getPublicKey(), () -> SignerCertificates.commonName(cert));
  }

  /** As {@link #checkForSigning(X509Certificate)}, for a key and the name of its holder. */
  public static void checkForSigning(PublicKey key, String who) throws SignerCertificateException {
    checkForSigning(key, () -> who);
  }

  private static void checkForSigning(PublicKey key, Supplier<String> who) throws SignerCertificateException {
    if (key instanceof RSAPublicKey rsa) {
      int bits = rsa.getModulus().bitLength();
      if (bits < MIN_RSA_BITS) {
        throw new SignerCertificateException("The key of " + who.get() + " is RSA " + bits + " bits; kyso signs only"
            + " with RSA keys of " + MIN_RSA_BITS + " bits or more.");
      }
    } else if (key instanceof ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      if (bits != 256 && bits != 384) {
        throw new SignerCertificateException("The key of " + who.get() + " is on a " + bits
            + "-bit elliptic curve; kyso signs only with P-256 or P-384 keys.");
      }
    } else {
      throw new SignerCertificateException("The key of " + who.get() + " is a " + key.getAlgorithm()
          + " key; kyso signs only with RSA and ECDSA keys.");
    }
  }
}
