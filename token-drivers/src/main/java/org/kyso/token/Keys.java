package org.kyso.token;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.kyso.core.KeySelector;
import org.kyso.core.KysoException;
import org.kyso.core.PinSource;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;
import org.kyso.core.Token;
import org.kyso.token.pkcs12.Pkcs12Token;

/**
 * Opens a signing key from the textual forms the command line and configuration files use (CONTRACT.md):
 * {@code p12:PATH[#ALIAS]}, {@code pkcs11:…} (RFC 7512) and {@code csc:…}.
 *
 * <p>The returned key owns its token: closing the key logs out and releases it.
 */
public final class Keys {
  private Keys() {}

  /**
   * Opens the key that {@code spec} names.
   *
   * @param spec e.g. {@code p12:signer.p12#an}
   * @param pin where the PIN or password comes from
   * @throws IllegalArgumentException if the spec is not one of the known forms
   * @throws KysoException if the token cannot be opened or the key is not there
   */
  public static SigningKey open(String spec, PinSource pin) throws KysoException {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(pin, "pin");
    if (spec.startsWith("p12:")) {
      String rest = spec.substring(4);
      int hash = rest.lastIndexOf('#');
      String path = hash >= 0 ? rest.substring(0, hash) : rest;
      KeySelector selector = hash >= 0 ? KeySelector.label(rest.substring(hash + 1)) : KeySelector.any();
      if (path.isEmpty()) {
        throw new IllegalArgumentException("The key 'p12:' needs a file path, e.g. p12:signer.p12.");
      }
      return owning(Pkcs12Token.open(Path.of(path), pin), selector);
    }
    throw new IllegalArgumentException("Unknown key form '" + abbreviate(spec)
        + "': use p12:FILE[#ALIAS], pkcs11:token=LABEL;object=KEY?module-path=LIB or csc:URL?credential=ID.");
  }

  /** A key that closes its token when it is closed. */
  public static SigningKey owning(Token token, KeySelector selector) throws KysoException {
    SigningKey key;
    try {
      key = token.key(selector);
    } catch (KysoException | RuntimeException e) {
      token.close();
      throw e;
    }
    return new OwningKey(token, key);
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  private record OwningKey(Token token, SigningKey key) implements SigningKey {
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
    public SignatureAlgorithm algorithmFor(org.kyso.core.DigestAlgorithm digest) {
      return key.algorithmFor(digest);
    }

    @Override
    public void close() {
      try {
        key.close();
      } finally {
        token.close();
      }
    }

    @Override
    public String toString() {
      return key.toString();
    }
  }
}
