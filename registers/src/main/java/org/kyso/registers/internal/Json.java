package org.kyso.registers.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The canonical JSON of journal records: keys in the order written, no white space, strings escaped as RFC 8259
 * requires (and nothing more: non-ASCII characters stay as UTF-8), integers only. The same value always gives the
 * same bytes, so a hash over them is stable. Also a small parser for reading records back.
 */
public final class Json {
  private Json() {}

  /** Builds one JSON object. */
  public static final class Obj {
    private final StringBuilder sb = new StringBuilder("{");
    private boolean first = true;

    private Obj key(String k) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      quote(sb, k);
      sb.append(':');
      return this;
    }

    public Obj put(String k, String v) {
      key(k);
      if (v == null) {
        sb.append("null");
      } else {
        quote(sb, v);
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

  public static Obj obj() {
    return new Obj();
  }

  /** An array of already-serialised values. */
  public static String array(List<String> rawValues) {
    return "[" + String.join(",", rawValues) + "]";
  }

  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    quote(sb, s);
    return sb.toString();
  }

  static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /**
   * Parses JSON into maps (keys in order), lists, strings, longs, booleans and nulls.
   *
   * @throws IllegalArgumentException if the text is not JSON
   */
  public static Object parse(String text) {
    Parser p = new Parser(text);
    p.ws();
    Object v = p.value();
    p.ws();
    if (p.i != text.length()) {
      throw new IllegalArgumentException("trailing characters at " + p.i);
    }
    return v;
  }

  private static final class Parser {
    private final String s;
    private int i;

    Parser(String s) {
      this.s = s;
    }

    void ws() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    Object value() {
      if (i >= s.length()) {
        throw new IllegalArgumentException("unexpected end");
      }
      char c = s.charAt(i);
      if (c == '{') {
        return object();
      }
      if (c == '[') {
        return array();
      }
      if (c == '"') {
        return string();
      }
      if (s.startsWith("null", i)) {
        i += 4;
        return null;
      }
      if (s.startsWith("true", i)) {
        i += 4;
        return Boolean.TRUE;
      }
      if (s.startsWith("false", i)) {
        i += 5;
        return Boolean.FALSE;
      }
      int start = i;
      if (c == '-') {
        i++;
      }
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      if (start == i || (c == '-' && start + 1 == i)) {
        throw new IllegalArgumentException("unexpected character at " + i);
      }
      return Long.parseLong(s.substring(start, i));
    }

    Map<String, Object> object() {
      Map<String, Object> m = new LinkedHashMap<>();
      i++;
      ws();
      if (peek() == '}') {
        i++;
        return m;
      }
      while (true) {
        ws();
        String k = string();
        ws();
        expect(':');
        ws();
        m.put(k, value());
        ws();
        if (peek() == ',') {
          i++;
          continue;
        }
        expect('}');
        return m;
      }
    }

    List<Object> array() {
      List<Object> l = new ArrayList<>();
      i++;
      ws();
      if (peek() == ']') {
        i++;
        return l;
      }
      while (true) {
        ws();
        l.add(value());
        ws();
        if (peek() == ',') {
          i++;
          continue;
        }
        expect(']');
        return l;
      }
    }

    String string() {
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (true) {
        if (i >= s.length()) {
          throw new IllegalArgumentException("unterminated string");
        }
        char c = s.charAt(i++);
        if (c == '"') {
          return sb.toString();
        }
        if (c == '\\') {
          char e = s.charAt(i++);
          switch (e) {
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'u' -> {
              sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
              i += 4;
            }
            default -> sb.append(e);
          }
        } else {
          sb.append(c);
        }
      }
    }

    char peek() {
      if (i >= s.length()) {
        throw new IllegalArgumentException("unexpected end");
      }
      return s.charAt(i);
    }

    void expect(char c) {
      if (peek() != c) {
        throw new IllegalArgumentException("expected '" + c + "' at " + i);
      }
      i++;
    }
  }
}
