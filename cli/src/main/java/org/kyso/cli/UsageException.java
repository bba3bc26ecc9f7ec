package org.kyso.cli;

/** A command was called with options that do not fit together (exit 64). */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
