package org.kyso.pdf.internal.fast;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of PDF values (ISO 32000-1, 7.2 and 7.3) over a byte buffer: dictionaries, arrays, names,
 * literal and hexadecimal strings, numbers, indirect references, booleans and null. It reads what a well-formed
 * file holds and throws {@link Truncated} when the buffer ends inside a value (the caller reads more and retries)
 * or {@link FastPathUnsupportedException} for anything malformed; repairing is left to the general signer.
 */
final class RawParser {
  /** The buffer ended inside a value. */
  static final class Truncated extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Truncated() {
      super("truncated", null, false, false);
    }
  }

  private static final int MAX_DEPTH = 64;

  final byte[] buf;
  final int limit;
  /** Whether the buffer holds all the data there is (then its end is the end of the data, not of a window). */
  final boolean complete;
  int pos;

  RawParser(byte[] buf, int pos, int limit, boolean complete) {
    this.buf = buf;
    this.pos = pos;
    this.limit = limit;
    this.complete = complete;
  }

  /**
   * The offset written after the {@code startxref} keyword that starts at {@code at} in {@code text} (white space,
   * then at most 15 digits), or -1 when no such number follows.
   */
  static long startxrefOffset(String text, int at) {
    int p = at + "startxref".length();
    while (p < text.length() && isWhite(text.charAt(p))) {
      p++;
    }
    int q = p;
    while (q < text.length() && Character.isDigit(text.charAt(q))) {
      q++;
    }
    return q == p || q - p > 15 ? -1 : Long.parseLong(text.substring(p, q));
  }

  static boolean isWhite(int c) {
    return c == 0 || c == 9 || c == 10 || c == 12 || c == 13 || c == 32;
  }

  static boolean isDelimiter(int c) {
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}'
        || c == '/' || c == '%';
  }

  private int peek() {
    if (pos >= limit) {
      throw new Truncated();
    }
    return buf[pos] & 0xFF;
  }

  /** Skips white space and comments. */
  void skipSpace() {
    while (true) {
      int c = peek();
      if (isWhite(c)) {
        pos++;
      } else if (c == '%') {
        while (true) {
          c = peek();
          if (c == '\n' || c == '\r') {
            break;
          }
          pos++;
        }
      } else {
        return;
      }
    }
  }

  /** Reads a bare keyword or number token (no delimiters). */
  String token() {
    skipSpace();
    int s = pos;
    while (true) {
      int c = peek();
      if (isWhite(c) || isDelimiter(c)) {
        break;
      }
      pos++;
    }
    return new String(buf, s, pos - s, StandardCharsets.ISO_8859_1);
  }

  /** Expects {@code n g obj} and returns the object number. */
  long objectHeader(long expected) throws FastPathUnsupportedException {
    String n = token();
    String g = token();
    String obj = token();
    if (!"obj".equals(obj) || !n.chars().allMatch(Character::isDigit) || !g.chars().allMatch(Character::isDigit)
        || n.isEmpty() || g.isEmpty()) {
      throw new FastPathUnsupportedException("an object that does not start with 'n g obj'");
    }
    long num = Long.parseLong(n);
    if (expected >= 0 && num != expected) {
      throw new FastPathUnsupportedException("a cross-reference entry pointing at the wrong object");
    }
    return num;
  }

  RawValue value() throws FastPathUnsupportedException {
    return value(0);
  }

  private RawValue value(int depth) throws FastPathUnsupportedException {
    if (depth > MAX_DEPTH) {
      throw new FastPathUnsupportedException("objects nested too deeply");
    }
    skipSpace();
    int s = pos;
    int c = peek();
    switch (c) {
      case '<' -> {
        pos++;
        if (peek() == '<') {
          pos++;
          return dict(s, depth);
        }
        return hexString(s);
      }
      case '[' -> {
        pos++;
        List<RawValue> items = new ArrayList<>();
        while (true) {
          skipSpace();
          if (peek() == ']') {
            pos++;
            return new RawValue.Arr(buf, s, pos, items);
          }
          items.add(value(depth + 1));
        }
      }
      case '(' -> {
        return literalString(s);
      }
      case '/' -> {
        return name(s);
      }
      default -> {
        String t = token();
        if (t.isEmpty()) {
          throw new FastPathUnsupportedException("an unexpected character '" + (char) c + "'");
        }
        if ("true".equals(t) || "false".equals(t) || "null".equals(t)) {
          return new RawValue.Word(buf, s, pos, t);
        }
        if (!isNumber(t)) {
          throw new FastPathUnsupportedException("an unexpected keyword '" + t + "'");
        }
        if (isUnsigned(t)) {
          // "n g R"?
          int save = pos;
          try {
            String g = token();
            if (isUnsigned(g)) {
              String r = token();
              if ("R".equals(r)) {
                return new RawValue.Ref(buf, s, pos, Long.parseLong(t), Integer.parseInt(g));
              }
            }
          } catch (Truncated e) {
            if (!complete) {
              throw e;
            }
          }
          pos = save;
        }
        return new RawValue.Num(buf, s, pos, t);
      }
    }
  }

  private RawValue.Dict dict(int s, int depth) throws FastPathUnsupportedException {
    Map<String, RawValue> items = new LinkedHashMap<>();
    while (true) {
      skipSpace();
      int c = peek();
      if (c == '>') {
        pos++;
        if (peek() != '>') {
          throw new FastPathUnsupportedException("a dictionary not closed by '>>'");
        }
        pos++;
        return new RawValue.Dict(buf, s, pos, items);
      }
      if (c != '/') {
        throw new FastPathUnsupportedException("a dictionary key that is not a name");
      }
      RawValue.Name key = name(pos);
      RawValue v = value(depth + 1);
      if (items.containsKey(key.name())) {
        throw new FastPathUnsupportedException("a dictionary with a repeated key /" + key.name());
      }
      items.put(key.name(), v);
    }
  }

  private RawValue.Name name(int s) throws FastPathUnsupportedException {
    pos++; // '/'
    // most names have no #xx escape: their text is their bytes, read without a buffer
    int start = pos;
    int end = pos;
    while (end < limit) {
      int c = buf[end] & 0xFF;
      if (c == '#' || isWhite(c) || isDelimiter(c)) {
        break;
      }
      end++;
    }
    if (end < limit && buf[end] != '#') {
      pos = end;
      return new RawValue.Name(buf, s, pos, new String(buf, start, end - start, StandardCharsets.ISO_8859_1));
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream(16);
    while (pos < limit) {
      int c = buf[pos] & 0xFF;
      if (isWhite(c) || isDelimiter(c)) {
        break;
      }
      if (c == '#') {
        if (pos + 2 >= limit) {
          throw new Truncated();
        }
        int h = Character.digit(buf[pos + 1], 16);
        int l = Character.digit(buf[pos + 2], 16);
        if (h < 0 || l < 0) {
          throw new FastPathUnsupportedException("a malformed name escape");
        }
        b.write(h * 16 + l);
        pos += 3;
      } else {
        b.write(c);
        pos++;
      }
    }
    if (pos >= limit) {
      throw new Truncated();
    }
    return new RawValue.Name(buf, s, pos, b.toString(StandardCharsets.ISO_8859_1));
  }

  private RawValue.Str hexString(int s) throws FastPathUnsupportedException {
    // one pass into an array of at most half the remaining bytes (a signature's /Contents is thousands of digits;
    // ByteArrayOutputStream.write per byte made this the hottest loop of reading many signatures, issue 20)
    int close = pos;
    while (close < limit && buf[close] != '>') {
      close++;
    }
    byte[] b = new byte[(close - pos) / 2 + 1];
    int n = 0;
    int hi = -1;
    while (true) {
      if (pos >= limit) {
        throw new Truncated();
      }
      int c = buf[pos++] & 0xFF;
      if (c == '>') {
        break;
      }
      if (isWhite(c)) {
        continue;
      }
      int d = hexDigit(c);
      if (d < 0) {
        throw new FastPathUnsupportedException("a malformed hexadecimal string");
      }
      if (hi < 0) {
        hi = d;
      } else {
        b[n++] = (byte) (hi * 16 + d);
        hi = -1;
      }
    }
    if (hi >= 0) {
      b[n++] = (byte) (hi * 16);
    }
    return new RawValue.Str(buf, s, pos, java.util.Arrays.copyOf(b, n));
  }

  private static int hexDigit(int c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private RawValue.Str literalString(int s) throws FastPathUnsupportedException {
    pos++; // '('
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int depth = 1;
    while (true) {
      int c = peek();
      pos++;
      if (c == '\\') {
        int e = peek();
        pos++;
        switch (e) {
          case 'n' -> b.write('\n');
          case 'r' -> b.write('\r');
          case 't' -> b.write('\t');
          case 'b' -> b.write('\b');
          case 'f' -> b.write('\f');
          case '(', ')', '\\' -> b.write(e);
          case '\r' -> {
            if (peek() == '\n') {
              pos++;
            }
          }
          case '\n' -> {
            // line continuation
          }
          default -> {
            if (e >= '0' && e <= '7') {
              int v = e - '0';
              for (int i = 0; i < 2 && peek() >= '0' && peek() <= '7'; i++) {
                v = v * 8 + (peek() - '0');
                pos++;
              }
              b.write(v & 0xFF);
            } else {
              b.write(e);
            }
          }
        }
      } else if (c == '(') {
        depth++;
        b.write(c);
      } else if (c == ')') {
        if (--depth == 0) {
          break;
        }
        b.write(c);
      } else {
        b.write(c);
      }
    }
    return new RawValue.Str(buf, s, pos, b.toByteArray());
  }

  private static boolean isUnsigned(String t) {
    if (t.isEmpty() || t.length() > 18) {
      return false;
    }
    for (int i = 0; i < t.length(); i++) {
      if (!Character.isDigit(t.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isNumber(String t) {
    int i = 0;
    if (t.startsWith("+") || t.startsWith("-")) {
      i = 1;
    }
    boolean digit = false;
    boolean dot = false;
    for (; i < t.length(); i++) {
      char c = t.charAt(i);
      if (Character.isDigit(c)) {
        digit = true;
      } else if (c == '.' && !dot) {
        dot = true;
      } else {
        return false;
      }
    }
    return digit;
  }
}
