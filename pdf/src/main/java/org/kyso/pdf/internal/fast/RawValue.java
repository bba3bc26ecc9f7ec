package org.kyso.pdf.internal.fast;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A PDF value as {@link RawParser} reads it, with where it lies in its buffer, so that an object can be rewritten
 * by splicing its original bytes (nothing else of it is re-encoded).
 */
sealed interface RawValue {
  /** Start (inclusive) and end (exclusive) of the value's bytes in {@link #buf()}. */
  int start();

  int end();

  byte[] buf();

  /** The original bytes of the value. */
  default byte[] raw() {
    return java.util.Arrays.copyOfRange(buf(), start(), end());
  }

  record Dict(byte[] buf, int start, int end, Map<String, RawValue> items) implements RawValue {
    RawValue get(String key) {
      return items.get(key);
    }

    /** The position of the closing {@code >>}. */
    int closing() {
      return end - 2;
    }
  }

  record Arr(byte[] buf, int start, int end, List<RawValue> items) implements RawValue {
    /** The position of the closing {@code ]}. */
    int closing() {
      return end - 1;
    }
  }

  record Ref(byte[] buf, int start, int end, long number, int generation) implements RawValue {
    String text() {
      return number + " " + generation + " R";
    }
  }

  record Name(byte[] buf, int start, int end, String name) implements RawValue {}

  record Str(byte[] buf, int start, int end, byte[] bytes) implements RawValue {
    /** The text of a PDF text string: UTF-16BE with a byte order mark, else treated as Latin-1. */
    String text() {
      if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
        return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE);
      }
      if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
          && (bytes[2] & 0xFF) == 0xBF) {
        return new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
      }
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }

  record Num(byte[] buf, int start, int end, String text) implements RawValue {
    long longValue() {
      return isInteger() ? Long.parseLong(text.startsWith("+") ? text.substring(1) : text)
          : (long) Double.parseDouble(text);
    }

    boolean isInteger() {
      return text.indexOf('.') < 0;
    }
  }

  /** {@code true}, {@code false} or {@code null}. */
  record Word(byte[] buf, int start, int end, String word) implements RawValue {}
}
