package org.kyso.token.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.kyso.core.DigestAlgorithm;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.internal.BouncyCastle;

/**
 * Signs a precomputed digest with a software private key: RSA PKCS#1 v1.5 (DigestInfo + NONEwithRSA), RSA-PSS
 * (BouncyCastle's raw PSS, given as a provider instance, never registered globally: kyso's shared one, asked for only
 * when PSS is used) and ECDSA (NONEwithECDSA, DER output).
 */
public final class JcaDigestSigner {
  private JcaDigestSigner() {}

  public static byte[] sign(PrivateKey key, SignatureAlgorithm algorithm, byte[] digest)
      throws GeneralSecurityException {
    checkDigest(algorithm, digest);
    switch (algorithm.keyType()) {
      case RSA -> {
        if (algorithm.pss()) {
          Signature s = Signature.getInstance("RAWRSASSA-PSS", BouncyCastle.provider());
          String md = algorithm.digest().jcaName();
          s.setParameter(new PSSParameterSpec(md, "MGF1", new MGF1ParameterSpec(md), algorithm.digest().length(), 1));
          s.initSign(key);
          s.update(digest);
          return s.sign();
        }
        return signRsa(rsaSigner(key), algorithm, digest);
      }
      case EC -> {
        Signature s = Signature.getInstance("NONEwithECDSA");
        s.initSign(key);
        s.update(digest);
        return s.sign();
      }
      default -> throw new AssertionError(algorithm);
    }
  }

  /**
   * A NONEwithRSA signature ready to sign with {@code key} (PKCS#1 v1.5 over a DigestInfo, {@link #signRsa}); it
   * signs again after each {@code sign()}, so a key may keep it for its next values (one thread at a time).
   */
  public static Signature rsaSigner(PrivateKey key) throws GeneralSecurityException {
    Signature s = Signature.getInstance("NONEwithRSA");
    s.initSign(key);
    return s;
  }

  /** Signs {@code digest} (checked against the algorithm) with a signature from {@link #rsaSigner}. */
  public static byte[] signRsa(Signature signer, SignatureAlgorithm algorithm, byte[] digest)
      throws GeneralSecurityException {
    checkDigest(algorithm, digest);
    signer.update(digestInfo(algorithm.digest(), digest));
    return signer.sign();
  }

  /**
   * Whether the values of a signature from {@link #rsaSigner} are made by the JDK's SunJCE, which verifies every CRT
   * result with the key's own modulus and public exponent before returning it (its RSA core, Java 17 and later), so
   * that a faulty computation never leaves it. False for any other provider.
   */
  public static boolean jdkVerifies(Signature rsaSigner) {
    return rsaSigner.getProvider() != null && "SunJCE".equals(rsaSigner.getProvider().getName());
  }

  /** Throws if the digest length does not match the algorithm. */
  public static void checkDigest(SignatureAlgorithm algorithm, byte[] digest) {
    if (digest == null || digest.length != algorithm.digest().length()) {
      throw new IllegalArgumentException("A " + algorithm.digest().jcaName() + " digest must be "
          + algorithm.digest().length() + " bytes long.");
    }
  }

  /** The DER DigestInfo that PKCS#1 v1.5 signs. */
  public static byte[] digestInfo(DigestAlgorithm alg, byte[] digest) {
    var oid = switch (alg) {
      case SHA256 -> NISTObjectIdentifiers.id_sha256;
      case SHA384 -> NISTObjectIdentifiers.id_sha384;
      case SHA512 -> NISTObjectIdentifiers.id_sha512;
    };
    try {
      return new DigestInfo(new AlgorithmIdentifier(oid, DERNull.INSTANCE), digest).getEncoded("DER");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
