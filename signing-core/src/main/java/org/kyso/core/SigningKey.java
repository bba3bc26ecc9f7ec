package org.kyso.core;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * A private key that can sign digests, with its certificate. The format modules (PDF, XML) compute the digest of
 * what must be signed and call {@link #signDigest}; the key never sees the document. Implementations exist for
 * PKCS#12 files, PKCS#11 tokens and HSMs, and remote signing services.
 *
 * <p>Implementations are thread-safe: several threads may sign with one key at once. {@link #close()} releases
 * the session or connection; a closed key refuses to sign.
 */
public interface SigningKey extends AutoCloseable {

  /** The signer's certificate. */
  X509Certificate certificate();

  /**
   * The signer's certificate followed by the issuing CAs, as far as the key store knows them (it may be the
   * signer's certificate alone).
   */
  List<X509Certificate> certificateChain();

  /**
   * Signs a digest that was computed with {@code algorithm.digest()}.
   *
   * @return the signature value: for RSA the PKCS#1 signature block, for ECDSA the DER-encoded
   *     {@code SEQUENCE { r, s }} (as JCA produces it)
   * @throws TokenException if the token refuses (PIN, absent token, unsupported mechanism)
   * @throws ServiceUnavailableException if a remote service cannot be reached
   * @throws IllegalArgumentException if the digest length does not fit the algorithm or the algorithm does not fit
   *     the key
   */
  byte[] signDigest(SignatureAlgorithm algorithm, byte[] digest) throws KysoException;

  /**
   * Signs several digests at once. Remote services override this to send them in one request under one
   * authorisation; the default signs them one by one.
   */
  default List<byte[]> signDigests(SignatureAlgorithm algorithm, List<byte[]> digests) throws KysoException {
    List<byte[]> out = new ArrayList<>(digests.size());
    for (byte[] d : digests) {
      out.add(signDigest(algorithm, d));
    }
    return out;
  }

  /** The key family, from the certificate's public key. */
  default SignatureAlgorithm.KeyType keyType() {
    String alg = certificate().getPublicKey().getAlgorithm();
    return "EC".equals(alg) || "ECDSA".equals(alg) ? SignatureAlgorithm.KeyType.EC : SignatureAlgorithm.KeyType.RSA;
  }

  /** The algorithm this key signs with by default for a digest: PKCS#1 v1.5 for RSA, ECDSA for EC. */
  default SignatureAlgorithm algorithmFor(DigestAlgorithm digest) {
    return SignatureAlgorithm.of(keyType(), digest, false);
  }

  /**
   * How many signatures this key can usefully make at once: what a batch uses as its default number of key
   * threads. A key in a PKCS#12 file signs on every processor; a PKCS#11 token on as many sessions as it was
   * opened with; a remote service signs a batch as one transaction, so 1. The default is 1.
   */
  default int parallelism() {
    return 1;
  }

  /**
   * Whether every use of this key is an authorised request to a remote signing service (CSC, the Vietnamese
   * services): a batch then prepares every document first and sends all the digests in one
   * {@link #signDigests} call, under one authorisation, instead of signing document by document. Default false.
   */
  default boolean remote() {
    return false;
  }

  /** Releases the key; never throws. */
  @Override
  void close();
}
