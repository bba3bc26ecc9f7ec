package org.kyso.core.internal;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.kyso.core.DigestAlgorithm;
import org.kyso.core.KysoException;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;

/**
 * A {@link SigningKey} that hands every call to another key, {@link #signDigests}, {@link #parallelism()},
 * {@link #remote()} and {@link #toString()} included: the one base for a key that owns its token (token-drivers'
 * {@code Keys}) and for the tests' keys that count, slow down or fail signatures. A subclass overrides only what it
 * changes; one that watches {@link #signDigest} and may be handed a remote key overrides {@link #signDigests} too
 * (it goes to the other key's own, one approval for all). Not API.
 */
public abstract class ForwardingKey implements SigningKey {
  /** The key every call goes to. */
  protected final SigningKey key;

  protected ForwardingKey(SigningKey key) {
    this.key = Objects.requireNonNull(key, "key");
  }

  @Override
  public X509Certificate certificate() {
    return key.certificate();
  }

  @Override
  public List<X509Certificate> certificateChain() {
    return key.certificateChain();
  }

  @Override
  public byte[] signDigest(SignatureAlgorithm algorithm, byte[] digest) throws KysoException {
    return key.signDigest(algorithm, digest);
  }

  @Override
  public List<byte[]> signDigests(SignatureAlgorithm algorithm, List<byte[]> digests) throws KysoException {
    return key.signDigests(algorithm, digests);
  }

  @Override
  public SignatureAlgorithm.KeyType keyType() {
    return key.keyType();
  }

  @Override
  public SignatureAlgorithm algorithmFor(DigestAlgorithm digest) {
    return key.algorithmFor(digest);
  }

  @Override
  public int parallelism() {
    return key.parallelism();
  }

  @Override
  public boolean remote() {
    return key.remote();
  }

  @Override
  public void close() {
    key.close();
  }

  @Override
  public String toString() {
    return key.toString();
  }
}
