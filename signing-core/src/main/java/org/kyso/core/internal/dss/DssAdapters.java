package org.kyso.core.internal.dss;

import eu.europa.esig.dss.enumerations.EncryptionAlgorithm;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.DSSUtils;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.kyso.core.DigestAlgorithm;
import org.kyso.core.KysoException;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;

/** Conversions between kyso's values and DSS's, and the one place where a {@link SigningKey} signs for DSS. */
public final class DssAdapters {
  private DssAdapters() {}

  public static eu.europa.esig.dss.enumerations.DigestAlgorithm digest(DigestAlgorithm d) {
    return switch (d) {
      case SHA256 -> eu.europa.esig.dss.enumerations.DigestAlgorithm.SHA256;
      case SHA384 -> eu.europa.esig.dss.enumerations.DigestAlgorithm.SHA384;
      case SHA512 -> eu.europa.esig.dss.enumerations.DigestAlgorithm.SHA512;
    };
  }

  public static EncryptionAlgorithm encryption(SignatureAlgorithm a) {
    return switch (a.keyType()) {
      case RSA -> a.pss() ? EncryptionAlgorithm.RSASSA_PSS : EncryptionAlgorithm.RSA;
      case EC -> EncryptionAlgorithm.ECDSA;
    };
  }

  public static eu.europa.esig.dss.enumerations.SignatureAlgorithm signature(SignatureAlgorithm a) {
    return eu.europa.esig.dss.enumerations.SignatureAlgorithm.getAlgorithm(encryption(a), digest(a.digest()));
  }

  public static CertificateToken token(X509Certificate c) {
    return new CertificateToken(c);
  }

  public static List<CertificateToken> tokens(List<X509Certificate> chain) {
    List<CertificateToken> out = new ArrayList<>(chain.size());
    for (X509Certificate c : chain) {
      out.add(new CertificateToken(c));
    }
    return out;
  }

  /** Digests DSS's data to be signed and has the key sign the digest. */
  public static SignatureValue sign(SigningKey key, SignatureAlgorithm algorithm, ToBeSigned dataToSign)
      throws KysoException {
    byte[] digest = DSSUtils.digest(digest(algorithm.digest()), dataToSign.getBytes());
    return new SignatureValue(signature(algorithm), key.signDigest(algorithm, digest));
  }

  /** Wraps a signature value computed elsewhere (two-step signing). */
  public static SignatureValue value(SignatureAlgorithm algorithm, byte[] signature) {
    return new SignatureValue(signature(algorithm), signature.clone());
  }
}
