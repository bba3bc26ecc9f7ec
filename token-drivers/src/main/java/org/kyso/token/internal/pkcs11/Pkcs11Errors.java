package org.kyso.token.internal.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.*;

import org.kyso.core.TokenException;
import org.kyso.core.TokenException.Reason;
import org.xipki.pkcs11.wrapper.PKCS11Exception;

/** Turns PKCS#11 return codes into {@link TokenException}s with a reason and one plain sentence. */
public final class Pkcs11Errors {
  private Pkcs11Errors() {}

  /** The reason a PKCS#11 return code stands for. */
  public static Reason reason(long ckr) {
    if (ckr == CKR_PIN_INCORRECT || ckr == CKR_PIN_INVALID || ckr == CKR_PIN_LEN_RANGE) {
      return Reason.WRONG_PIN;
    }
    if (ckr == CKR_PIN_LOCKED || ckr == CKR_PIN_EXPIRED) {
      return Reason.PIN_LOCKED;
    }
    if (ckr == CKR_TOKEN_NOT_PRESENT || ckr == CKR_DEVICE_REMOVED || ckr == CKR_TOKEN_NOT_RECOGNIZED
        || ckr == CKR_SLOT_ID_INVALID) {
      return Reason.TOKEN_ABSENT;
    }
    if (ckr == CKR_MECHANISM_INVALID || ckr == CKR_MECHANISM_PARAM_INVALID || ckr == CKR_KEY_TYPE_INCONSISTENT
        || ckr == CKR_KEY_FUNCTION_NOT_PERMITTED || ckr == CKR_FUNCTION_NOT_SUPPORTED) {
      return Reason.UNSUPPORTED;
    }
    if (ckr == CKR_USER_NOT_LOGGED_IN || ckr == CKR_USER_PIN_NOT_INITIALIZED || ckr == CKR_USER_TYPE_INVALID
        || ckr == CKR_USER_ANOTHER_ALREADY_LOGGED_IN || ckr == CKR_USER_TOO_MANY_TYPES) {
      return Reason.ACCESS_DENIED;
    }
    return Reason.FAILED;
  }

  /** True when the code means the session or login is gone (token removed and reinserted, sessions closed). */
  public static boolean sessionLost(long ckr) {
    return ckr == CKR_SESSION_HANDLE_INVALID || ckr == CKR_SESSION_CLOSED || ckr == CKR_USER_NOT_LOGGED_IN
        || ckr == CKR_DEVICE_REMOVED || ckr == CKR_TOKEN_NOT_PRESENT || ckr == CKR_OBJECT_HANDLE_INVALID
        || ckr == CKR_KEY_HANDLE_INVALID;
  }

  /**
   * A {@link TokenException} for a failed PKCS#11 call.
   *
   * @param token how to name the token in the message, e.g. {@code 'An'}
   * @param action what kyso was doing, e.g. "signing"
   */
  public static TokenException map(PKCS11Exception e, String token, String action) {
    long ckr = e.getErrorCode();
    String name = e.getErrorName();
    Reason r = reason(ckr);
    String msg = switch (r) {
      case WRONG_PIN -> "The PIN for token " + token + " is wrong.";
      case PIN_LOCKED -> ckr == CKR_PIN_EXPIRED
          ? "The PIN of token " + token + " has expired: change it with the token vendor's tool."
          : "The PIN of token " + token + " is locked after too many wrong tries: unlock it with the SO PIN"
              + " or the token vendor's tool.";
      case TOKEN_ABSENT -> "Token " + token + " is not present (" + name + "): plug it in and try again.";
      case UNSUPPORTED -> "Token " + token + " cannot do this while " + action + " (" + name
          + "): the key or the device does not support the algorithm.";
      case ACCESS_DENIED -> "Token " + token + " refused access while " + action + " (" + name + ").";
      default -> "Token " + token + " failed while " + action + " (" + name + ").";
    };
    return new TokenException(r, msg, e);
  }
}
