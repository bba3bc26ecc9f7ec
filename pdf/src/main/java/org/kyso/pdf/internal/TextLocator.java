package org.kyso.pdf.internal;

import java.io.IOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * Finds text on the pages of a PDF and where it is, in PDF user space (origin at the bottom left, y upwards), for
 * pages that are not rotated. Matching is on NFC-normalised text, ignores case and treats any run of white space
 * as one space.
 */
public final class TextLocator {
  private final PDDocument doc;
  private final List<List<Line>> pages;

  /** Where a piece of text is on a page, in PDF user space. */
  public record Box(int pageIndex, float left, float bottom, float right, float top, float baseline, float fontSize) {
    public float centreX() {
      return (left + right) / 2;
    }
  }

  /** One line of text on a page, with the glyph behind each character (null for inserted spaces). */
  record Line(String text, List<TextPosition> positions) {}

  public TextLocator(PDDocument doc) {
    this.doc = doc;
    this.pages = new ArrayList<>();
    for (int i = 0; i < doc.getNumberOfPages(); i++) {
      pages.add(null);
    }
  }

  /** Finds {@code text} on one page (0-based) or every page (null), first or last occurrence. */
  public Optional<Box> find(String text, Integer pageIndex, boolean last) throws IOException {
    String needle = compact(Normalizer.normalize(text, Normalizer.Form.NFC)).text.toLowerCase(java.util.Locale.ROOT);
    return search(pageIndex, last, line -> {
      Compact c = compact(line.text());
      String hay = lower(c.text);
      List<int[]> hits = new ArrayList<>();
      for (int i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) {
        hits.add(new int[] {c.map.get(i), c.map.get(i + needle.length() - 1) + 1});
      }
      return hits;
    });
  }

  /** Finds the first (or last) line matching {@code pattern}; the box covers the matched characters. */
  public Optional<Box> find(Pattern pattern, Integer pageIndex, boolean last) throws IOException {
    return search(pageIndex, last, line -> {
      List<int[]> hits = new ArrayList<>();
      Matcher m = pattern.matcher(line.text());
      while (m.find()) {
        if (m.end() > m.start()) {
          hits.add(new int[] {m.start(), m.end()});
        }
      }
      return hits;
    });
  }

  /** A regular expression's match on a page: the box of each capturing group (null when a group is empty). */
  public record GroupBoxes(List<Box> groups, List<String> texts) {}

  /**
   * The first line of page {@code pageIndex} (0-based) matching {@code pattern} (NFC text, as extracted), with the
   * box and text of each capturing group.
   */
  public Optional<GroupBoxes> groups(Pattern pattern, int pageIndex) throws IOException {
    for (Line line : lines(pageIndex)) {
      String text = Normalizer.normalize(line.text(), Normalizer.Form.NFC);
      if (text.length() != line.text().length()) {
        text = line.text(); // keep indices aligned with the glyph positions
      }
      Matcher m = pattern.matcher(text);
      if (!m.find()) {
        continue;
      }
      List<Box> boxes = new ArrayList<>();
      List<String> texts = new ArrayList<>();
      for (int g = 1; g <= m.groupCount(); g++) {
        boolean empty = m.start(g) < 0 || m.end(g) <= m.start(g);
        boxes.add(empty ? null : box(pageIndex, line, m.start(g), m.end(g)));
        texts.add(empty ? "" : m.group(g));
      }
      return Optional.of(new GroupBoxes(boxes, texts));
    }
    return Optional.empty();
  }

  private interface Matcher2 {
    List<int[]> hits(Line line);
  }

  private Optional<Box> search(Integer pageIndex, boolean last, Matcher2 matcher) throws IOException {
    int n = doc.getNumberOfPages();
    List<Integer> order = new ArrayList<>();
    if (pageIndex != null) {
      order.add(pageIndex);
    } else {
      for (int i = 0; i < n; i++) {
        order.add(last ? n - 1 - i : i);
      }
    }
    for (int p : order) {
      List<Line> lines = lines(p);
      Box best = null;
      for (Line line : lines) {
        for (int[] hit : matcher.hits(line)) {
          Box b = box(p, line, hit[0], hit[1]);
          if (b == null) {
            continue;
          }
          if (!last) {
            return Optional.of(b);
          }
          best = b;
        }
      }
      if (best != null) {
        return Optional.of(best);
      }
    }
    return Optional.empty();
  }

  /**
   * The bottom (PDF y) of the nearest text above {@code box} whose glyphs overlap the horizontal span
   * {@code [x0, x1]}, or empty when nothing is above.
   */
  public Optional<Float> bottomOfTextAbove(Box box, float x0, float x1) throws IOException {
    Float nearest = null;
    PDRectangle crop = doc.getPage(box.pageIndex()).getCropBox();
    for (Line line : lines(box.pageIndex())) {
      float bottom = Float.NaN;
      for (TextPosition tp : line.positions()) {
        if (tp == null || tp.getUnicode().isBlank()) {
          continue;
        }
        float l = crop.getLowerLeftX() + tp.getXDirAdj();
        float r = l + tp.getWidthDirAdj();
        if (r < x0 || l > x1) {
          continue;
        }
        float baseline = crop.getUpperRightY() - tp.getYDirAdj();
        float b = baseline - descent(tp);
        bottom = Float.isNaN(bottom) ? b : Math.min(bottom, b);
      }
      if (!Float.isNaN(bottom) && bottom > box.top() && (nearest == null || bottom < nearest)) {
        nearest = bottom;
      }
    }
    return Optional.ofNullable(nearest);
  }

