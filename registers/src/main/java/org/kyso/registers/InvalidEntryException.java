package org.kyso.registers;

import org.kyso.core.DocumentException;

/**
 * A register entry was refused because its data is bad: a required field is missing, a date lies in the future,
 * a series or document type is unknown. Nothing was written.
 */
public class InvalidEntryException extends DocumentException {
  private static final long serialVersionUID = 1L;

  public InvalidEntryException(String message) {
    super(message);
  }

  public InvalidEntryException(String message, Throwable cause) {
    super(message, cause);
  }
}
