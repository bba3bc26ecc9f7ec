package org.kyso.core;

import java.util.Arrays;

/**
 * A PIN, password or OTP held in a char array that is wiped by {@link #close()}. It never prints itself:
 * {@link #toString()} says only that a PIN is there. Use in try-with-resources.
 */
public final class Pin implements AutoCloseable {
  private final char[] chars;
  private volatile boolean wiped;

  private Pin(char[] chars) {
    this.chars = chars;
  }

  /** Takes ownership of {@code chars} (they will be wiped on close). */
  public static Pin wrap(char[] chars) {
    return new Pin(java.util.Objects.requireNonNull(chars, "chars"));
  }

  /** A copy of the characters; the caller must wipe it after use. */
  public char[] chars() {
    if (wiped) {
      throw new IllegalStateException("this PIN was already wiped");
    }
    return chars.clone();
  }

  /** True when the PIN is empty. */
  public boolean isEmpty() {
    return chars.length == 0;
  }

  /** Overwrites the characters. */
  @Override
  public void close() {
    Arrays.fill(chars, '\0');
    wiped = true;
  }

  @Override
  public String toString() {
    return "Pin[redacted]";
  }
}
