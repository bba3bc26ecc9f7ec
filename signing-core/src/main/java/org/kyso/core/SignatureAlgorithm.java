package org.kyso.core;

import java.util.Objects;

/**
 * The closed set of signature algorithms kyso produces: RSA (PKCS#1 v1.5 or PSS) and ECDSA, each with SHA-256,
 * SHA-384 or SHA-512.
 */
public enum SignatureAlgorithm {
  RSA_SHA256(KeyType.RSA, DigestAlgorithm.SHA256, false),
  RSA_SHA384(KeyType.RSA, DigestAlgorithm.SHA384, false),
  RSA_SHA512(KeyType.RSA, DigestAlgorithm.SHA512, false),
  RSA_PSS_SHA256(KeyType.RSA, DigestAlgorithm.SHA256, true),
  RSA_PSS_SHA384(KeyType.RSA, DigestAlgorithm.SHA384, true),
  RSA_PSS_SHA512(KeyType.RSA, DigestAlgorithm.SHA512, true),
  ECDSA_SHA256(KeyType.EC, DigestAlgorithm.SHA256, false),
  ECDSA_SHA384(KeyType.EC, DigestAlgorithm.SHA384, false),
  ECDSA_SHA512(KeyType.EC, DigestAlgorithm.SHA512, false);

  /** The family of a key. */
  public enum KeyType {
    RSA,
    EC
  }

  private final KeyType keyType;
  private final DigestAlgorithm digest;
  private final boolean pss;

  SignatureAlgorithm(KeyType keyType, DigestAlgorithm digest, boolean pss) {
    this.keyType = keyType;
    this.digest = digest;
    this.pss = pss;
  }

  public KeyType keyType() {
    return keyType;
  }

  public DigestAlgorithm digest() {
    return digest;
  }

  /** True for RSASSA-PSS (MGF1 with the same digest, salt length = digest length). */
  public boolean pss() {
    return pss;
  }

  /** The algorithm for a key type, a digest and a padding choice. */
  public static SignatureAlgorithm of(KeyType keyType, DigestAlgorithm digest, boolean pss) {
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(digest, "digest");
    if (pss && keyType != KeyType.RSA) {
      throw new IllegalArgumentException("PSS padding exists only for RSA keys.");
    }
    for (SignatureAlgorithm a : values()) {
      if (a.keyType == keyType && a.digest == digest && a.pss == pss) {
        return a;
      }
    }
    throw new AssertionError("unreachable");
  }
}
