package org.kyso.core;

/** The document given is not usable for the task: not a PDF or XML, malformed, locked against changes, etc. */
public class DocumentException extends KysoException {
  private static final long serialVersionUID = 1L;

  public DocumentException(String message) {
    super(message);
  }

  public DocumentException(String message, Throwable cause) {
    super(message, cause);
  }
}
