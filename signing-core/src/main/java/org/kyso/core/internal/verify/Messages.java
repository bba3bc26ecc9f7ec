package org.kyso.core.internal.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import org.kyso.core.verify.Finding;

/**
 * kyso's verification messages in English and Vietnamese ({@code messages.properties}, {@code
 * messages_vi.properties} next to this class, UTF-8). Vietnamese is chosen for any locale whose language is
 * {@code vi}; every other locale gets English.
 */
public final class Messages {
  private static final Properties EN = load("messages.properties");
  private static final Properties VI = load("messages_vi.properties");

  /** Vietnamese, the default language of kyso's reports. */
  public static final Locale VIETNAMESE = Locale.forLanguageTag("vi");

  private Messages() {}

  private static Properties load(String name) {
    Properties p = new Properties();
    try (InputStream in = Messages.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  private static boolean vietnamese(Locale lang) {
    return lang != null && "vi".equals(lang.getLanguage());
  }

  /** True when {@code code} has its own text in {@code lang} (no fallback to English). */
  public static boolean has(String code, Locale lang) {
    return (vietnamese(lang) ? VI : EN).containsKey(code);
  }

  /** The message {@code code} in {@code lang} with its arguments filled in. */
  public static String format(String code, List<String> args, Locale lang) {
    Objects.requireNonNull(code, "code");
    String pattern = (vietnamese(lang) ? VI : EN).getProperty(code, EN.getProperty(code));
    if (pattern == null) {
      throw new IllegalArgumentException("no message " + code);
    }
    return new MessageFormat(pattern, lang == null ? Locale.ROOT : lang).format(args.toArray());
  }

  public static String english(String code, String... args) {
    return format(code, List.of(args), Locale.ROOT);
  }

  /** A finding with kyso's code {@code code}, its English text made from the bundle. */
  public static Finding finding(Finding.Kind kind, String code, String... args) {
    return new Finding(kind, code, List.of(args), english(code, args));
  }

  /**
   * The text of {@code f} in {@code lang}: kyso's own codes and the DSS messages kyso knows are translated; any
   * other DSS message is given in English as DSS wrote it.
   */
  public static String text(Finding f, Locale lang) {
    if (has(f.code(), lang) || (!vietnamese(lang) && EN.containsKey(f.code()))) {
      return format(f.code(), f.arguments(), lang);
    }
    return f.text();
  }
}
