package org.kyso.registers.internal;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Folds Vietnamese text for searching: decomposes (NFD), drops the combining marks (tones and the circumflex,
 * breve and horn), maps đ/Đ to d, lower-cases and collapses white space. "Quyết Định" and "quyet dinh" fold to the
 * same text. Computed in Java at write time, so both databases search the same way without extensions.
 */
public final class Fold {
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private Fold() {}

  public static String fold(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    String s = Normalizer.normalize(text, Normalizer.Form.NFD);
    s = MARKS.matcher(s).replaceAll("");
    s = s.replace('đ', 'd').replace('Đ', 'd').replace('ð', 'd').replace('Ð', 'd');
    s = s.toLowerCase(Locale.ROOT);
    return SPACES.matcher(s).replaceAll(" ").trim();
  }

  /** Text as it is stored: Unicode NFC (so a name typed on a Mac equals the same name typed on Windows), trimmed. */
  public static String nfc(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFC).strip();
  }

  /** One line of stored text: NFC, control characters (tabs, line breaks) turned into spaces, trimmed. */
  public static String line(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (char c : nfc(text).toCharArray()) {
      sb.append(Character.isISOControl(c) ? ' ' : c);
    }
    return sb.toString().strip();
  }
}
