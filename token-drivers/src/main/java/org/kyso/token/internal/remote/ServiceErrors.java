package org.kyso.token.internal.remote;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import org.kyso.core.ApprovalTimeoutException;
import org.kyso.core.KysoException;
import org.kyso.core.TokenException;
import org.kyso.core.TokenException.Reason;

/**
 * Turns a remote signing service's error answer (a code and a message, often in Vietnamese) into kyso's exceptions:
 * refused by the user, wrong service credentials, quota used up → {@code ACCESS_DENIED}; expired →
 * {@link ApprovalTimeoutException}. The service's own message is kept, cleaned of control characters and cut short.
 */
public final class ServiceErrors {
  private ServiceErrors() {}

  /** What kind of failure a message describes. */
  public enum Kind { EXPIRED, REFUSED, QUOTA, CREDENTIALS, DENIED, OTHER }

  private static final List<String> EXPIRED = List.of("het han", "expire", "timeout", "time out", "qua thoi gian",
      "het thoi gian");
  private static final List<String> REFUSED = List.of("tu choi", "reject", "refuse", "denied", "deny", "huy giao dich",
      "da huy", "cancel");
  private static final List<String> QUOTA = List.of("service_pack", "service pack", "goi cuoc", "goi dich vu",
      "het luot", "quota", "so luot", "exeed", "exceed");
  private static final List<String> CREDENTIALS = List.of("sp_id", "sp_password", "sp id", "mat khau", "password",
      "xac thuc", "unauthori", "authenticat", "client_id", "client_secret", "invalid_client", "invalid_grant",
      "thong tin dang nhap", "dang nhap");

  /** Lower case, without Vietnamese diacritics ("Từ chối" → "tu choi"). */
  static String fold(String s) {
    String n = Normalizer.normalize(s.replace('đ', 'd').replace('Đ', 'D'), Normalizer.Form.NFD);
    return n.replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
  }

  public static Kind kind(String message) {
    String f = fold(message);
    if (contains(f, QUOTA)) {
      return Kind.QUOTA;
    }
    if (contains(f, EXPIRED)) {
      return Kind.EXPIRED;
    }
    if (contains(f, REFUSED)) {
      return Kind.REFUSED;
    }
    if (contains(f, CREDENTIALS)) {
      return Kind.CREDENTIALS;
    }
    return Kind.OTHER;
  }

  private static boolean contains(String folded, List<String> words) {
    for (String w : words) {
      if (folded.contains(w)) {
        return true;
      }
    }
    return false;
  }

  /** The text with its first letter upper case. */
  public static String cap(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** The text with its first letter lower case, for a service named inside a sentence. */
  public static String uncap(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  /** A service message fit for one line: no control characters, at most 200 characters. */
  public static String clean(String message) {
    if (message == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < message.length() && b.length() < 200; i++) {
      char c = message.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? ' ' : c);
    }
    return b.toString().strip();
  }

  /**
   * The exception for an error answer.
   *
   * @param service e.g. "The QĐ 769 signing service at host"
   * @param kind what the answer means
   * @param detail the service's message and code, already cleaned
   * @param transaction the transaction it concerns, or null
   */
  public static KysoException of(String service, Kind kind, String detail, String transaction) {
    String who = uncap(service);
    service = cap(service);
    String t = transaction == null ? "" : " (transaction " + transaction + ")";
    return switch (kind) {
      case EXPIRED -> new ApprovalTimeoutException("The signature request" + t + " expired before it was approved in"
          + " the app, says " + who + ": " + detail + ". Run the command again and approve in time.",
          transaction == null ? "" : transaction);
      case REFUSED -> new TokenException(Reason.ACCESS_DENIED, "The signature request" + t + " was refused in the app,"
          + " says " + who + ": " + detail + ". Nothing was signed.");
      case QUOTA -> new TokenException(Reason.ACCESS_DENIED, "The signing quota of this account is used up, says "
          + who + ": " + detail + ". Renew the service pack with the provider.");
      case CREDENTIALS -> new TokenException(Reason.ACCESS_DENIED, service + " refused kyso's service credentials: "
          + detail + ". Check the account id and the secret given by --service-secret-env/--service-secret-file.");
      case DENIED -> new TokenException(Reason.ACCESS_DENIED, service + " refused to sign: " + detail
          + ". Nothing was signed.");
      case OTHER -> new TokenException(Reason.FAILED, service + " refused the request: " + detail + ".");
    };
  }
}