  private Box box(int pageIndex, Line line, int start, int end) {
    PDRectangle crop = doc.getPage(pageIndex).getCropBox();
    float left = Float.MAX_VALUE;
    float right = -Float.MAX_VALUE;
    float top = -Float.MAX_VALUE;
    float bottom = Float.MAX_VALUE;
    float baseline = Float.NaN;
    float size = 0;
    for (int i = start; i < end && i < line.positions().size(); i++) {
      TextPosition tp = line.positions().get(i);
      if (tp == null) {
        continue;
      }
      float l = crop.getLowerLeftX() + tp.getXDirAdj();
      float bl = crop.getUpperRightY() - tp.getYDirAdj();
      left = Math.min(left, l);
      right = Math.max(right, l + tp.getWidthDirAdj());
      top = Math.max(top, bl + ascent(tp));
      bottom = Math.min(bottom, bl - descent(tp));
      if (Float.isNaN(baseline)) {
        baseline = bl;
      }
      size = Math.max(size, fontSize(tp));
    }
    if (Float.isNaN(baseline)) {
      return null;
    }
    return new Box(pageIndex, left, bottom, right, top, baseline, size);
  }

  private static float fontSize(TextPosition tp) {
    float fs = tp.getFontSizeInPt();
    return fs > 0 ? fs : Math.max(tp.getHeightDir() / 0.7f, 1f);
  }

  private static float ascent(TextPosition tp) {
    return Math.max(tp.getHeightDir(), 0.72f * fontSize(tp));
  }

  private static float descent(TextPosition tp) {
    return 0.22f * fontSize(tp);
  }

  List<Line> lines(int pageIndex) throws IOException {
    List<Line> cached = pages.get(pageIndex);
    if (cached != null) {
      return cached;
    }
    checkContentSize(pageIndex);
    Collector c = new Collector();
    c.setSortByPosition(true);
    c.setStartPage(pageIndex + 1);
    c.setEndPage(pageIndex + 1);
    c.getText(doc);
    c.flush();
    pages.set(pageIndex, c.lines);
    return c.lines;
  }

  /** The most content a page may decode to before kyso searches its text: 64 MiB. */
  static final long MAX_CONTENT_BYTES = 64L << 20;

  /**
   * Refuses a page whose content streams decode to more than {@link #MAX_CONTENT_BYTES} (a compression bomb: a
   * megabyte that inflates to a gigabyte would keep the text search busy for minutes), counting while decoding.
   */
  private void checkContentSize(int pageIndex) throws IOException {
    long total = 0;
    byte[] buf = new byte[1 << 16];
    java.util.Iterator<org.apache.pdfbox.pdmodel.common.PDStream> it = doc.getPage(pageIndex).getContentStreams();
    while (it.hasNext()) {
      try (java.io.InputStream in = it.next().createInputStream()) {
        for (int n; (n = in.read(buf)) > 0; ) {
          total += n;
          if (total > MAX_CONTENT_BYTES) {
            throw new TooMuchContentException("page " + (pageIndex + 1) + " holds more than " + (MAX_CONTENT_BYTES >> 20)
                + " MiB of content once decompressed, too much to search its text; give the place with --rect");
          }
        }
      }
    }
  }

  /** A page with more content than {@link #MAX_CONTENT_BYTES}; the message is the end of a sentence. */
  public static final class TooMuchContentException extends IOException {
    private static final long serialVersionUID = 1L;

    TooMuchContentException(String message) {
      super(message);
    }
  }

  /** Line text with white-space runs collapsed, and for each kept character its index in the original. */
  private record Compact(String text, List<Integer> map) {}

  private static Compact compact(String s) {
    StringBuilder sb = new StringBuilder();
    List<Integer> map = new ArrayList<>();
    boolean space = false;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (Character.isWhitespace(ch) || ch == '\u00a0') {
        if (!space && sb.length() > 0) {
          sb.append(' ');
          map.add(i);
        }
        space = true;
      } else {
        sb.append(ch);
        map.add(i);
        space = false;
      }
    }
    int len = sb.length();
    if (len > 0 && sb.charAt(len - 1) == ' ') {
      sb.setLength(len - 1);
      map.remove(len - 1);
    }
    return new Compact(sb.toString(), map);
  }

  private static String lower(String s) {
    char[] c = s.toCharArray();
    for (int i = 0; i < c.length; i++) {
      c[i] = Character.toLowerCase(c[i]);
    }
    return new String(c);
  }

  /** Collects lines with the glyph position of every character. */
  private static final class Collector extends PDFTextStripper {
    final List<Line> lines = new ArrayList<>();
    private StringBuilder text = new StringBuilder();
    private List<TextPosition> positions = new ArrayList<>();

    Collector() throws IOException {
      super();
    }

    @Override
    protected void writeString(String s, List<TextPosition> textPositions) {
      for (TextPosition tp : textPositions) {
        String u = Normalizer.normalize(tp.getUnicode(), Normalizer.Form.NFC);
        for (int i = 0; i < u.length(); i++) {
          text.append(u.charAt(i));
          positions.add(tp);
        }
      }
    }

    @Override
    protected void writeWordSeparator() {
      text.append(' ');
      positions.add(null);
    }

    @Override
    protected void writeLineSeparator() {
      flush();
    }

    @Override
    protected void endPage(PDPage page) throws IOException {
      flush();
      super.endPage(page);
    }

    void flush() {
      if (text.length() > 0) {
        lines.add(new Line(text.toString(), java.util.Collections.unmodifiableList(positions)));
      }
      text = new StringBuilder();
      positions = new ArrayList<>();
    }
  }
}
