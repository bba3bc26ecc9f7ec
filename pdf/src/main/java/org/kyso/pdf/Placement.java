package org.kyso.pdf;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Where a visible signature (or a stamped text) goes on the page: either a page and a rectangle, or a position
 * next to a text found on the page (an anchor). An immutable value.
 *
 * <p>Rectangles are measured as on paper: {@code x} from the left edge and {@code y} from the top edge of the
 * page to the rectangle's top-left corner, in points (1/72 inch) or millimetres. Pages are numbered from 1;
 * {@code -1} is the last page.
 *
 * <p>An anchor that cannot be found, or a page that does not exist, is an error at signing time
 * ({@code DocumentException}): a signature is never silently placed somewhere else.
 *
 * <pre>{@code
 * Placement.rectMm(1, 120, 230, 60, 25)          // page 1, 120 mm from the left, 230 mm from the top
 * Placement.above("Nguyễn Văn An")               // centred above the signer's name (last occurrence)
 * Placement.rightOf("Số:").onPage(1).firstOccurrence()
 * }</pre>
 */
public final class Placement {
  /** Points per millimetre. */
  static final double MM = 72.0 / 25.4;

  /** Where the box goes relative to an anchor. */
  public enum Relation {
    /** Centred horizontally on the anchor, in the free space between the anchor and the text line above it. */
    ABOVE,
    /** Centred horizontally on the anchor, just below it. */
    BELOW,
    /** Just after the anchor on the same line, sharing its baseline. */
    RIGHT_OF,
    /** Centred on the anchor. */
    OVER
  }

  /** The kind of placement. */
  public enum Kind {
    /** A page and a rectangle. */
    RECTANGLE,
    /** Next to a text found on the page. */
    ANCHOR,
    /** In a corner of a page, at given margins. */
    CORNER
  }

  private final Kind kind;
  private final int page;
  private final double x;
  private final double y;
  private final Double width;
  private final Double height;
  private final String anchorText;
  private final Pattern anchorPattern;
  private final Relation relation;
  private final boolean lastOccurrence;
  private final double dx;
  private final double dy;

  private Placement(Kind kind, int page, double x, double y, Double width, Double height, String anchorText,
      Pattern anchorPattern, Relation relation, boolean lastOccurrence, double dx, double dy) {
    this.kind = kind;
    this.page = page;
    this.x = x;
    this.y = y;
    this.width = width;
    this.height = height;
    this.anchorText = anchorText;
    this.anchorPattern = anchorPattern;
    this.relation = relation;
    this.lastOccurrence = lastOccurrence;
    this.dx = dx;
    this.dy = dy;
  }

  /**
   * A rectangle on a page, in points, measured from the page's top-left corner.
   *
   * @param page 1 for the first page, -1 for the last
   * @throws IllegalArgumentException if the page is 0 or below -1, or the size is not positive
   */
  public static Placement rect(int page, double x, double y, double width, double height) {
    checkPage(page);
    if (!(width > 0) || !(height > 0)) {
      throw new IllegalArgumentException("A signature rectangle needs a positive width and height.");
    }
    if (!Double.isFinite(x) || !Double.isFinite(y) || x < 0 || y < 0) {
      throw new IllegalArgumentException("A signature rectangle must start inside the page (x and y from 0).");
    }
    return new Placement(Kind.RECTANGLE, page, x, y, width, height, null, null, null, false, 0, 0);
  }

  /** A rectangle on a page, in millimetres, measured from the page's top-left corner. */
  public static Placement rectMm(int page, double x, double y, double width, double height) {
    return rect(page, x * MM, y * MM, width * MM, height * MM);
  }

  /**
   * The top-right corner of a page, {@code rightMm} from the right edge and {@code topMm} from the top edge; the
   * size comes from the appearance (or {@link #size}).
   */
  public static Placement topRight(int page, double rightMm, double topMm) {
    checkPage(page);
    if (rightMm < 0 || topMm < 0) {
      throw new IllegalArgumentException("Margins cannot be negative.");
    }
    return new Placement(Kind.CORNER, page, rightMm * MM, topMm * MM, null, null, null, null, null, false, 0, 0);
  }

  /** Centred above {@code text} (its last occurrence in the document, unless told otherwise). */
  public static Placement above(String text) {
    return anchor(text, Relation.ABOVE, true);
  }

  /** Centred below {@code text} (its first occurrence, unless told otherwise). */
  public static Placement below(String text) {
    return anchor(text, Relation.BELOW, false);
  }

  /** Just after {@code text} on its line (its first occurrence, unless told otherwise). */
  public static Placement rightOf(String text) {
    return anchor(text, Relation.RIGHT_OF, false);
  }

  /** Centred over {@code text} (its last occurrence, unless told otherwise). */
  public static Placement over(String text) {
    return anchor(text, Relation.OVER, true);
  }

