package org.kyso.cli;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How the CLI prints the name of a file it found in a folder (not one the user typed).
 *
 * <p>On Linux a file name is bytes; one that is not UTF-8 reaches Java as a string with U+FFFD in it, which neither
 * names the file nor tells two such files apart. {@link #shown(Path)} takes the name's own bytes instead and prints
 * the UTF-8 parts as they are, each byte that is not UTF-8 (and each control character) as {@code \xNN} and a
 * backslash as {@code \\}, so that the line reads the same on every terminal and maps back to one file.
 */
final class FileNames {
  private FileNames() {
  }

  /** The last part of {@code p}, as printed in a per-file line. */
  static String shown(Path p) {
    Path name = p.getFileName();
    if (name == null) {
      return p.toString();
    }
    byte[] raw = rawBytes(p);
    return raw == null ? escape(name.toString()) : escape(raw);
  }

  /** {@code message} with every occurrence of {@code p} (whole or its last part) replaced by its printable form. */
  static String shownIn(String message, Path p) {
    if (message == null || p.getFileName() == null) {
      return message;
    }
    String whole = p.toString();
    String name = p.getFileName().toString();
    String shown = shown(p);
    if (shown.equals(name)) {
      return message; // a plain name: the message already shows it as it is
    }
    Path parent = p.getParent();
    return message.replace(whole, parent == null ? shown : parent + "/" + shown).replace(name, shown);
  }

  /** The name's bytes as the file system holds them, or null if they cannot be had. */
  private static byte[] rawBytes(Path p) {
    try {
      // a file: URI escapes each byte of the path that is not plain ASCII as %XX: the bytes, not a decoded string
      URI u = p.toAbsolutePath().toUri();
      if (!"file".equals(u.getScheme())) {
        return null;
      }
      String path = u.getRawPath();
      if (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      String last = path.substring(path.lastIndexOf('/') + 1);
      ByteArrayOutputStream b = new ByteArrayOutputStream(last.length());
      for (int i = 0; i < last.length(); i++) {
        char c = last.charAt(i);
        if (c == '%' && i + 2 < last.length()) {
          b.write(Integer.parseInt(last.substring(i + 1, i + 3), 16));
          i += 2;
        } else if (c < 0x80) {
          b.write(c);
        } else {
          return null; // not the byte form expected
        }
      }
      return b.toByteArray();
    } catch (RuntimeException | java.io.IOError e) {
      return null;
    }
  }

  private static String escape(byte[] raw) {
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(raw);
    CharBuffer chars = CharBuffer.allocate(raw.length + 1);
    StringBuilder s = new StringBuilder(raw.length + 8);
    while (true) {
      CoderResult r = d.decode(in, chars, true);
      chars.flip();
      s.append(escape(chars.toString()));
      chars.clear();
      if (r.isError()) {
        for (int i = 0; i < r.length(); i++) {
          s.append(String.format(Locale.ROOT, "\\x%02X", in.get() & 0xff));
        }
      } else {
        break;
      }
    }
    return s.toString();
  }

  private static String escape(String text) {
    StringBuilder s = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        s.append("\\\\");
      } else if (c < 0x20 || c == 0x7f) {
        s.append(String.format(Locale.ROOT, "\\x%02X", (int) c));
      } else {
        s.append(c);
      }
    }
    return s.toString();
  }
}
