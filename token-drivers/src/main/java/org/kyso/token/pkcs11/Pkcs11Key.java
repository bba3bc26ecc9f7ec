package org.kyso.token.pkcs11;

import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.kyso.core.KysoException;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;

/** A private key on a {@link Pkcs11Token}; signs on the token's session pool. Thread-safe. */
final class Pkcs11Key implements SigningKey {
  private final Pkcs11Token token;
  private final String label;
  private final byte[] id;
  private final List<X509Certificate> chain;
  private volatile boolean closed;

  Pkcs11Key(Pkcs11Token token, String label, byte[] id, List<X509Certificate> chain) {
    this.token = token;
    this.label = label;
    this.id = id.clone();
    this.chain = List.copyOf(chain);
  }

  String label() {
    return label;
  }

  byte[] id() {
    return id.clone();
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
  public byte[] signDigest(SignatureAlgorithm algorithm, byte[] digest) throws KysoException {
    Objects.requireNonNull(algorithm, "algorithm");
    if (closed || token.isClosed()) {
      throw new IllegalStateException("This key or its token was closed.");
    }
    if (algorithm.keyType() != keyType()) {
      throw new IllegalArgumentException(algorithm + " does not fit a " + keyType() + " key.");
    }
    return token.sign(this, algorithm, digest);
  }

  /** As many signatures at once as the token has sessions for signing threads. */
  @Override
  public int parallelism() {
    return token.maxSessions();
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "Pkcs11Key[label=" + label + ", id=" + HexFormat.of().formatHex(id) + ", "
        + certificate().getSubjectX500Principal().getName() + "]";
  }
}
