package org.kyso.core;

/** The digest algorithms kyso signs with. SHA-1 is deliberately absent: it is only ever reported, never used to sign. */
public enum DigestAlgorithm {
  SHA256("SHA-256", "2.16.840.1.101.3.4.2.1", 32),
  SHA384("SHA-384", "2.16.840.1.101.3.4.2.2", 48),
  SHA512("SHA-512", "2.16.840.1.101.3.4.2.3", 64);

  private final String jcaName;
  private final String oid;
  private final int length;

  DigestAlgorithm(String jcaName, String oid, int length) {
    this.jcaName = jcaName;
    this.oid = oid;
    this.length = length;
  }

  /** The JCA name, e.g. {@code SHA-256}. */
  public String jcaName() {
    return jcaName;
  }

  public String oid() {
    return oid;
  }

  /** Length of the digest in bytes. */
  public int length() {
    return length;
  }

  /** Computes the digest of {@code data}. */
  public byte[] digest(byte[] data) {
    try {
      return java.security.MessageDigest.getInstance(jcaName).digest(data);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(jcaName + " is not available in this JVM", e);
    }
  }
}
