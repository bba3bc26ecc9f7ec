package org.kyso.server.internal;

/**
 * A request that gets an error answer: the HTTP status, a stable code programs test, and one sentence a person
 * reads. Never carries a stack trace to the client.
 */
public final class ApiException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;

  public ApiException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
