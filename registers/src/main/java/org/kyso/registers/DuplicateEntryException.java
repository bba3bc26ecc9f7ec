package org.kyso.registers;

/**
 * The same document (number and notation from the same issuer, in the same year) is already in the register.
 * Nothing was written.
 */
public final class DuplicateEntryException extends InvalidEntryException {
  private static final long serialVersionUID = 1L;

  public DuplicateEntryException(String message) {
    super(message);
  }
}
