package org.kyso.registers;

import org.kyso.core.KysoException;

/**
 * The register database refused kyso: wrong user or password, or no permission on the schema. The {@code kyso}
 * command exits 77 (access refused), as for a wrong PIN.
 */
public final class DatabaseAccessException extends KysoException {
  private static final long serialVersionUID = 1L;

  public DatabaseAccessException(String message, Throwable cause) {
    super(message, cause);
  }
}
