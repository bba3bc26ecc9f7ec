package org.kyso.core.internal.revocation;

import eu.europa.esig.dss.alert.StatusAlert;
import eu.europa.esig.dss.alert.exception.AlertException;
import eu.europa.esig.dss.alert.status.Status;
import org.kyso.core.KysoException;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.SignerCertificateException;

/**
 * DSS alerts raised while a signature is made or extended, turned into kyso exceptions with a plain sentence.
 * DSS only lets them through as unchecked exceptions: {@link KysoAlertException} carries the kyso exception, and
 * {@code DssServices.failure} recovers it.
 */
public final class SigningAlerts {
  private SigningAlerts() {}

  /** An unchecked carrier of a kyso exception through DSS. */
  public static final class KysoAlertException extends AlertException {
    private static final long serialVersionUID = 1L;
    private final KysoException reason;

    KysoAlertException(KysoException reason) {
      super(reason.getMessage());
      initCause(reason);
      this.reason = reason;
    }

    public KysoException reason() {
      return reason;
    }
  }

  /** Revocation data could not be obtained for a B-LT/B-LTA signature. */
  public static StatusAlert missingRevocationData() {
    return status -> {
      throw new KysoAlertException(new ServiceUnavailableException("The revocation status (OCSP or CRL) of "
          + "the certificates could not be obtained" + details(status) + ", so a B-LT or B-LTA signature cannot be "
          + "made; check the network and the CA's OCSP and CRL services, or sign at B-T."));
    };
  }

  /** A certificate of the signature is revoked. */
  public static StatusAlert revokedCertificate() {
    return status -> {
      throw new KysoAlertException(new SignerCertificateException("A certificate of the signature is revoked"
          + details(status) + "; it can no longer produce valid signatures. Ask the CA for a new certificate."));
    };
  }

  /** The signing certificate is expired or not yet valid. */
  public static StatusAlert invalidCertificate() {
    return status -> {
      throw new KysoAlertException(new SignerCertificateException("The signing certificate is not valid at the "
          + "signing time" + details(status) + "; renew it before signing."));
    };
  }

  private static String details(Status status) {
    if (status == null || status.isEmpty()) {
      return "";
    }
    String s = status.getErrorString();
    if (s == null || s.isBlank()) {
      return "";
    }
    s = s.strip().replaceAll("\\s+", " ");
    return " (" + (s.length() > 300 ? s.substring(0, 300) + "…" : s) + ")";
  }
}
