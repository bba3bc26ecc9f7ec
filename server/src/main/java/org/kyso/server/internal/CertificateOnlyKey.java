package org.kyso.server.internal;

import java.security.cert.X509Certificate;
import java.util.List;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;

/**
 * The certificate chain of a key held elsewhere, for the first and last steps of two-step signing: it knows the
 * chain and cannot sign (the signature value comes from the client).
 */
final class CertificateOnlyKey implements SigningKey {
  private final List<X509Certificate> chain;

  CertificateOnlyKey(List<X509Certificate> chain) {
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("The certificate chain must hold at least the signer's certificate.");
    }
    this.chain = List.copyOf(chain);
  }

  @Override
  public X509Certificate certificate() {
    return chain.get(0);
  }

  @Override
  public List<X509Certificate> certificateChain() {
    return chain;
  }

  @Override
  public byte[] signDigest(SignatureAlgorithm algorithm, byte[] digest) {
    throw new IllegalStateException("This key is held elsewhere: send the digest to its holder.");
  }

  @Override
  public void close() {
    // nothing held
  }

  @Override
  public String toString() {
    return "CertificateOnlyKey[" + chain.get(0).getSubjectX500Principal().getName() + "]";
  }
}
