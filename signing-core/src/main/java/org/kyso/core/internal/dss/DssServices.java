package org.kyso.core.internal.dss;

import eu.europa.esig.dss.spi.x509.tsp.TSPSource;
import java.util.Optional;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.TimestampService;
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
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof TspUnavailableException u) {
        return Optional.of(u.reason());
      }
      if (t instanceof ServiceUnavailableException s) {
        return Optional.of(s);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Optional.empty();
  }
}
