package org.kyso.core;

/**
 * The root of every checked error kyso raises. Each subclass says which kind of problem it is, so that an
 * application (and the {@code kyso} command, which maps them to exit codes) can react without parsing messages.
 *
 * <p>Messages are one plain sentence meant for a person: what went wrong and, when it helps, what to do.
 * They never contain a PIN, a password, key material or document content.
 */
public class KysoException extends Exception {
  private static final long serialVersionUID = 1L;

  public KysoException(String message) {
    super(message);
  }

  public KysoException(String message, Throwable cause) {
    super(message, cause);
  }
}
