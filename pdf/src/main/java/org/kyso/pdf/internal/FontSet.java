package org.kyso.pdf.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The TrueType fonts used for appearance text: regular, bold and italic. The font files are read once; each
 * document gets its own embedded subset. Measuring is synchronised (fontbox's parsed fonts read lazily), so one
 * {@code FontSet} serves every thread. The bundled fonts are read and parsed when first used, not when a signer
 * is built: an invisible signature never needs them.
 */
public final class FontSet {
  /** The three styles appearance text uses. */
  public enum Style {
    REGULAR,
    BOLD,
    ITALIC
  }

  private static final String BASE = "/org/kyso/pdf/fonts/";

  /** The font files, or null until {@link #files()} reads them (bundled fonts only). */
  private Map<Style, byte[]> files;
  private Map<Style, Metrics> metrics;

  private FontSet(Map<Style, byte[]> files) {
    this.files = files;
    if (files != null) {
      metrics(); // a font given by the caller is checked now
    }
  }

  /** Liberation Serif (SIL OFL 1.1), bundled: Times-compatible metrics, covers Vietnamese. Read when first used. */
  public static FontSet bundled() {
    return Bundled.INSTANCE;
  }

  private synchronized Map<Style, byte[]> files() {
    if (files == null) {
      files = Bundled.load();
    }
    return files;
  }

  private synchronized Map<Style, Metrics> metrics() {
    if (metrics == null) {
      Map<Style, Metrics> m = new EnumMap<>(Style.class);
      for (Map.Entry<Style, byte[]> e : files().entrySet()) {
        m.put(e.getKey(), new Metrics(e.getValue()));
      }
      metrics = m;
    }
    return metrics;
  }

  private static final class Bundled {
    static final FontSet INSTANCE = new FontSet(null);

    private static Map<Style, byte[]> load() {
      Map<Style, byte[]> m = new EnumMap<>(Style.class);
      m.put(Style.REGULAR, resource("LiberationSerif-Regular.ttf"));
      m.put(Style.BOLD, resource("LiberationSerif-Bold.ttf"));
      m.put(Style.ITALIC, resource("LiberationSerif-Italic.ttf"));
      return m;
    }

    private static byte[] resource(String name) {
      try (InputStream in = FontSet.class.getResourceAsStream(BASE + name)) {
        if (in == null) {
          throw new IllegalStateException("The bundled font " + name + " is missing from the kyso-pdf jar.");
        }
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the bundled font " + name, e);
      }
    }
  }

  /**
   * One TrueType font used for every style.
   *
   * @throws IllegalArgumentException if the bytes are not a TrueType font that has a Unicode mapping
   */
  public static FontSet single(byte[] ttf) {
    Map<Style, byte[]> m = new EnumMap<>(Style.class);
    byte[] copy = ttf.clone();
    for (Style s : Style.values()) {
      m.put(s, copy);
    }
    return new FontSet(m);
  }

  /** Embeds the font into {@code doc} as a subset (made when the document is saved). */
  public PDType0Font load(PDDocument doc, Style style) throws IOException {
    return PDType0Font.load(doc, new ByteArrayInputStream(files().get(style)), true);
  }

  /** The width of {@code text} at {@code size} points. */
  public float width(Style style, String text, float size) {
    return metrics().get(style).width(text) * size;
  }

  /** The ascent above the baseline, at {@code size} points. */
  public float ascent(Style style, float size) {
    return metrics().get(style).ascent * size;
  }

  /** The descent below the baseline (positive), at {@code size} points. */
  public float descent(Style style, float size) {
    return metrics().get(style).descent * size;
  }

  /** The first character of {@code text} the font cannot draw, or -1 when it covers all. */
  public int firstMissing(Style style, String text) {
    return metrics().get(style).firstMissing(text);
  }

  /** Widths in 1/unitsPerEm, read once from the font under a lock. */
  private static final class Metrics {
    private final TrueTypeFont ttf;
    private final CmapLookup cmap;
    private final float unitsPerEm;
    final float ascent;
    final float descent;

    Metrics(byte[] bytes) {
      try {
        this.ttf = new TTFParser().parse(new RandomAccessReadBuffer(bytes));
        this.cmap = ttf.getUnicodeCmapLookup();
        this.unitsPerEm = ttf.getUnitsPerEm();
        this.ascent = ttf.getHorizontalHeader().getAscender() / unitsPerEm;
        this.descent = -ttf.getHorizontalHeader().getDescender() / unitsPerEm;
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException("The font is not a TrueType font with a Unicode mapping.", e);
      }
    }

    synchronized float width(String text) {
      try {
        float w = 0;
        for (int i = 0; i < text.length(); ) {
          int cp = text.codePointAt(i);
          i += Character.charCount(cp);
          w += ttf.getAdvanceWidth(cmap.getGlyphId(cp));
        }
        return w / unitsPerEm;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    synchronized int firstMissing(String text) {
      for (int i = 0; i < text.length(); ) {
        int cp = text.codePointAt(i);
        i += Character.charCount(cp);
        if (!Character.isWhitespace(cp) && cmap.getGlyphId(cp) == 0) {
          return cp;
        }
      }
      return -1;
    }
  }
}
