package org.kyso.token;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.kyso.core.KeySelector;
import org.kyso.core.KysoException;
import org.kyso.core.PinSource;
import org.kyso.core.SigningKey;
import org.kyso.core.Token;
import org.kyso.core.internal.ForwardingKey;
import org.kyso.token.csc.CscToken;
import org.kyso.token.csc.CscUri;
import org.kyso.token.pkcs11.Pkcs11Token;
import org.kyso.token.pkcs11.Pkcs11Uri;
import org.kyso.token.pkcs12.Pkcs12Token;

/**
 * Opens a signing key from the textual forms the command line and configuration files use (CONTRACT.md):
 * <ul>
 *   <li>{@code p12:PATH[#ALIAS]}: a PKCS#12 file; the PIN source gives its password;
 *   <li>{@code pkcs11:token=LABEL;object=KEY?module-path=/path/lib.so} (RFC 7512, also {@code id=%01},
 *       {@code serial=}, {@code slot-id=}): a key on a PKCS#11 token, logged in once;
 *   <li>{@code csc:https://host/csc/v2?credential=ID&client-id=CLIENT}: a credential of a CSC v2 remote signing
 *       service; the PIN source gives the credential's PIN (or OTP), {@link KeyOptions#cscClientSecret()} the
 *       OAuth2 client secret;
 *   <li>{@code qd769:}, {@code smartca:}, {@code mysign:}: the Vietnamese remote signing services, approved in an
 *       app ({@link org.kyso.token.remote.RemoteKeys}).
 * </ul>
 *
 * <pre>{@code
 * try (SigningKey key = Keys.open("pkcs11:token=An;object=sign?module-path=/usr/lib/softhsm/libsofthsm2.so",
 *     KeyOptions.of(PinSource.environment("KYSO_PIN")))) {
 *   List<byte[]> signatures = key.signDigests(key.algorithmFor(DigestAlgorithm.SHA256), digests);
 * }
 * }</pre>
 *
 * <p>The returned key owns its token: closing the key logs out and releases it. It is thread-safe; a batch should
 * use one key (one login, one CSC authorisation per {@link SigningKey#signDigests} call).
 */
public final class Keys {
  private Keys() {}

  /**
   * Opens the key that {@code spec} names, with default timeouts and batch sizes.
   *
   * @param spec e.g. {@code p12:signer.p12#an}
   * @param pin where the PIN, password or OTP comes from
   * @throws IllegalArgumentException if the spec is not one of the known forms
   * @throws KysoException if the token cannot be opened or the key is not there
   */
  public static SigningKey open(String spec, PinSource pin) throws KysoException {
    Objects.requireNonNull(pin, "pin");
    return open(spec, KeyOptions.of(pin));
  }

  /**
   * Opens the key that {@code spec} names.
   *
   * @throws IllegalArgumentException if the spec is not one of the known forms, or is malformed (the message says
   *     why), or a {@code csc:} address uses plain http to a host other than this computer
   * @throws org.kyso.core.TokenException if the token refuses: {@code WRONG_PIN}, {@code PIN_LOCKED},
   *     {@code TOKEN_ABSENT} (module, token or service missing), {@code KEY_NOT_FOUND}, {@code ACCESS_DENIED}...
   * @throws org.kyso.core.ServiceUnavailableException if a CSC service cannot be reached
   * @throws org.kyso.core.FileAccessException if a PKCS#12 file cannot be read
   */
  public static SigningKey open(String spec, KeyOptions options) throws KysoException {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(options, "options");
    if (spec.startsWith("p12:")) {
      String rest = spec.substring(4);
      int hash = rest.lastIndexOf('#');
      String path = hash >= 0 ? rest.substring(0, hash) : rest;
      KeySelector selector = hash >= 0 ? KeySelector.label(rest.substring(hash + 1)) : KeySelector.any();
      if (path.isEmpty()) {
        throw new IllegalArgumentException("The key 'p12:' needs a file path, e.g. p12:signer.p12.");
      }
      return owning(Pkcs12Token.open(Path.of(path), options.pin()), selector);
    }
    if (spec.regionMatches(true, 0, "pkcs11:", 0, 7)) {
      Pkcs11Uri uri = Pkcs11Uri.parse(spec);
      return owning(Pkcs11Token.open(uri, options.pin(), options.pkcs11Sessions()), uri.keySelector());
    }
    if (spec.regionMatches(true, 0, "csc:", 0, 4)) {
      CscUri uri = CscUri.parse(spec);
      CscToken token = CscToken.open(uri, options);
      if (uri.credential().isPresent()) {
        String id = uri.credential().get();
        return owningLookup(token, t -> token.key(id));
      }
      return owning(token, KeySelector.any());
    }
    if (org.kyso.token.remote.RemoteKeys.handles(spec)) {
      return org.kyso.token.remote.RemoteKeys.open(spec, options);
    }
    throw new IllegalArgumentException("Unknown key form '" + abbreviate(spec)
        + "': use p12:FILE[#ALIAS], pkcs11:token=LABEL;object=KEY?module-path=LIB, csc:URL?credential=ID,"
        + " qd769:URL?sp-id=SP&user-id=ID, smartca:URL?client-id=ID&user=USER or mysign:URL?client-id=ID&user-id=ID.");
  }

  /** A key that closes its token when it is closed. */
  public static SigningKey owning(Token token, KeySelector selector) throws KysoException {
    Objects.requireNonNull(selector, "selector");
    return owningLookup(token, t -> t.key(selector));
  }

  /**
   * The token a key from {@link #open} belongs to, e.g. to read {@code Pkcs11Token.loginCount()} after a batch or
   * to list the token's other keys. Empty for keys that were not opened here.
   */
  public static Optional<Token> tokenOf(SigningKey key) {
    return key instanceof OwningKey o ? Optional.of(o.token()) : Optional.empty();
  }

  private interface KeyLookup {
    SigningKey find(Token token) throws KysoException;
  }

  private static SigningKey owningLookup(Token token, KeyLookup lookup) throws KysoException {
    SigningKey key;
    try {
      key = lookup.find(token);
    } catch (KysoException | RuntimeException e) {
      token.close();
      throw e;
    }
    return new OwningKey(token, key);
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  /** The found key, closing its token after it. */
  private static final class OwningKey extends ForwardingKey {
    private final Token token;

    OwningKey(Token token, SigningKey key) {
      super(key);
      this.token = token;
    }

    Token token() {
      return token;
    }

    @Override
    public void close() {
      try {
        key.close();
      } finally {
        token.close();
      }
    }
  }
}
