package org.kyso.core.internal.dss;

import eu.europa.esig.dss.spi.x509.tsp.TSPSource;
import java.util.Optional;
import org.kyso.core.KysoException;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.TimestampService;
import org.kyso.core.internal.revocation.SigningAlerts;
import org.kyso.core.internal.tsp.KysoTspSource;
import org.kyso.core.internal.tsp.TspUnavailableException;

/**
 * Factories for the DSS services the format modules plug into their signing services: the timestamp source.
 *
 * <p>The PDF and XML modules call only these factories, so that the timestamp client can evolve without touching
 * them.
 */
public final class DssServices {
  private DssServices() {}

  /**
   * A DSS timestamp source for {@code service}: its TSAs are tried in order, and each answer's nonce, message
   * imprint, policy and TSA certificate are checked. When all fail, DSS's call throws an unchecked exception from
   * which {@link #serviceFailure} recovers the {@link ServiceUnavailableException} to raise.
   */
  public static TSPSource tspSource(TimestampService service) {
    return new KysoTspSource(service);
  }

  /**
   * The service failure behind an exception thrown by DSS while signing or extending, if there is one: every
   * timestamp authority failed. Walks the cause chain.
   */
  public static Optional<ServiceUnavailableException> serviceFailure(Throwable thrown) {
    return failure(thrown).filter(ServiceUnavailableException.class::isInstance)
        .map(ServiceUnavailableException.class::cast);
  }

  /**
   * The kyso exception behind an exception thrown by DSS while signing or extending, if there is one: every TSA
   * failed, revocation data could not be fetched for B-LT ({@link ServiceUnavailableException}), or a certificate
   * of the signature is revoked or expired ({@code SignerCertificateException}, with a verifier from
   * {@link DssVerifiers#forSigning}). Walks the cause chain; a signer rethrows it as is.
   */
  public static Optional<KysoException> failure(Throwable thrown) {
    int depth = 0;
    for (Throwable t = thrown; t != null && depth < 32; t = t.getCause(), depth++) {
      if (t instanceof TspUnavailableException u) {
        return Optional.of(u.reason());
      }
      if (t instanceof SigningAlerts.KysoAlertException a) {
        return Optional.of(a.reason());
      }
      if (t instanceof KysoException k) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