  /**
   * Just after the first text line that matches {@code pattern} (found with {@link java.util.regex.Matcher#find()}
   * on each line of text, lines being NFC-normalised).
   */
  public static Placement rightOf(Pattern pattern) {
    Objects.requireNonNull(pattern, "pattern");
    return new Placement(Kind.ANCHOR, 0, 0, 0, null, null, null, pattern, Relation.RIGHT_OF, false, 0, 0);
  }

  private static Placement anchor(String text, Relation relation, boolean last) {
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("An anchor text cannot be blank.");
    }
    return new Placement(Kind.ANCHOR, 0, 0, 0, null, null, text.strip(), null, relation, last, 0, 0);
  }

  private static void checkPage(int page) {
    if (page == 0 || page < -1) {
      throw new IllegalArgumentException("Pages are numbered from 1 (or -1 for the last page), not " + page + ".");
    }
  }

  /** Looks for the anchor only on this page (1-based, -1 for the last page). */
  public Placement onPage(int page) {
    requireAnchor("onPage");
    checkPage(page);
    return new Placement(kind, page, x, y, width, height, anchorText, anchorPattern, relation, lastOccurrence, dx, dy);
  }

  /** Uses the first occurrence of the anchor. */
  public Placement firstOccurrence() {
    requireAnchor("firstOccurrence");
    return new Placement(kind, page, x, y, width, height, anchorText, anchorPattern, relation, false, dx, dy);
  }

  /** Uses the last occurrence of the anchor. */
  public Placement lastOccurrence() {
    requireAnchor("lastOccurrence");
    return new Placement(kind, page, x, y, width, height, anchorText, anchorPattern, relation, true, dx, dy);
  }

  /** The box size in points, instead of the size the appearance would choose. */
  public Placement size(double width, double height) {
    if (kind == Kind.RECTANGLE) {
      throw new IllegalStateException("A rectangle placement already has a size.");
    }
    if (!(width > 0) || !(height > 0)) {
      throw new IllegalArgumentException("A size must be positive.");
    }
    return new Placement(kind, page, x, y, width, height, anchorText, anchorPattern, relation, lastOccurrence, dx, dy);
  }

  /** The box size in millimetres. */
  public Placement sizeMm(double width, double height) {
    return size(width * MM, height * MM);
  }

  /** Moves the box by {@code dx} points to the right and {@code dy} points down. */
  public Placement offset(double dx, double dy) {
    return new Placement(kind, page, x, y, width, height, anchorText, anchorPattern, relation, lastOccurrence,
        this.dx + dx, this.dy + dy);
  }

  private void requireAnchor(String what) {
    if (kind != Kind.ANCHOR) {
      throw new IllegalStateException(what + "() applies to anchor placements only.");
    }
  }

  public Kind kind() {
    return kind;
  }

  /** The page: 1-based, -1 for the last; for an anchor, empty when every page is searched. */
  public OptionalInt page() {
    return kind == Kind.ANCHOR && page == 0 ? OptionalInt.empty() : OptionalInt.of(page);
  }

  /** For a rectangle: x of the top-left corner from the left edge, in points; for a corner: the right margin. */
  public double x() {
    return x;
  }

  /** For a rectangle: y of the top-left corner from the top edge, in points; for a corner: the top margin. */
  public double y() {
    return y;
  }

  public OptionalDouble width() {
    return width == null ? OptionalDouble.empty() : OptionalDouble.of(width);
  }

  public OptionalDouble height() {
    return height == null ? OptionalDouble.empty() : OptionalDouble.of(height);
  }

  /** The anchor text, for anchor placements given by text. */
  public Optional<String> anchorText() {
    return Optional.ofNullable(anchorText);
  }

  /** The anchor pattern, for anchor placements given by a regular expression. */
  public Optional<Pattern> anchorPattern() {
    return Optional.ofNullable(anchorPattern);
  }

  public Optional<Relation> relation() {
    return Optional.ofNullable(relation);
  }

  public boolean usesLastOccurrence() {
    return lastOccurrence;
  }

  /** Extra horizontal shift in points (to the right). */
  public double dx() {
    return dx;
  }

  /** Extra vertical shift in points (downwards). */
  public double dy() {
    return dy;
  }

  /** How the anchor is named in messages. */
  String anchorLabel() {
    return anchorText != null ? "'" + anchorText + "'" : "a line matching /" + anchorPattern.pattern() + "/";
  }

  @Override
  public String toString() {
    return switch (kind) {
      case RECTANGLE -> String.format(java.util.Locale.ROOT, "Placement[page %d, x=%.1f, y=%.1f, %.1fx%.1f pt]",
          page, x, y, width, height);
      case CORNER -> String.format(java.util.Locale.ROOT, "Placement[top right of page %d, margins %.1f/%.1f pt]",
          page, x, y);
      case ANCHOR -> "Placement[" + relation + " " + anchorLabel() + (page != 0 ? " on page " + page : "")
          + (lastOccurrence ? ", last occurrence" : ", first occurrence") + "]";
    };
  }
}
