package org.kyso.token.remote;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.kyso.core.KysoException;
import org.kyso.token.KeyOptions;
import org.kyso.token.internal.remote.MySignService;
import org.kyso.token.internal.remote.Qd769Service;
import org.kyso.token.internal.remote.SmartCaService;

/**
 * Opens keys at the Vietnamese remote signing services, where the user approves each transaction in an app:
 * <ul>
 *   <li>{@code qd769:https://host/base?sp-id=SP&user-id=ID[&serial=S][&layout=vnpt|neac][&signature=raw|cms]}: the
 *       QĐ 769/QĐ-BTTTT interface (VNPT SmartCA at {@code …/sca/sp769/v1}, the national eSign gateway, other public
 *       CAs); the SP password is {@link KeyOptions#serviceSecret()}; {@code signature=cms} for providers that answer
 *       with a complete CMS (then only PDFs, through {@code PdfCmsSigner}, and the certificate may be one-time);
 *   <li>{@code smartca:https://host/base?client-id=ID&user=USER[&credential=ID]}: VNPT SmartCA's gateway; the client
 *       secret is the service secret, the user's password the PIN;
 *   <li>{@code mysign:https://host/base?client-id=ID&user-id=ID&profile-id=P[&credential=ID]}: Viettel MySign (CSC
 *       v1 behind its login); the client secret is the service secret.
 * </ul>
 */
public final class RemoteKeys {
  private RemoteKeys() {}

  /** The key schemes this class opens. */
  public static final Set<String> SCHEMES = Set.of("qd769", "smartca", "mysign");

  /** True when {@code spec} starts with one of {@link #SCHEMES}. */
  public static boolean handles(String spec) {
    int colon = spec.indexOf(':');
    return colon > 0 && SCHEMES.contains(spec.substring(0, colon).toLowerCase(Locale.ROOT));
  }

  /** One certificate the account offers, for listing. */
  public record Listed(String id, X509Certificate certificate, String status, String keySpec) {}

  /**
   * Connects to the service and opens the key.
   *
   * @throws IllegalArgumentException if the spec is malformed, plain http goes elsewhere than loopback, or the secret
   *     is missing
   * @throws org.kyso.core.TokenException {@code ACCESS_DENIED} if the service refuses the account's credentials,
   *     {@code KEY_NOT_FOUND} if it has no certificate for the user
   * @throws org.kyso.core.ServiceUnavailableException if it cannot be reached
   */
  public static RemoteKey open(String spec, KeyOptions options) throws KysoException {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(options, "options");
    return new RemoteKey(service(spec, options), options);
  }

  /** The certificates the account offers, each with the {@code --key} that selects it. */
  public static List<Listed> list(String spec, KeyOptions options) throws KysoException {
    try (RemoteSigningService s = service(spec, options)) {
      List<Listed> out = new ArrayList<>();
      if (s instanceof Qd769Service q) {
        RemoteUri u = Qd769Service.parse(spec);
        for (Qd769Service.UserCertificate c : q.certificates()) {
          if (!c.chain().isEmpty()) {
            out.add(new Listed(c.serial(), c.chain().get(0), c.status(), withParam(u, "serial", c.serial())));
          }
        }
      } else if (s instanceof SmartCaService sc) {
        RemoteUri u = SmartCaService.parse(spec);
        for (org.kyso.token.internal.remote.RemoteCredential c : sc.credentials()) {
          out.add(new Listed(c.id(), c.chain().get(0), c.status(), withParam(u, "credential", c.id())));
        }
      } else if (s instanceof MySignService ms) {
        RemoteUri u = MySignService.parse(spec);
        for (org.kyso.token.internal.remote.RemoteCredential c : ms.credentials()) {
          out.add(new Listed(c.id(), c.chain().get(0), c.status(), withParam(u, "credential", c.id())));
        }
      }
      return out;
    }
  }

  private static String withParam(RemoteUri u, String name, String value) {
    java.util.Map<String, String> p = new java.util.LinkedHashMap<>(u.params());
    p.put(name, value);
    return new RemoteUri(u.scheme(), u.base(), p).toString();
  }

  private static RemoteSigningService service(String spec, KeyOptions options) throws KysoException {
    String scheme = spec.substring(0, Math.max(0, spec.indexOf(':'))).toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "qd769" -> Qd769Service.open(Qd769Service.parse(spec), options);
      case "smartca" -> SmartCaService.open(SmartCaService.parse(spec), options);
      case "mysign" -> MySignService.open(MySignService.parse(spec), options);
      default -> throw new IllegalArgumentException("Unknown remote key form: use qd769:, smartca: or mysign:.");
    };
  }
}
