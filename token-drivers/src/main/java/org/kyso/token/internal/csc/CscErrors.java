package org.kyso.token.internal.csc;

import java.util.Locale;
import org.kyso.core.KysoException;
import org.kyso.core.TokenException;
import org.kyso.core.TokenException.Reason;

/** Turns CSC error answers ({@code {"error": …, "error_description": …}}) into kyso exceptions. */
public final class CscErrors {
  private CscErrors() {}

  /** True when a signHash error says the SAD (the authorisation) expired or is no longer valid. */
  public static boolean sadExpired(CscTransport.Response r) {
    String t = (r.error() + " " + r.description()).toLowerCase(Locale.ROOT);
    return t.contains("sad") && (t.contains("expired") || t.contains("invalid") || t.contains("not valid"));
  }

  /**
   * The exception for an error answer.
   *
   * @param method the CSC method, e.g. {@code credentials/authorize}
   * @param credential the credential id, or null
   */
  public static KysoException map(String method, CscTransport.Response r, String credential, String host) {
    String code = r.error();
    String desc = r.description();
    String detail = " (" + (code.isEmpty() ? "HTTP " + r.status() : code) + (desc.isEmpty() ? "" : ": " + desc)
        + ")";
    String t = (code + " " + desc).toLowerCase(Locale.ROOT);
    String cred = credential == null ? "" : " '" + credential + "'";
    if (method.equals("oauth2/token")) {
      return new TokenException(Reason.ACCESS_DENIED, "The signing service at " + host + " refused the client id or"
          + " its secret" + detail + ": check --csc-secret-env or --csc-secret-file.");
    }
    if (r.status() == 401) {
      return new TokenException(Reason.ACCESS_DENIED, "The signing service at " + host + " refused kyso's access"
          + detail + ": check the client id and secret.");
    }
    if (t.contains("locked") || t.contains("blocked") || t.contains("suspended")) {
      return new TokenException(Reason.PIN_LOCKED, "The signing service says the PIN or OTP of credential" + cred
          + " is locked" + detail + ": ask the provider to unlock it.");
    }
    if (method.equals("credentials/authorize") && (t.contains("pin") || t.contains("otp")
        || t.contains("password") || t.contains("invalid_grant"))) {
      return new TokenException(Reason.WRONG_PIN, "The signing service refused the PIN or OTP for credential" + cred
          + detail + ".");
    }
    if (t.contains("sad") && (t.contains("expired") || t.contains("invalid"))) {
      return new TokenException(Reason.ACCESS_DENIED, "The signing service's authorisation for credential" + cred
          + " expired before the signatures were made" + detail + ": sign again, in smaller batches if it recurs.");
    }
    if (t.contains("credential") && (t.contains("invalid") || t.contains("not found") || t.contains("unknown"))) {
      return new TokenException(Reason.KEY_NOT_FOUND, "The signing service has no credential" + cred + detail
          + ": list them with 'kyso token list --csc URL'.");
    }
    if (t.contains("algo") || t.contains("unsupported") || t.contains("not supported")) {
      return new TokenException(Reason.UNSUPPORTED, "The signing service cannot do what " + method
          + " asked for credential" + cred + detail + ".");
    }
    if (r.status() == 403 || t.contains("access_denied") || t.contains("denied") || t.contains("refused")) {
      return new TokenException(Reason.ACCESS_DENIED, "The signing service refused " + method + " for credential"
          + cred + detail + ".");
    }
    return new TokenException(Reason.FAILED, "The signing service refused " + method + detail + ".");
  }
}
