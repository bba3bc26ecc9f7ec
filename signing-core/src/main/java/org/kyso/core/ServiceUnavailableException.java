package org.kyso.core;

/** A remote service kyso needed (timestamp authority, OCSP, CRL, remote signing service) could not be reached or failed. */
public class ServiceUnavailableException extends KysoException {
  private static final long serialVersionUID = 1L;

  public ServiceUnavailableException(String message) {
    super(message);
  }

  public ServiceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
