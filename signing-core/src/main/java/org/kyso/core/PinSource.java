package org.kyso.core;

import java.io.Console;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where a PIN (or password, OTP) comes from when a token needs it. There is deliberately no way to pass a PIN as
 * a plain {@code String}: it would end up in logs, process lists and heap dumps.
 *
 * <p>Each call to {@link #read(String)} returns a fresh {@link Pin}; close it to wipe it.
 */
@FunctionalInterface
public interface PinSource {

  /**
   * Reads the PIN.
   *
   * @param prompt what is asked for, e.g. "PIN for token An"; shown to a person when there is one
   * @throws KysoException if no PIN can be obtained (no console, variable not set, file unreadable)
   */
  Pin read(String prompt) throws KysoException;

  /**
   * True when a person types the PIN for this very attempt (a terminal prompt, a dialog). A token that reports
   * that one more wrong PIN locks it is tried only with such a source: a script would repeat the same wrong PIN.
   */
  default boolean interactive() {
    return false;
  }

  /** Asks on the terminal without echo. Fails when no terminal is attached. */
  static PinSource console() {
    return new PinSource() {
      @Override
      public Pin read(String prompt) throws KysoException {
        Console c = System.console();
        if (c == null) {
          throw new TokenException(TokenException.Reason.FAILED,
              "A PIN is needed but no terminal is attached: use --pin-env or --pin-file.");
        }
        char[] pin = c.readPassword("%s: ", prompt);
        if (pin == null) {
          throw new TokenException(TokenException.Reason.FAILED, "No PIN was entered.");
        }
        return Pin.wrap(pin);
      }

      @Override
      public boolean interactive() {
        return true;
      }
    };
  }

  /** Reads the PIN from an environment variable (its name, not its value, is what is configured). */
  static PinSource environment(String variable) {
    Objects.requireNonNull(variable, "variable");
    return prompt -> {
      String v = System.getenv(variable);
      if (v == null) {
        throw new TokenException(TokenException.Reason.FAILED,
            "The environment variable " + variable + " that should hold the PIN is not set.");
      }
      return Pin.wrap(v.toCharArray());
    };
  }

  /** Reads the PIN from the first line of a file (UTF-8; a trailing newline is ignored). */
  static PinSource file(Path file) {
    Objects.requireNonNull(file, "file");
    return prompt -> {
      byte[] bytes;
      // a pipe would block, a device never end: only a regular file of a PIN's size is read
      if (!Files.isRegularFile(file)) {
        throw new FileAccessException("The PIN file " + file + (Files.exists(file) ? " is not a regular file."
            : " does not exist."));
      }
      try {
        if (Files.size(file) > 64 << 10) {
          throw new FileAccessException("The PIN file " + file + " is larger than 64 KiB; it holds no PIN.");
        }
        bytes = Files.readAllBytes(file);
      } catch (IOException e) {
        throw new FileAccessException("The PIN file " + file + " cannot be read.", e);
      }
      try {
        CharBuffer cb = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
        int end = 0;
        while (end < cb.limit() && cb.get(end) != '\n' && cb.get(end) != '\r') {
          end++;
        }
        char[] pin = new char[end];
        cb.get(pin, 0, end);
        Arrays.fill(cb.array(), '\0');
        return Pin.wrap(pin);
      } finally {
        Arrays.fill(bytes, (byte) 0);
      }
    };
  }

  /** Asks a callback each time (a GUI dialog, a secrets manager). The returned array is owned by the Pin. */
  static PinSource callback(Supplier<char[]> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    return prompt -> {
      char[] pin = supplier.get();
      if (pin == null) {
        throw new TokenException(TokenException.Reason.FAILED, "No PIN was given.");
      }
      return Pin.wrap(pin);
    };
  }

  /** A fixed PIN, for tests and for server keys whose password comes from configuration. Copies the array. */
  static PinSource of(char[] pin) {
    char[] copy = Objects.requireNonNull(pin, "pin").clone();
    return prompt -> Pin.wrap(copy.clone());
  }
}
