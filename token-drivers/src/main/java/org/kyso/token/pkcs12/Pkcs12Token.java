package org.kyso.token.pkcs12;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.kyso.core.FileAccessException;
import org.kyso.core.KeyInfo;
import org.kyso.core.KeySelector;
import org.kyso.core.KysoException;
import org.kyso.core.Pin;
import org.kyso.core.PinSource;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;
import org.kyso.core.Token;
import org.kyso.core.TokenException;
import org.kyso.core.internal.SignatureValues;
import org.kyso.token.internal.JcaDigestSigner;

/**
 * A PKCS#12 ({@code .p12}, {@code .pfx}) file as a {@link Token}: for development, and for organisation keys kept
 * on a server. The password is asked once, from the {@link PinSource}, when the file is opened, and wiped after.
 *
 * <p>Thread-safe.
 */
public final class Pkcs12Token implements Token {
  private final Path file;
  private final KeyStore store;
  private final List<KeyInfo> keys;
  private final char[] password;
  private volatile boolean closed;

  private Pkcs12Token(Path file, KeyStore store, List<KeyInfo> keys, char[] password) {
    this.file = file;
    this.store = store;
    this.keys = keys;
    this.password = password;
  }

  /**
   * Opens a PKCS#12 file.
   *
   * @throws FileAccessException if the file is missing or unreadable
   * @throws TokenException with {@code WRONG_PIN} if the password is wrong, {@code FAILED} if the file is not
   *     PKCS#12
   */
  public static Pkcs12Token open(Path file, PinSource password) throws KysoException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(password, "password");
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new FileAccessException("The key file " + file + " does not exist or cannot be read.");
    }
    char[] pw;
    try (Pin pin = password.read("Password for " + file.getFileName())) {
      pw = pin.chars();
    }
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, pw);
      List<KeyInfo> infos = new ArrayList<>();
      for (String alias : Collections.list(ks.aliases())) {
        if (ks.isKeyEntry(alias)) {
          Certificate c = ks.getCertificate(alias);
          infos.add(new KeyInfo(alias, new byte[0],
              c instanceof X509Certificate x ? Optional.of(x) : Optional.empty()));
        }
      }
      return new Pkcs12Token(file, ks, List.copyOf(infos), pw);
    } catch (NoSuchFileException e) {
      throw new FileAccessException("The key file " + file + " does not exist.", e);
    } catch (IOException e) {
      java.util.Arrays.fill(pw, '\0');
      if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
        throw new TokenException(TokenException.Reason.WRONG_PIN,
            "The password of the key file " + file.getFileName() + " is wrong.", e);
      }
      throw new TokenException(TokenException.Reason.FAILED,
          "The file " + file.getFileName() + " is not a readable PKCS#12 key file.", e);
    } catch (GeneralSecurityException e) {
      java.util.Arrays.fill(pw, '\0');
      throw new TokenException(TokenException.Reason.FAILED,
          "The file " + file.getFileName() + " is not a readable PKCS#12 key file.", e);
    }
  }

  @Override
  public List<KeyInfo> keys() {
    return keys;
  }

  @Override
  public SigningKey key(KeySelector selector) throws KysoException {
    Objects.requireNonNull(selector, "selector");
    if (closed) {
      throw new IllegalStateException("This key file was closed.");
    }
    for (KeyInfo k : keys) {
      if (selector.matches(k)) {
        try {
          PrivateKey pk = (PrivateKey) store.getKey(k.label(), password);
          Certificate[] chain = store.getCertificateChain(k.label());
          List<X509Certificate> certs = new ArrayList<>();
          if (chain != null) {
            for (Certificate c : chain) {
              certs.add((X509Certificate) c);
            }
          }
          if (certs.isEmpty()) {
            throw new TokenException(TokenException.Reason.KEY_NOT_FOUND,
                "The key '" + k.label() + "' in " + file.getFileName() + " has no certificate.");
          }
          return new Key(pk, List.copyOf(certs));
        } catch (UnrecoverableKeyException e) {
          throw new TokenException(TokenException.Reason.WRONG_PIN,
              "The key '" + k.label() + "' in " + file.getFileName() + " has a different password.", e);
        } catch (GeneralSecurityException e) {
          throw new TokenException(TokenException.Reason.FAILED,
              "The key '" + k.label() + "' in " + file.getFileName() + " cannot be read.", e);
        }
      }
    }
    throw new TokenException(TokenException.Reason.KEY_NOT_FOUND,
        "No suitable key with a certificate was found in " + file.getFileName() + ".");
  }

  @Override
  public void close() {
    closed = true;
    java.util.Arrays.fill(password, '\0');
  }

  @Override
  public String toString() {
    return "Pkcs12Token[" + file.getFileName() + ", " + keys.size() + " keys]";
  }

  private static final class Key implements SigningKey {
    private final PrivateKey privateKey;
    private final List<X509Certificate> chain;
    private final PublicKey certificateKey;
    /** Whether the JDK verifies this key's PKCS#1 v1.5 values with the certificate's public key; known on first use. */
    private volatile Boolean providerChecks;
    /**
     * PKCS#1 v1.5 signatures ready to sign with this key, one taken per value and put back after it: a batch's
     * threads reuse them instead of looking the algorithm up and initialising it for every document (5 % of a
     * warm batch's working thread). At most as many as threads ever signed at once; emptied on close.
     */
    private final ConcurrentLinkedDeque<Signature> rsaSigners = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    Key(PrivateKey privateKey, List<X509Certificate> chain) {
      this.privateKey = privateKey;
      this.chain = chain;
      this.certificateKey = chain.get(0).getPublicKey();
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
      if (closed) {
        throw new IllegalStateException("This key was closed.");
      }
      if (algorithm.keyType() != keyType()) {
        throw new IllegalArgumentException(algorithm + " does not fit a " + keyType() + " key.");
      }
      try {
        if (algorithm.keyType() != SignatureAlgorithm.KeyType.RSA || algorithm.pss()) {
          return JcaDigestSigner.sign(privateKey, algorithm, digest);
        }
        Signature signer = rsaSigners.pollFirst();
        if (signer == null) {
          signer = JcaDigestSigner.rsaSigner(privateKey);
        }
        byte[] value = JcaDigestSigner.signRsa(signer, algorithm, digest);
        boolean checked = providerChecks(signer);
        if (!closed) {
          rsaSigners.offerFirst(signer); // not after a failure: a signature in an unknown state is dropped
        }
        if (checked) {
          SignatureValues.providerChecked(value, certificateKey, algorithm, digest);
        }
        return value;
      } catch (GeneralSecurityException e) {
        throw new TokenException(TokenException.Reason.FAILED, "The key refused to sign: " + e.getMessage(), e);
      }
    }

    /**
     * Whether every PKCS#1 v1.5 value of this key is verified by the provider that makes it with the certificate's
     * public key: an RSA CRT key whose modulus and public exponent are the certificate's, signed through the JDK's
     * SunJCE (which checks each result with them before returning it), so signers need not verify it again.
     */
    private boolean providerChecks(Signature signer) {
      Boolean b = providerChecks;
      if (b == null) {
        providerChecks = b = privateKey instanceof RSAPrivateCrtKey k && certificateKey instanceof RSAPublicKey p
            && k.getModulus().equals(p.getModulus()) && k.getPublicExponent().equals(p.getPublicExponent())
            && JcaDigestSigner.jdkVerifies(signer);
      }
      return b;
    }

    /** A key in memory signs on every processor at once. */
    @Override
    public int parallelism() {
      return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public void close() {
      closed = true;
      rsaSigners.clear();
    }

    @Override
    public String toString() {
      return "Pkcs12Key[" + certificate().getSubjectX500Principal().getName() + "]";
    }
  }
}
