package org.kyso.core.internal.verify;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** A minimal JSON writer: pretty-printed with two spaces, strings escaped per RFC 8259. */
public final class Json {
  private final StringBuilder out = new StringBuilder();
  private int depth;
  private boolean first = true;

  public Json beginObject() {
    value();
    out.append('{');
    depth++;
    first = true;
    return this;
  }

  public Json endObject() {
    return close('}');
  }

  public Json beginArray() {
    value();
    out.append('[');
    depth++;
    first = true;
    return this;
  }

  public Json endArray() {
    return close(']');
  }

  private Json close(char c) {
    depth--;
    if (!first) {
      newline();
    }
    out.append(c);
    first = false;
    return this;
  }

  /** Writes a member name; the next call writes its value. */
  public Json name(String name) {
    separator();
    string(name);
    out.append(": ");
    pendingValue = true;
    return this;
  }

  private boolean pendingValue;

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

  public Json value(String s) {
    value();
    if (s == null) {
      out.append("null");
    } else {
      string(s);
    }
    return this;
  }

  public Json value(boolean b) {
    value();
    out.append(b);
    return this;
  }

  public Json value(Optional<String> s) {
    return value(s.orElse(null));
  }

  public Json time(Optional<OffsetDateTime> t) {
    return value(t.map(Json::iso).orElse(null));
  }

  public Json time(OffsetDateTime t) {
    return value(t == null ? null : iso(t));
  }

  /** ISO 8601 with offset, to the second, e.g. {@code 2025-07-01T09:30:00+07:00}. */
  public static String iso(OffsetDateTime t) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
