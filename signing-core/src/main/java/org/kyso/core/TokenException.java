package org.kyso.core;

import java.util.Objects;

/**
 * A key store, token, HSM or remote signing service refused or failed. {@link #reason()} says why, so that a
 * caller can ask again for a PIN, tell the user to plug the token in, and so on.
 */
public class TokenException extends KysoException {
  private static final long serialVersionUID = 1L;

  /** Why a token operation failed. */
  public enum Reason {
    /** The PIN (or password, OTP) was wrong; the user may try again. */
    WRONG_PIN,
    /** The PIN is locked, or the authorisation was refused or expired: no retry will help without action. */
    PIN_LOCKED,
    /** Access refused for another reason (no rights on the key, authorisation expired). */
    ACCESS_DENIED,
    /** The token, slot, module or service is not there or not reachable. */
    TOKEN_ABSENT,
    /** No key matches the selection, or the key has no certificate. */
    KEY_NOT_FOUND,
    /** The token does not support what was asked (algorithm, mechanism). */
    UNSUPPORTED,
    /** Anything else the token reported. */
    FAILED
  }

  private final Reason reason;

  public TokenException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public TokenException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
