package org.kyso.core.internal.tsp;

import eu.europa.esig.dss.spi.exception.DSSExternalResourceException;
import org.kyso.core.ServiceUnavailableException;

/**
 * Carries kyso's {@link ServiceUnavailableException} through DSS, whose timestamp source interface allows only
 * unchecked exceptions. Signers unwrap it with {@code DssServices.serviceFailure}.
 */
public final class TspUnavailableException extends DSSExternalResourceException {
  private static final long serialVersionUID = 1L;
  private final ServiceUnavailableException reason;

  public TspUnavailableException(ServiceUnavailableException reason) {
    super(reason.getMessage(), reason);
    this.reason = reason;
  }

  public ServiceUnavailableException reason() {
    return reason;
  }
}
