package org.kyso.core.internal.json;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
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
 *
 * <p>Its users: the remote signing drivers (compact, {@link Escaping#RFC_8259}), the verification report
 * ({@link Pretty}, {@link Escaping#REPORT}), the registers' journal records ({@link Obj}, canonical bytes that are
 * hashed), the server's answers ({@link Escaping#HTML_SAFE}, read with {@link Numbers#DECIMAL}) and the register
 * commands' output ({@link Escaping#MINIMAL}). Each keeps the exact bytes it wrote before the writers were merged: the
 * JSON outputs are a contract (docs/CONTRACT.md) and the journal's hashes cover them.
 */
public final class Json {
  /** Deeper nesting than this is refused when reading: a hostile body cannot exhaust the stack. */
  public static final int MAX_DEPTH = 32;

  private Json() {}

  /** Which characters of a string are escaped, beyond {@code "} and {@code \\} and the control characters. */
  public enum Escaping {
    /** {@code \b \f \n \r \t} as short escapes, other control characters as <code>&#92;u00XX</code>. */
    RFC_8259,
    /** As {@link #RFC_8259}, and DEL, U+2028 and U+2029 as <code>&#92;uXXXX</code> (the verification report). */
    REPORT,
    /**
     * {@code \n \r \t} as short escapes; other control characters, {@code < > &}, U+2028 and U+2029 as
     * <code>&#92;uXXXX</code>, so that the text can sit inside an HTML page's script (the server).
     */
    HTML_SAFE,
    /**
     * {@code \n \r \t} as short escapes, every other control character as <code>&#92;u00XX</code> (the register
     * commands).
     */
    MINIMAL
  }

  /** How numbers are read. */
  public enum Numbers {
    /** {@code Long} when the value is integral (so {@code 1.0} reads as 1), {@code BigDecimal} otherwise. */
    LONG_WHEN_INTEGRAL,
    /** Always {@code BigDecimal}, as written ({@code 1.0} stays {@code 1.0}). */
    DECIMAL
  }

  /** The text is not JSON: {@link #reason()} says what was wrong at character {@link #offset()}. */
  public static final class MalformedJson extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String reason;
    private final int offset;

    MalformedJson(String reason, int offset) {
      super("Malformed JSON at offset " + offset + ": " + reason + ".");
      this.reason = reason;
      this.offset = offset;
    }

    public String reason() {
      return reason;
    }

    public int offset() {
      return offset;
    }
  }

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
    return parse(text, Numbers.LONG_WHEN_INTEGRAL);
  }

  /**
   * Parses one JSON value, reading numbers as {@code numbers} says; nesting deeper than {@link #MAX_DEPTH} is refused.
   *
   * @throws MalformedJson if the text is not valid JSON
   */
  public static Object parse(String text, Numbers numbers) {
    Reader r = new Reader(text, numbers);
    r.skipWs();
    Object v = r.value(0);
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
    private final Numbers numbers;
    private int pos;

    Reader(String s, Numbers numbers) {
      this.s = s;
      this.numbers = numbers;
    }

    MalformedJson error(String what) {
      return new MalformedJson(what, pos);
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

    Object value(int depth) {
      if (depth > MAX_DEPTH) {
        throw error("nested too deeply");
      }
      if (pos >= s.length()) {
        throw error("unexpected end");
      }
      char c = s.charAt(pos);
      switch (c) {
        case '{':
          return object(depth);
        case '[':
          return array(depth);
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

    private Map<String, Object> object(int depth) {
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
        m.put(key, value(depth + 1));
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

    private List<Object> array(int depth) {
      List<Object> l = new ArrayList<>();
      pos++;
      skipWs();
      if (peek() == ']') {
        pos++;
        return l;
      }
      while (true) {
        skipWs();
        l.add(value(depth + 1));
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
        if (numbers == Numbers.DECIMAL) {
          return d;
        }
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
    return write(value, Escaping.RFC_8259);
  }

  /** Writes a value as compact JSON text with the given escaping of strings. */
  public static String write(Object value, Escaping escaping) {
    StringBuilder b = new StringBuilder();
    new Writer(b, false, escaping).value(value);
    return b.toString();
  }

  /** Writes a value as UTF-8 JSON bytes; {@link Secret}s are written in place and the buffers wiped. */
  public static byte[] writeUtf8(Object value) {
    Writer w = new Writer(new StringBuilder(), true, Escaping.RFC_8259);
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
    private final Escaping escaping;
    private char[] buf = new char[256];
    private int len;

    Writer(StringBuilder plain, boolean secure, Escaping escaping) {
      this.plain = plain;
      this.secure = secure;
      this.escaping = escaping;
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
      if (v instanceof Optional<?> o) {
        v = o.orElse(null);
      }
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
      } else if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
        append("null");
      } else if (v instanceof Float f && (f.isNaN() || f.isInfinite())) {
        append("null");
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
      } else if (v instanceof Iterable<?> l) {
        append('[');
        boolean first = true;
        for (Object o : l) {
          if (!first) {
            append(',');
          }
          first = false;
          value(o);
        }
        append(']');
      } else if (v instanceof char[] || v instanceof byte[]) {
        // a PIN or a key in an array is never written by accident: use Secret
        throw new IllegalArgumentException("cannot write " + v.getClass().getSimpleName() + " as JSON");
      } else {
        quoted(String.valueOf(v)); // an enum, a date, a path: its text
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
      String e = escape(c, escaping);
      if (e == null) {
        append(c);
      } else {
        append(e);
      }
    }
  }

  /** The escape sequence of {@code c} under {@code escaping}, or null when it is written as it is. */
  static String escape(char c, Escaping escaping) {
    boolean shortBf = escaping == Escaping.RFC_8259 || escaping == Escaping.REPORT;
    switch (c) {
      case '"':
        return "\\\"";
      case '\\':
        return "\\\\";
      case '\n':
        return "\\n";
      case '\r':
        return "\\r";
      case '\t':
        return "\\t";
      case '\b':
        return shortBf ? "\\b" : "\\u0008";
      case '\f':
        return shortBf ? "\\f" : "\\u000c";
      default:
        break;
    }
    boolean unicode = c < 0x20
        || (escaping == Escaping.REPORT && (c == 0x7f || c == '\u2028' || c == '\u2029'))
        || (escaping == Escaping.HTML_SAFE && (c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029'));
    return unicode ? String.format("\\u%04x", (int) c) : null;
  }

  /** Appends {@code s} as a quoted JSON string. */
  static void quote(StringBuilder sb, String s, Escaping escaping) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String e = escape(c, escaping);
      if (e == null) {
        sb.append(c);
      } else {
        sb.append(e);
      }
    }
    sb.append('"');
  }

  /** {@code s} as a quoted JSON string ({@link Escaping#RFC_8259}). */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    quote(sb, s, Escaping.RFC_8259);
    return sb.toString();
  }

  // ---------------------------------------------------------------- canonical records

  /**
   * Builds one JSON object as canonical text: keys in the order put, no white space, {@link Escaping#RFC_8259}. The
   * same values always give the same bytes, so a hash over them is stable (the registers' journal).
   */
  public static final class Obj {
    private final StringBuilder sb = new StringBuilder("{");
    private boolean first = true;

    private Obj key(String k) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      quote(sb, k, Escaping.RFC_8259);
      sb.append(':');
      return this;
    }

    public Obj put(String k, String v) {
      key(k);
      if (v == null) {
        sb.append("null");
      } else {
        quote(sb, v, Escaping.RFC_8259);
      }
      return this;
    }

    public Obj put(String k, long v) {
      key(k);
      sb.append(v);
      return this;
    }

    public Obj put(String k, boolean v) {
      key(k);
      sb.append(v);
      return this;
    }

    /** Puts already-serialised JSON (an object or array built here). */
    public Obj raw(String k, String json) {
      key(k);
      sb.append(json == null ? "null" : json);
      return this;
    }

    @Override
    public String toString() {
      return sb + "}";
    }
  }

  /** A canonical object builder. */
  public static Obj canonical() {
    return new Obj();
  }

  /** An array of already-serialised values. */
  public static String array(List<String> rawValues) {
    return "[" + String.join(",", rawValues) + "]";
  }

  // ---------------------------------------------------------------- pretty streaming writer

  /** A streaming writer, pretty-printed with two spaces, strings escaped with {@link Escaping#REPORT}. */
  public static final class Pretty {
    private final StringBuilder out = new StringBuilder();
    private int depth;
    private boolean first = true;
    private boolean pendingValue;

    public Pretty beginObject() {
      value();
      out.append('{');
      depth++;
      first = true;
      return this;
    }

    public Pretty endObject() {
      return close('}');
    }

    public Pretty beginArray() {
      value();
      out.append('[');
      depth++;
      first = true;
      return this;
    }

    public Pretty endArray() {
      return close(']');
    }

    private Pretty close(char c) {
      depth--;
      if (!first) {
        newline();
      }
      out.append(c);
      first = false;
      return this;
    }

    /** Writes a member name; the next call writes its value. */
    public Pretty name(String name) {
      separator();
      quote(out, name, Escaping.REPORT);
      out.append(": ");
      pendingValue = true;
      return this;
    }

    private void value() {
      if (pendingValue) {
        pendingValue = false;
        return;
      }
      separator();
    }

    private void separator() {
      if (depth > 0) {
        if (!first) {
          out.append(',');
        }
        newline();
      }
      first = false;
    }

    private void newline() {
      out.append('\n');
      out.append("  ".repeat(depth));
    }

    public Pretty value(String s) {
      value();
      if (s == null) {
        out.append("null");
      } else {
        quote(out, s, Escaping.REPORT);
      }
      return this;
    }

    public Pretty value(boolean b) {
      value();
      out.append(b);
      return this;
    }

    public Pretty value(Optional<String> s) {
      return value(s.orElse(null));
    }

    public Pretty time(Optional<OffsetDateTime> t) {
      return value(t.map(Json::iso).orElse(null));
    }

    public Pretty time(OffsetDateTime t) {
      return value(t == null ? null : iso(t));
    }

    @Override
    public String toString() {
      return out.toString();
    }
  }

  /** ISO 8601 with offset, to the second, e.g. {@code 2025-07-01T09:30:00+07:00}. */
  public static String iso(OffsetDateTime t) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.truncatedTo(ChronoUnit.SECONDS));
  }
}
