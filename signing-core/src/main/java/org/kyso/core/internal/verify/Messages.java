package org.kyso.core.internal.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    if (vietnamese(lang) && f.code().startsWith(DSS_PREFIX) && f.arguments().isEmpty() && VI.containsKey(f.code())) {
      return dssText(f, lang);
    }
    if (has(f.code(), lang) || (!vietnamese(lang) && EN.containsKey(f.code()))) {
      return format(f.code(), f.arguments(), lang);
    }
    return f.text();
  }

  private static final String DSS_PREFIX = "dss.";

  /**
   * DSS's English catalogue ({@code dss-messages.properties} in dss-i18n), read on first use: DSS findings carry
   * only DSS's English sentence, so the arguments DSS put into it (an algorithm, a key size, which part of the
   * signature) are read back from that sentence with DSS's English pattern.
   */
  private static final class DssCatalogue {
    static final Properties EN = loadDss();
    /** English text of each argument-free DSS message, to its key: DSS puts such messages into others. */
    static final Map<String, String> KEY_BY_TEXT = keysByText(EN);

    private static Properties loadDss() {
      Properties p = new Properties();
      try (InputStream in = Messages.class.getClassLoader().getResourceAsStream("dss-messages.properties")) {
        if (in != null) {
          p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return p;
    }

    private static Map<String, String> keysByText(Properties en) {
      Map<String, String> byText = new HashMap<>();
      for (String key : en.stringPropertyNames()) {
        MessageFormat f = new MessageFormat(en.getProperty(key), Locale.ROOT);
        if (f.getFormatsByArgumentIndex().length == 0 && VI.containsKey(DSS_PREFIX + key)) {
          byText.putIfAbsent(f.format(new Object[0]), key);
        }
      }
      return byText;
    }
  }

  /**
   * The Vietnamese text of DSS finding {@code f} (no arguments of its own): arguments are read back from DSS's
   * English sentence, and those that are themselves DSS phrases are translated too. When the sentence does not
   * match DSS's pattern (another DSS version), DSS's English sentence is kept rather than a half-filled text.
   */
  private static String dssText(Finding f, Locale lang) {
    MessageFormat vi = new MessageFormat(VI.getProperty(f.code()), lang);
    int count = vi.getFormatsByArgumentIndex().length;
    if (count == 0) {
      return vi.format(new Object[0]);
    }
    String pattern = DssCatalogue.EN.getProperty(f.code().substring(DSS_PREFIX.length()));
    if (pattern == null) {
      return f.text();
    }
    MessageFormat en = new MessageFormat(pattern, Locale.ROOT);
    Object[] parsed;
    try {
      parsed = en.parse(f.text());
    } catch (ParseException e) {
      return f.text();
    }
    if (parsed.length < count || !en.format(parsed).equals(f.text())) {
      return f.text();
    }
    List<String> args = new ArrayList<>();
    for (Object arg : parsed) {
      String text = String.valueOf(arg);
      String key = DssCatalogue.KEY_BY_TEXT.get(text);
      args.add(key == null ? text : new MessageFormat(VI.getProperty(DSS_PREFIX + key), lang).format(new Object[0]));
    }
    return vi.format(args.toArray());
  }
}
