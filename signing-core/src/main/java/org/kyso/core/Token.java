package org.kyso.core;

import java.util.List;

/**
 * A key store: a PKCS#11 token or HSM slot, a PKCS#12 file, or a remote signing account. The user is logged in
 * once when the token is opened; every key taken from it signs without asking again.
 *
 * <p>Thread-safe. Closing the token closes every key taken from it.
 */
public interface Token extends AutoCloseable {

  /** The keys this token holds, with their certificates. */
  List<KeyInfo> keys() throws KysoException;

  /**
   * The first key the selector accepts.
   *
   * @throws TokenException with {@link TokenException.Reason#KEY_NOT_FOUND} if none matches
   */
  SigningKey key(KeySelector selector) throws KysoException;

  /** Logs out and releases the token; never throws. */
  @Override
  void close();
}
