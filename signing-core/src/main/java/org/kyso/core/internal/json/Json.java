package org.kyso.core.internal.json;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * kyso's one small JSON reader and writer (remote signing APIs, tests), so that no module needs a JSON library. Objects are read as
 * {@code LinkedHashMap<String, Object>}, arrays as {@code List<Object>}, numbers as {@code Long} (or
 * {@code BigDecimal} when not integral), plus {@code String}, {@code Boolean} and {@code null}.
 *
 * <p>{@link Secret} values (a PIN, an OTP) are written from their char array straight into the UTF-8 request body,
 * never through a {@code String}; {@link #writeUtf8} wipes its intermediate buffers.
 */
public final class Json {
  private Json() {}

  /** A secret written as a JSON string without ever becoming a {@code String}. Prints as redacted. */
  public static final class Secret {
    private final char[] chars;

    public Secret(char[] chars) {
      this.chars = chars;
    }

    char[] chars() {
      return chars;
    }

    @Override
    public String toString() {
      return "Secret[redacted]";
    }
  }

  // ---------------------------------------------------------------- reading

  /** The value at a path such as {@code files/0/signatures/1/revocation/status} in a parsed value; null if absent. */
  public static Object at(Object root, String path) {
    Object cur = root;
    for (String part : path.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      if (cur instanceof Map<?, ?> m) {
        cur = m.get(part);
      } else if (cur instanceof List<?> l) {
        int i = Integer.parseInt(part);
        cur = i < l.size() ? l.get(i) : null;
      } else {
        return null;
      }
    }
    return cur;
  }

  /**
   * Parses one JSON value.
   *
   * @throws IllegalArgumentException if the text is not valid JSON
   */
  public static Object parse(String text) {
    Reader r = new Reader(text);
    r.skipWs();
    Object v = r.value();
    r.skipWs();
    if (r.pos != text.length()) {
      throw r.error("unexpected text after the value");
    }
    return v;
  }

  /** Parses a JSON object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(String text) {
    Object v = parse(text);
    if (!(v instanceof Map)) {
      throw new IllegalArgumentException("a JSON object was expected");
    }
    return (Map<String, Object>) v;
  }

  /** The string member {@code key}, when present and a string. */
  public static Optional<String> string(Map<String, Object> obj, String key) {
    return obj.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
  }

  /** The integer member {@code key}, when present and a number (a numeric string is accepted too). */
  public static Optional<Long> number(Map<String, Object> obj, String key) {
    Object v = obj.get(key);
    if (v instanceof Number n) {
      return Optional.of(n.longValue());
    }
    if (v instanceof String s) {
      try {
        return Optional.of(Long.parseLong(s.trim()));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The boolean member {@code key}, when present and a boolean. */
  public static Optional<Boolean> bool(Map<String, Object> obj, String key) {
    return obj.get(key) instanceof Boolean b ? Optional.of(b) : Optional.empty();
  }

  /** The object member {@code key}, or an empty map. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(Map<String, Object> obj, String key) {
    return obj.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** The array member {@code key}, or an empty list. */
  @SuppressWarnings("unchecked")
  public static List<Object> array(Map<String, Object> obj, String key) {
    return obj.get(key) instanceof List<?> l ? (List<Object>) l : List.of();
  }

  /** The string elements of the array member {@code key}. */
  public static List<String> strings(Map<String, Object> obj, String key) {
    List<String> out = new ArrayList<>();
    for (Object o : array(obj, key)) {
      if (o instanceof String s) {
        out.add(s);
      }
    }
    return out;
  }

  private static final class Reader {
    private final String s;
    private int pos;

    Reader(String s) {
      this.s = s;
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException("Malformed JSON at offset " + pos + ": " + what + ".");
    }

    void skipWs() {
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
          pos++;
        } else {
          break;
        }
      }
    }

    Object value() {
      if (pos >= s.length()) {
        throw error("unexpected end");
      }
      char c = s.charAt(pos);
      switch (c) {
        case '{':
          return object();
        case '[':
          return array();
        case '"':
          return string();
        case 't':
          literal("true");
          return Boolean.TRUE;
        case 'f':
          literal("false");
          return Boolean.FALSE;
        case 'n':
          literal("null");
          return null;
        default:
          if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
          }
          throw error("unexpected character");
      }
    }

    private void literal(String word) {
      if (!s.startsWith(word, pos)) {
        throw error("expected " + word);
      }
      pos += word.length();
    }

    private Map<String, Object> object() {
      Map<String, Object> m = new LinkedHashMap<>();
      pos++;
      skipWs();
      if (peek() == '}') {
        pos++;
        return m;
      }
      while (true) {
        skipWs();
        if (peek() != '"') {
          throw error("expected a member name");
        }
        String key = string();
        skipWs();
        if (peek() != ':') {
          throw error("expected ':'");
        }
        pos++;
        skipWs();
        m.put(key, value());
        skipWs();
        char c = peek();
        pos++;
        if (c == '}') {
          return m;
        }
        if (c != ',') {
          throw error("expected ',' or '}'");
        }
      }
    }

    private List<Object> array() {
      List<Object> l = new ArrayList<>();
      pos++;
      skipWs();
      if (peek() == ']') {
        pos++;
        return l;
      }
      while (true) {
        skipWs();
        l.add(value());
        skipWs();
        char c = peek();
        pos++;
        if (c == ']') {
          return l;
        }
        if (c != ',') {
          throw error("expected ',' or ']'");
        }
      }
    }

    private char peek() {
      if (pos >= s.length()) {
        throw error("unexpected end");
      }
      return s.charAt(pos);
    }

    private String string() {
      pos++;
      StringBuilder b = new StringBuilder();
      while (true) {
        char c = peek();
        pos++;
        if (c == '"') {
          return b.toString();
        }
        if (c == '\\') {
          char e = peek();
          pos++;
          switch (e) {
            case '"', '\\', '/' -> b.append(e);
            case 'b' -> b.append('\b');
            case 'f' -> b.append('\f');
            case 'n' -> b.append('\n');
            case 'r' -> b.append('\r');
            case 't' -> b.append('\t');
            case 'u' -> {
              if (pos + 4 > s.length()) {
                throw error("bad unicode escape");
              }
              try {
                b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
              } catch (NumberFormatException ex) {
                throw error("bad unicode escape");
              }
              pos += 4;
            }
            default -> throw error("bad escape");
          }
        } else if (c < 0x20) {
          throw error("control character in a string");
        } else {
          b.append(c);
        }
      }
    }

    private Object number() {
      int start = pos;
      if (peek() == '-') {
        pos++;
      }
      while (pos < s.length() && "0123456789.eE+-".indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
      String t = s.substring(start, pos);
      try {
        BigDecimal d = new BigDecimal(t);
        try {
          return d.longValueExact();
        } catch (ArithmeticException e) {
          return d;
        }
      } catch (NumberFormatException e) {
        throw error("bad number");
      }
    }
  }

  // ---------------------------------------------------------------- writing

  /** Writes a value as JSON text. {@link Secret}s are refused here: use {@link #writeUtf8}. */
  public static String write(Object value) {
    StringBuilder b = new StringBuilder();
    new Writer(b, false).value(value);
    return b.toString();
  }

  /** Writes a value as UTF-8 JSON bytes; {@link Secret}s are written in place and the buffers wiped. */
  public static byte[] writeUtf8(Object value) {
    Writer w = new Writer(new StringBuilder(), true);
    w.value(value);
    char[] chars = w.chars();
    try {
      ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
      byte[] out = Arrays.copyOfRange(bb.array(), bb.position(), bb.limit());
      Arrays.fill(bb.array(), (byte) 0);
      return out;
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  /** Ordered object literal helper: {@code obj("a", 1, "b", "x")}; null values are left out. */
  public static Map<String, Object> obj(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values come in pairs");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        m.put((String) keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    return Collections.unmodifiableMap(m);
  }

  /**
   * Accumulates output. With secrets allowed, the text goes into a char array that grows by copying and wiping,
   * so that the secret never sits in a String or a StringBuilder's abandoned buffer.
   */
  private static final class Writer {
    private final StringBuilder plain;
    private final boolean secure;
    private char[] buf = new char[256];
    private int len;

    Writer(StringBuilder plain, boolean secure) {
      this.plain = plain;
      this.secure = secure;
    }

    char[] chars() {
      char[] out = Arrays.copyOf(buf, len);
      Arrays.fill(buf, '\0');
      return out;
    }

    private void append(char c) {
      if (!secure) {
        plain.append(c);
        return;
      }
      if (len == buf.length) {
        char[] bigger = Arrays.copyOf(buf, buf.length * 2);
        Arrays.fill(buf, '\0');
        buf = bigger;
      }
      buf[len++] = c;
    }

    private void append(String s) {
      for (int i = 0; i < s.length(); i++) {
        append(s.charAt(i));
      }
    }

    void value(Object v) {
      if (v == null) {
        append("null");
      } else if (v instanceof String s) {
        quoted(s);
      } else if (v instanceof Secret sec) {
        if (!secure) {
          throw new IllegalStateException("secrets are written only by writeUtf8");
        }
        char[] c = sec.chars();
        append('"');
        for (char ch : c) {
          escaped(ch);
        }
        append('"');
      } else if (v instanceof Boolean || v instanceof Long || v instanceof Integer || v instanceof BigDecimal) {
        append(v.toString());
      } else if (v instanceof Number n) {
        append(new BigDecimal(n.toString()).toPlainString());
      } else if (v instanceof Map<?, ?> m) {
        append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
          if (!first) {
            append(',');
          }
          first = false;
          quoted(String.valueOf(e.getKey()));
          append(':');
          value(e.getValue());
        }
        append('}');
      } else if (v instanceof List<?> l) {
        append('[');
        for (int i = 0; i < l.size(); i++) {
          if (i > 0) {
            append(',');
          }
          value(l.get(i));
        }
        append(']');
      } else {
        throw new IllegalArgumentException("cannot write " + v.getClass().getSimpleName() + " as JSON");
      }
    }

    private void quoted(String s) {
      append('"');
      for (int i = 0; i < s.length(); i++) {
        escaped(s.charAt(i));
      }
      append('"');
    }

    private void escaped(char c) {
      switch (c) {
        case '"' -> append("\\\"");
        case '\\' -> append("\\\\");
        case '\n' -> append("\\n");
        case '\r' -> append("\\r");
        case '\t' -> append("\\t");
        case '\b' -> append("\\b");
        case '\f' -> append("\\f");
        default -> {
          if (c < 0x20) {
            append(String.format("\\u%04x", (int) c));
          } else {
            append(c);
          }
        }
      }
    }
  }
}
