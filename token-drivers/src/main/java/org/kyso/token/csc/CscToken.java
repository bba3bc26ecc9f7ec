package org.kyso.token.csc;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.kyso.core.KeyInfo;
import org.kyso.core.KeySelector;
import org.kyso.core.KysoException;
import org.kyso.core.SigningKey;
import org.kyso.core.Token;
import org.kyso.core.TokenException;
import org.kyso.core.TokenException.Reason;
import org.kyso.token.KeyOptions;

/**
 * The credentials of a CSC v2 remote signing account as a {@link Token}. Each key it hands out signs through
 * {@code credentials/authorize} and {@code signatures/signHash}; see {@link #key(String)}.
 *
 * <p>Thread-safe. Closing the token makes its keys refuse to sign.
 */
public final class CscToken implements Token {
  private final CscClient client;
  private volatile boolean closed;

  CscToken(CscClient client) {
    this.client = client;
  }

  /**
   * Connects to the service (fetching the OAuth2 access token when a client id is given).
   *
   * @throws org.kyso.core.ServiceUnavailableException if the service cannot be reached
   * @throws TokenException with {@code ACCESS_DENIED} if it refuses the client id or secret
   */
  public static CscToken open(CscUri uri, KeyOptions options) throws KysoException {
    return CscClient.create(uri, options).open();
  }

  public CscClient client() {
    return client;
  }

  /** The credentials as keys: label = credential id, no id bytes, the credential's certificate. */
  @Override
  public List<KeyInfo> keys() throws KysoException {
    List<KeyInfo> out = new ArrayList<>();
    for (CscCredential c : client.credentials()) {
      out.add(new KeyInfo(c.id(), new byte[0], c.certificate()));
    }
    return List.copyOf(out);
  }

  @Override
  public SigningKey key(KeySelector selector) throws KysoException {
    Objects.requireNonNull(selector, "selector");
    for (CscCredential c : client.credentials()) {
      if (selector.matches(new KeyInfo(c.id(), new byte[0], c.certificate()))) {
        return key(c);
      }
    }
    throw new TokenException(Reason.KEY_NOT_FOUND, "No matching credential with a certificate is available at "
        + client.host() + ": list them with 'kyso token list --csc " + client.uri().base() + "'.");
  }

  /**
   * The key of one credential, described by {@code credentials/info}.
   *
   * @throws TokenException {@code KEY_NOT_FOUND} if the service does not know the credential or gives no
   *     certificate, {@code ACCESS_DENIED} if its key is disabled, {@code UNSUPPORTED} if it needs a browser
   *     authorisation (OAuth2 code flow)
   */
  public SigningKey key(String credentialId) throws KysoException {
    return key(client.credential(Objects.requireNonNull(credentialId, "credentialId")));
  }

  private SigningKey key(CscCredential c) throws TokenException {
    if (closed) {
      throw new IllegalStateException("This token was closed.");
    }
    if (c.certificate().isEmpty()) {
      throw new TokenException(Reason.KEY_NOT_FOUND, "The credential '" + c.id()
          + "' has no certificate at the signing service: ask the provider to issue one.");
    }
    if (!c.keyEnabled()) {
      throw new TokenException(Reason.ACCESS_DENIED, "The key of credential '" + c.id()
          + "' is disabled at the signing service: ask the provider to enable it.");
    }
    if (c.authMode() == CscCredential.AuthMode.OAUTH2_CODE) {
      throw new TokenException(Reason.UNSUPPORTED, "The credential '" + c.id() + "' must be authorised in a web"
          + " browser (OAuth2 code flow), which kyso does not support: ask the provider for PIN/OTP or app approval.");
    }
    return new CscKey(client, c, this);
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "CscToken[" + client.uri().base() + "]";
  }
}
