package org.kyso.core;

/** An input file is missing or unreadable, or an output file cannot be written. */
public class FileAccessException extends KysoException {
  private static final long serialVersionUID = 1L;

  public FileAccessException(String message) {
    super(message);
  }

  public FileAccessException(String message, Throwable cause) {
    super(message, cause);
  }
}
