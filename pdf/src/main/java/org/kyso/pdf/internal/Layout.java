package org.kyso.pdf.internal;

import java.util.List;
import java.util.Optional;

/**
 * A resolved appearance: the signature widget (page, rectangle in PDF user space, what to draw in it, in the
 * widget's own coordinates) and the texts stamped into the document in the same revision. Only values, so that
 * computing it twice (two-step signing) gives the same bytes.
 */
public record Layout(Optional<Widget> widget, List<Stamp> stamps) {
  public Layout {
    stamps = List.copyOf(stamps);
  }

  public static Layout invisible() {
    return new Layout(Optional.empty(), List.of());
  }

  /** The signature widget: its page (0-based) and rectangle, and the drawing inside. */
  public record Widget(int pageIndex, float x, float y, float width, float height, List<DrawOp> ops) {
    public Widget {
      ops = List.copyOf(ops);
    }
  }

  /** Something drawn in a widget. */
  public sealed interface DrawOp permits ImageOp, TextOp, RectOp {}

  /** A PNG image in a rectangle. */
  public record ImageOp(byte[] png, float x, float y, float width, float height) implements DrawOp {}

  /** One line of text starting at {@code x} on {@code baseline}, colour as RGB 0..1. */
  public record TextOp(String text, FontSet.Style style, float size, float x, float baseline, float[] rgb)
      implements DrawOp {}

  /** A stroked rectangle. */
  public record RectOp(float x, float y, float width, float height, float lineWidth, float[] rgb) implements DrawOp {}

  /**
   * A text written into the document as a read-only form field: the number and notation, the issue date.
   *
   * @param fieldName the form field's name
   * @param baseline the text baseline above the box's bottom edge
   */
  public record Stamp(String fieldName, String value, FontSet.Style style, float size, int pageIndex, float x,
      float y, float width, float height, float baseline) {}
}
