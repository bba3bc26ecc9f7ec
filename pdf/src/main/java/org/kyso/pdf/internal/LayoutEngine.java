package org.kyso.pdf.internal;

import java.io.IOException;
import java.text.Normalizer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDField;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.kyso.core.DocumentException;
import org.kyso.pdf.Appearance;
import org.kyso.pdf.Decree30;
import org.kyso.pdf.Placement;
import org.kyso.pdf.SignatureImage;

/**
 * Turns an {@link Appearance} into a {@link Layout} for one document: finds anchors, sizes images and text,
 * positions the widget and the stamped texts. Fails with a clear sentence rather than placing anything where it
 * was not asked to go.
 */
public final class LayoutEngine {
  static final float MM = 72f / 25.4f;
  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
  private static final DateTimeFormatter DMY = DateTimeFormatter.ofPattern("dd/MM/uuuu");
  private static final ZoneOffset VN = ZoneOffset.ofHours(7);
  private static final float[] BLACK = {0, 0, 0};
  private static final float[] RED = {0.78f, 0.05f, 0.05f};
  private static final float PAD = 2f;
  /** Field names of the stamped number and date. */
  public static final String NUMBER_FIELD = "kyso_so_ky_hieu";
  public static final String DATE_FIELD = "kyso_ngay_ban_hanh";

  /** What the layout needs to know about this signature. */
  public record Context(String signerName, Instant signingTime, String reason, String location) {}

  private final PDDocument doc;
  private final FontSet fonts;
  private final TextLocator locator;

  /** The default place of plain text boxes: bottom right of the last page (resolved in textBox). */
  private static final Placement BOTTOM_RIGHT_OF_LAST_PAGE = null;

  public LayoutEngine(PDDocument doc, FontSet fonts) {
    this.doc = doc;
    this.fonts = fonts;
    this.locator = new TextLocator(doc);
  }

  /** The signing time as Decree 30 prints it: ISO 8601 at +07:00, to the second. */
  public static String isoTime(Instant t) {
    return OffsetDateTime.ofInstant(t.truncatedTo(ChronoUnit.SECONDS), VN).format(ISO);
  }

  public Layout layout(Appearance a, Context ctx) throws DocumentException {
    try {
      return switch (a.profile()) {
        case INVISIBLE -> Layout.invisible();
        case TEXT -> textBox(a, lines(a.text().orElseThrow()), BOTTOM_RIGHT_OF_LAST_PAGE, ctx);
        case SIGNER_INFO -> textBox(a, signerInfo(ctx), BOTTOM_RIGHT_OF_LAST_PAGE, ctx);
        case APPENDIX -> textBox(a, List.of(a.number().orElseThrow(), isoTime(ctx.signingTime())),
            Placement.topRight(1, 20, 5), ctx);
        case COPY -> textBox(a, List.of(a.copyForm().orElseThrow().label(), a.organisation().orElseThrow(),
            isoTime(ctx.signingTime())), Placement.topRight(1, 20, 5), ctx);
        case APPROVAL -> approval(a, ctx);
        case ISSUANCE -> issuance(a);
        case INCOMING -> incoming(a);
      };
    } catch (TextLocator.TooMuchContentException e) {
      throw new DocumentException("The document's text cannot be searched to place the signature: " + e.getMessage()
          + ".", e);
    } catch (IOException e) {
      throw new DocumentException("The document's text cannot be read to place the signature.", e);
    }
  }

  private static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    for (String l : text.split("\\R")) {
      out.add(l.strip());
    }
    return out;
  }

  private static List<String> signerInfo(Context ctx) {
    List<String> l = new ArrayList<>();
    l.add("Ký bởi: " + ctx.signerName());
    l.add("Thời gian ký: " + isoTime(ctx.signingTime()));
    if (ctx.reason() != null) {
      l.add("Lý do: " + ctx.reason());
    }
    if (ctx.location() != null) {
      l.add("Nơi ký: " + ctx.location());
    }
    return l;
  }

  // ---- text boxes: plain text, signer info, appendix, copy ----

  private Layout textBox(Appearance a, List<String> rawLines, Placement defaultPlacement, Context ctx)
      throws DocumentException, IOException {
    List<String> lines = nfc(rawLines);
    FontSet.Style style = FontSet.Style.REGULAR;
    checkCovered(style, lines);
    float size = (float) a.fontSizePoints().orElse(10);
    float[] natural = textSize(style, size, lines);
    Placement p = a.placement().orElse(defaultPlacement);
    Rect r;
    if (p == BOTTOM_RIGHT_OF_LAST_PAGE) {
      PDRectangle crop = crop(doc.getNumberOfPages() - 1);
      float x = crop.getUpperRightX() - 20 * MM - natural[0];
      r = inside(new Rect(doc.getNumberOfPages() - 1, x, crop.getLowerLeftY() + 20 * MM, natural[0], natural[1]));
    } else {
      r = resolve(p, natural[0], natural[1], false, "signature box");
    }
    // shrink the text when an explicit box is smaller than the text needs
    float scale = Math.min(1f, Math.min(r.w / natural[0], r.h / natural[1]));
    float fs = Math.max(4f, size * scale);
    List<Layout.DrawOp> ops = new ArrayList<>();
    float lineHeight = fs * 1.2f;
    float y = r.h - PAD - fonts.ascent(style, fs);
    for (String line : lines) {
      ops.add(new Layout.TextOp(line, style, fs, PAD, y, BLACK));
      y -= lineHeight;
    }
    return new Layout(Optional.of(new Layout.Widget(r.page, r.x, r.y, r.w, r.h, ops)), List.of());
  }

  private float[] textSize(FontSet.Style style, float size, List<String> lines) {
    float w = 0;
    for (String l : lines) {
      w = Math.max(w, fonts.width(style, l, size));
    }
    float h = fonts.ascent(style, size) + fonts.descent(style, size) + (lines.size() - 1) * size * 1.2f;
    return new float[] {w + 2 * PAD, h + 2 * PAD};
  }

  // ---- approval: the signature image above the signer's name ----

  private Layout approval(Appearance a, Context ctx) throws DocumentException, IOException {
    SignatureImage img = a.image().orElseThrow();
    float[] size = imageSize(img, 40);
    Placement p = a.placement().orElse(null);
    Rect r;
    if (p == null) {
      String name = ctx.signerName();
      Optional<TextLocator.Box> found = locator.find(name, null, true);
      if (found.isEmpty()) {
        throw new DocumentException("The signer's name '" + name + "' was not found in the document; "
            + hint("signature image") + ".");
      }
      r = placeRelative(found.get(), Placement.Relation.ABOVE, size[0], size[1], true);
    } else {
      r = resolve(p, size[0], size[1], true, "signature image");
    }
    return new Layout(Optional.of(imageWidget(img, r)), emptyNumberAndDateFields());
  }

  /**
   * The number and date fields the issuance will fill, created empty by the approval where the draft has their
   * places, so that the issuance only fills form fields (what a later signature may do after an approval, and what
   * a DocMDP level 2 certification allows) instead of adding new ones. Nothing when a place is not found: the
   * issuance then creates the field itself.
   */
  private List<Layout.Stamp> emptyNumberAndDateFields() throws IOException, DocumentException {
    List<Layout.Stamp> out = new ArrayList<>();
    if (doc.getNumberOfPages() == 0) {
      return out;
    }
    Optional<TextLocator.GroupBoxes> gap = locator.groups(Pattern.compile("(Số\\s*:)" + BLANK + "(/\\S+)"), 0);
    if (gap.isPresent() && gap.get().groups().get(0) != null && gap.get().groups().get(1) != null) {
      out.add(inGap(NUMBER_FIELD, "", FontSet.Style.REGULAR, gap.get().groups().get(0),
          gap.get().groups().get(1).left(), true));
    } else {
      Optional<TextLocator.Box> so = locator.find("Số:", 0, false);
      if (so.isPresent()) {
        out.add(blankAfter(NUMBER_FIELD, so.get(), 150));
      }
    }
    List<Layout.Stamp> date = dateBlanks(null);
    if (!date.isEmpty()) {
      out.addAll(date);
    } else {
      Optional<TextLocator.Box> comma = locator.find(Pattern.compile(",\\s*$"), 0, false);
      if (comma.isPresent()) {
        out.add(blankAfter(DATE_FIELD, comma.get(), 190));
      }
    }
    return out;
  }

  private Layout.Stamp blankAfter(String field, TextLocator.Box anchor, float width) {
    float size = anchor.fontSize() >= 8 && anchor.fontSize() <= 16 ? anchor.fontSize() : 13;
    FontSet.Style style = DATE_FIELD.equals(field) ? FontSet.Style.ITALIC : FontSet.Style.REGULAR;
    float desc = fonts.descent(style, size);
    float h = fonts.ascent(style, size) + desc + 2 * PAD;
    float x = anchor.right() + 0.25f * size - PAD;
    float pageRight = doc.getPage(anchor.pageIndex()).getCropBox().getUpperRightX() - 2;
    return new Layout.Stamp(field, "", style, size, anchor.pageIndex(), x, anchor.baseline() - desc - PAD,
        Math.max(10, Math.min(width, pageRight - x)), h, desc + PAD);
  }

  private Layout.Widget imageWidget(SignatureImage img, Rect r) {
    // keep the picture's proportions inside the box, centred
    float ratio = (float) img.pixelWidth() / img.pixelHeight();
    float w = r.w;
    float h = w / ratio;
    if (h > r.h) {
      h = r.h;
      w = h * ratio;
    }
    return new Layout.Widget(r.page, r.x, r.y, r.w, r.h,
        List.of(new Layout.ImageOp(img.bytes(), (r.w - w) / 2, (r.h - h) / 2, w, h)));
  }

  private static float[] imageSize(SignatureImage img, double defaultWidthMm) {
    float w = (float) (img.widthMm().orElse(defaultWidthMm) * MM);
    float h = w * img.pixelHeight() / img.pixelWidth();
    return new float[] {w, h};
  }

  // ---- issuance: the seal over the left third of the approval, number and date stamped ----

  private Layout issuance(Appearance a) throws DocumentException, IOException {
    SignatureImage seal = a.image().orElseThrow();
    float[] size = imageSize(seal, 36);
    Rect r;
    if (a.placement().isPresent()) {
      r = resolve(a.placement().get(), size[0], size[1], true, "seal");
    } else {
      Rect approval = lastVisibleSignature().orElseThrow(() -> new DocumentException("The document has no visible"
          + " approval signature for the seal to overlap; sign it with the approval profile first, or give"
          + " the seal's place with --page N --rect X,Y,W,H (library: Appearance.at(Placement))."));
      // the seal's right edge covers the left third of the approval image, centred on it vertically
      float x = approval.x + approval.w / 3 - size[0];
      float y = approval.y + approval.h / 2 - size[1] / 2;
      r = inside(new Rect(approval.page, x, y, size[0], size[1]));
    }
    List<Layout.Stamp> stamps = new ArrayList<>();
    String number = nfc(a.number().orElseThrow());
    java.time.LocalDate day = a.date().orElseThrow();
    String date = Decree30.dateText(day);
    Optional<Layout.Stamp> numberInBlank = a.numberPlacement().isPresent() ? Optional.empty() : numberBlank(number);
    if (numberInBlank.isPresent()) {
      stamps.add(numberInBlank.get());
    } else {
      stamps.add(stamp(NUMBER_FIELD, number, FontSet.Style.REGULAR,
          a.numberPlacement().orElse(Placement.rightOf("Số:").onPage(1).firstOccurrence()), "number and notation"));
    }
    List<Layout.Stamp> dateInBlanks = a.datePlacement().isPresent() ? List.of() : dateBlanks(day);
    if (!dateInBlanks.isEmpty()) {
      stamps.addAll(dateInBlanks);
    } else {
      stamps.add(stamp(DATE_FIELD, date, FontSet.Style.ITALIC,
          a.datePlacement().orElse(Placement.rightOf(Pattern.compile(",\\s*$")).onPage(1)), "issue date"));
    }
    return new Layout(Optional.of(imageWidget(seal, r)), stamps);
  }

  /** A blank in a draft: spaces, dots, underscores or ellipses. */
  private static final String BLANK = "[\\s._…\\u00a0-]*";

  /**
   * "Số:      /QĐ-UBND" on page 1: the number goes into the blank before the printed notation, written without the
   * part the draft already shows ("15" when the draft has "/QĐ-UBND" and the number is "15/QĐ-UBND").
   */
  private Optional<Layout.Stamp> numberBlank(String number) throws IOException, DocumentException {
    if (doc.getNumberOfPages() == 0) {
      return Optional.empty();
    }
    Optional<TextLocator.GroupBoxes> m = locator.groups(Pattern.compile("(Số\\s*:)" + BLANK + "(/\\S+)"), 0);
    if (m.isEmpty() || m.get().groups().get(0) == null || m.get().groups().get(1) == null) {
      return Optional.empty();
    }
    String suffix = nfc(m.get().texts().get(1));
    String value = number.endsWith(suffix) ? number.substring(0, number.length() - suffix.length()).strip() : number;
    if (value.isEmpty()) {
      return Optional.empty();
    }
    TextLocator.Box before = m.get().groups().get(0);
    TextLocator.Box after = m.get().groups().get(1);
    return Optional.of(inGap(NUMBER_FIELD, value, FontSet.Style.REGULAR, before, after.left(), true));
  }

  /**
   * "ngày      tháng      năm 2026" on page 1 (spaces, dots or underscores): day, month and, when blank, year
   * written into their blanks, each a field of its own.
   */
  private List<Layout.Stamp> dateBlanks(java.time.LocalDate date) throws IOException, DocumentException {
    if (doc.getNumberOfPages() == 0) {
      return List.of();
    }
    Optional<TextLocator.GroupBoxes> m = locator.groups(Pattern.compile(
        "(ngày)" + BLANK + "(tháng)" + BLANK + "(năm)" + BLANK + "(\\d{4})?", Pattern.CASE_INSENSITIVE), 0);
    if (m.isEmpty() || m.get().groups().subList(0, 3).contains(null)) {
      return List.of();
    }
    List<TextLocator.Box> g = m.get().groups();
    if (g.get(1).left() - g.get(0).right() < 8 || g.get(2).left() - g.get(1).right() < 8) {
      return List.of(); // no blank: the date is already written
    }
    int d = date == null ? 0 : date.getDayOfMonth();
    int mo = date == null ? 0 : date.getMonthValue();
    List<Layout.Stamp> out = new ArrayList<>();
    out.add(inGap(DATE_FIELD, date == null ? "" : d < 10 ? "0" + d : String.valueOf(d), FontSet.Style.ITALIC,
        g.get(0), g.get(1).left(), false));
    out.add(inGap(DATE_FIELD + "_thang", date == null ? "" : mo < 3 ? "0" + mo : String.valueOf(mo),
        FontSet.Style.ITALIC, g.get(1), g.get(2).left(), false));
    if (g.get(3) == null) {
      float right = Math.min(g.get(2).right() + 4 * g.get(2).fontSize(),
          doc.getPage(0).getCropBox().getUpperRightX() - 2);
      out.add(inGap(DATE_FIELD + "_nam", date == null ? "" : String.valueOf(date.getYear()), FontSet.Style.ITALIC,
          g.get(2), right, false));
    }
    return out;
  }

  /** A stamp between the end of {@code before} and {@code right}, on its baseline, centred (or right-aligned). */
  private Layout.Stamp inGap(String field, String value, FontSet.Style style, TextLocator.Box before, float right,
      boolean alignRight) throws DocumentException, IOException {
    checkCovered(style, List.of(value));
    float size = before.fontSize() >= 8 && before.fontSize() <= 16 ? before.fontSize() : 13;
    float desc = fonts.descent(style, size);
    float h = fonts.ascent(style, size) + desc + 2 * PAD;
    float gapLeft = before.right() + 0.2f * size;
    float gapRight = right - 0.15f * size;
    if (value.isEmpty()) {
      // an empty field to be filled later: the whole blank
      return new Layout.Stamp(field, "", style, size, before.pageIndex(), gapLeft - PAD, before.baseline() - desc - PAD,
          Math.max(10, gapRight - gapLeft + 2 * PAD), h, desc + PAD);
    }
    float w = fonts.width(style, value, size) + 2 * PAD;
    float x = alignRight ? gapRight - w : gapLeft + Math.max(0, (gapRight - gapLeft - w) / 2);
    x = Math.max(x, gapLeft - PAD);
    return new Layout.Stamp(field, value, style, size, before.pageIndex(), x, before.baseline() - desc - PAD, w, h,
        desc + PAD);
  }

  private Layout.Stamp stamp(String field, String value, FontSet.Style style, Placement p, String what)
      throws DocumentException, IOException {
    checkCovered(style, List.of(value));
    float size = 13;
    if (p.kind() == Placement.Kind.ANCHOR) {
      TextLocator.Box anchor = findAnchor(p, what);
      if (anchor.fontSize() >= 8 && anchor.fontSize() <= 16) {
        size = anchor.fontSize();
      }
      float w = fonts.width(style, value, size) + 2 * PAD;
      float asc = fonts.ascent(style, size);
      float desc = fonts.descent(style, size);
      float h = asc + desc + 2 * PAD;
      if (p.relation().orElseThrow() == Placement.Relation.RIGHT_OF) {
        float x = anchor.right() + 0.25f * size - PAD + (float) p.dx();
        float baseline = anchor.baseline() - (float) p.dy();
        Rect r = inside(new Rect(anchor.pageIndex(), x, baseline - desc - PAD, w, h));
        return new Layout.Stamp(field, value, style, size, r.page, r.x, r.y, r.w, r.h, desc + PAD);
      }
      Rect r = placeRelative(anchor, p.relation().orElseThrow(), w, h, false);
      r = new Rect(r.page, r.x + (float) p.dx(), r.y - (float) p.dy(), r.w, r.h);
      return new Layout.Stamp(field, value, style, size, r.page, r.x, r.y, r.w, r.h, desc + PAD);
    }
    float w = fonts.width(style, value, size) + 2 * PAD;
    float h = fonts.ascent(style, size) + fonts.descent(style, size) + 2 * PAD;
    Rect r = resolve(p, w, h, false, what);
    float scale = Math.min(1f, Math.min(r.w / w, r.h / h));
    float fs = Math.max(4f, size * scale);
    return new Layout.Stamp(field, value, style, fs, r.page, r.x, r.y, r.w, r.h,
        (r.h - fonts.ascent(style, fs) + fonts.descent(style, fs)) / 2);
  }

  /** The widget rectangle of the most recent visible signature in the document. */
  private Optional<Rect> lastVisibleSignature() throws IOException {
    PDAcroForm form = doc.getDocumentCatalog().getAcroForm(null);
    if (form == null) {
      return Optional.empty();
    }
    Rect best = null;
    long bestEnd = -1;
    for (PDField f : form.getFieldTree()) {
      if (!(f instanceof PDSignatureField sf)) {
        continue;
      }
      PDSignature sig = sf.getSignature();
      if (sig == null) {
        continue;
      }
      int[] br = sig.getByteRange();
      long end = br != null && br.length == 4 ? (long) br[2] + br[3] : 0;
      for (PDAnnotationWidget w : sf.getWidgets()) {
        PDRectangle rect = w.getRectangle();
        if (rect == null || rect.getWidth() <= 0 || rect.getHeight() <= 0) {
          continue;
        }
        int page = pageOf(w);
        if (page >= 0 && end > bestEnd) {
          bestEnd = end;
          best = new Rect(page, rect.getLowerLeftX(), rect.getLowerLeftY(), rect.getWidth(), rect.getHeight());
        }
      }
    }
    return Optional.ofNullable(best);
  }

  private int pageOf(PDAnnotationWidget w) throws IOException {
    COSDictionary wd = w.getCOSObject();
    PDPage p = w.getPage();
    if (p != null) {
      int i = doc.getPages().indexOf(p);
      if (i >= 0) {
        return i;
      }
    }
    for (int i = 0; i < doc.getNumberOfPages(); i++) {
      for (PDAnnotation an : doc.getPage(i).getAnnotations()) {
        if (an.getCOSObject() == wd) {
          return i;
        }
      }
    }
    return -1;
  }

  // ---- incoming: the "ĐẾN" stamp ----

  private Layout incoming(Appearance a) throws DocumentException, IOException {
    float scale = (float) (a.fontSizePoints().orElse(11) / 11);
    String org = a.organisation().map(LayoutEngine::nfc).orElse(null);
    String l1 = nfc("Số: " + a.number().orElseThrow());
    String l2 = "Ngày: " + a.date().orElseThrow().format(DMY);
    String den = "ĐẾN";
    float small = 11 * scale;
    float big = 18 * scale;
    float orgSize = 9 * scale;
    float pad = 6 * scale;
    FontSet.Style b = FontSet.Style.BOLD;
    FontSet.Style n = FontSet.Style.REGULAR;
    checkCovered(b, org == null ? List.of(den) : List.of(den, org));
    checkCovered(n, List.of(l1, l2));
    float denW = fonts.width(b, den, big);
    float linesW = Math.max(fonts.width(n, l1, small), fonts.width(n, l2, small));
    float orgH = org == null ? 0 : orgSize * 1.3f;
    float width = pad + Math.max(org == null ? 0 : fonts.width(b, org, orgSize), denW + 8 * scale + linesW) + pad;
    float bodyH = 2 * small * 1.3f;
    float height = pad + orgH + bodyH + pad;
    Rect r = resolve(a.placement().orElse(Placement.below("Số:").onPage(1).firstOccurrence()), width, height,
        false, "ĐẾN stamp");
    float k = Math.min(1f, Math.min(r.w / width, r.h / height));
    List<Layout.DrawOp> ops = new ArrayList<>();
    ops.add(new Layout.RectOp(0.5f, 0.5f, r.w - 1, r.h - 1, 1f, RED));
    float top = r.h - pad * k;
    if (org != null) {
      float ow = fonts.width(b, org, orgSize * k);
      ops.add(new Layout.TextOp(org, b, orgSize * k, (r.w - ow) / 2, top - fonts.ascent(b, orgSize * k), RED));
      top -= orgH * k;
    }
    float bodyTop = top;
    float bodyBottom = pad * k;
    float denBaseline = (bodyTop + bodyBottom) / 2 - (fonts.ascent(b, big * k) - fonts.descent(b, big * k)) / 2;
    ops.add(new Layout.TextOp(den, b, big * k, pad * k, denBaseline, RED));
    float lx = pad * k + denW * k + 8 * scale * k;
    float line1 = bodyTop - fonts.ascent(n, small * k) - 0.1f * small * k;
    ops.add(new Layout.TextOp(l1, n, small * k, lx, line1, RED));
    ops.add(new Layout.TextOp(l2, n, small * k, lx, line1 - small * 1.3f * k, RED));
    return new Layout(Optional.of(new Layout.Widget(r.page, r.x, r.y, r.w, r.h, ops)), List.of());
  }

  // ---- placement ----

  /** A rectangle on a page (0-based) in PDF user space. */
  record Rect(int page, float x, float y, float w, float h) {}

  private Rect resolve(Placement p, float naturalW, float naturalH, boolean keepAspect, String what)
      throws DocumentException, IOException {
    switch (p.kind()) {
      case RECTANGLE -> {
        int page = pageIndex(p.page().getAsInt());
        PDRectangle crop = crop(page);
        float w = (float) p.width().getAsDouble();
        float h = (float) p.height().getAsDouble();
        if (p.x() + w > crop.getWidth() + 0.5 || p.y() + h > crop.getHeight() + 0.5) {
          throw new DocumentException(String.format(java.util.Locale.ROOT,
              "The %s rectangle goes beyond page %d, which is %.0f x %.0f points (%.0f x %.0f mm).", what, page + 1,
              crop.getWidth(), crop.getHeight(), crop.getWidth() / MM, crop.getHeight() / MM));
        }
        return new Rect(page, crop.getLowerLeftX() + (float) p.x(),
            crop.getUpperRightY() - (float) p.y() - h, w, h);
      }
      case CORNER -> {
        int page = pageIndex(p.page().getAsInt());
        PDRectangle crop = crop(page);
        float w = (float) p.width().orElse(naturalW);
        float h = (float) p.height().orElse(naturalH);
        return inside(new Rect(page, crop.getUpperRightX() - (float) p.x() - w,
            crop.getUpperRightY() - (float) p.y() - h, w, h));
      }
      case ANCHOR -> {
        TextLocator.Box anchor = findAnchor(p, what);
        float w = (float) p.width().orElse(naturalW);
        float h = (float) p.height().orElse(naturalH);
        boolean aspect = keepAspect && p.width().isEmpty();
        Rect r = placeRelative(anchor, p.relation().orElseThrow(), w, h, aspect);
        return inside(new Rect(r.page, r.x + (float) p.dx(), r.y - (float) p.dy(), r.w, r.h));
      }
      default -> throw new AssertionError(p.kind());
    }
  }

  /** How to give the place of {@code what} instead, naming the command-line option and the library call. */
  private static String hint(String what) {
    return switch (what) {
      case "number and notation" -> "give its place with --number-rect X,Y,W,H (library: Decree30.issuance(...)"
          + ".numberAt(Placement))";
      case "issue date" -> "give its place with --date-rect X,Y,W,H (library: Decree30.issuance(...)"
          + ".dateAt(Placement))";
      default -> "give another anchor with --anchor TEXT or a place with --page N --rect X,Y,W,H (library:"
          + " Appearance.at(Placement))";
    };
  }

  private TextLocator.Box findAnchor(Placement p, String what) throws DocumentException, IOException {
    Integer page = p.page().isPresent() ? pageIndex(p.page().getAsInt()) : null;
    Optional<TextLocator.Box> found = p.anchorText().isPresent()
        ? locator.find(p.anchorText().get(), page, p.usesLastOccurrence())
        : locator.find(p.anchorPattern().orElseThrow(), page, p.usesLastOccurrence());
    if (found.isEmpty()) {
      String label = p.anchorText().map(t -> "The text '" + t + "'")
          .orElse("No line matching /" + p.anchorPattern().map(Pattern::pattern).orElse("") + "/");
      String where = page == null ? " in the document" : " on page " + (page + 1);
      throw new DocumentException(label + (p.anchorText().isPresent() ? " was not found" : " was found") + where
          + ", so the " + what + " cannot be placed; " + hint(what) + ".");
    }
    return found.get();
  }

  private Rect placeRelative(TextLocator.Box a, Placement.Relation rel, float w, float h, boolean keepAspect)
      throws IOException {
    float cx = a.centreX();
    switch (rel) {
      case ABOVE -> {
        Optional<Float> ceiling = locator.bottomOfTextAbove(a, cx - w / 2, cx + w / 2);
        if (ceiling.isPresent()) {
          float gap = ceiling.get() - a.top();
          if (gap < h && keepAspect) {
            // shrink the picture to the free space, down to half its size
            float s = Math.max(0.5f, (gap - 2) / h);
            w *= s;
            h *= s;
          }
          float y = gap >= h ? a.top() + (gap - h) / 2 : a.top() + 1;
          return new Rect(a.pageIndex(), cx - w / 2, y, w, h);
        }
        return new Rect(a.pageIndex(), cx - w / 2, a.top() + 4, w, h);
      }
      case BELOW -> {
        return new Rect(a.pageIndex(), cx - w / 2, a.bottom() - 4 - h, w, h);
      }
      case RIGHT_OF -> {
        float cy = (a.top() + a.bottom()) / 2;
        return new Rect(a.pageIndex(), a.right() + 0.25f * a.fontSize(), cy - h / 2, w, h);
      }
      case OVER -> {
        float cy = (a.top() + a.bottom()) / 2;
        return new Rect(a.pageIndex(), cx - w / 2, cy - h / 2, w, h);
      }
      default -> throw new AssertionError(rel);
    }
  }

  /** Moves a rectangle inside its page's crop box; refuses one that cannot fit. */
  private Rect inside(Rect r) throws DocumentException {
    PDRectangle crop = crop(r.page);
    if (r.w > crop.getWidth() + 0.5 || r.h > crop.getHeight() + 0.5) {
      throw new DocumentException("The signature box is larger than page " + (r.page + 1) + ".");
    }
    float x = Math.max(crop.getLowerLeftX(), Math.min(r.x, crop.getUpperRightX() - r.w));
    float y = Math.max(crop.getLowerLeftY(), Math.min(r.y, crop.getUpperRightY() - r.h));
    return new Rect(r.page, x, y, r.w, r.h);
  }

  private int pageIndex(int page) throws DocumentException {
    int n = doc.getNumberOfPages();
    if (page == -1) {
      return n - 1;
    }
    if (page < 1 || page > n) {
      throw new DocumentException("The document has " + n + (n == 1 ? " page" : " pages") + "; page " + page
          + " does not exist.");
    }
    return page - 1;
  }

  private PDRectangle crop(int pageIndex) {
    PDPage page = doc.getPage(pageIndex);
    PDRectangle c = page.getCropBox();
    return c != null ? c : page.getMediaBox();
  }

  private void checkCovered(FontSet.Style style, List<String> lines) throws DocumentException {
    for (String l : lines) {
      int cp = fonts.firstMissing(style, l);
      if (cp >= 0) {
        throw new DocumentException("The font has no glyph for '" + new String(Character.toChars(cp))
            + "' (U+" + Integer.toHexString(cp).toUpperCase(java.util.Locale.ROOT) + "); use a font that covers it.");
      }
    }
  }

  private static List<String> nfc(List<String> lines) {
    List<String> out = new ArrayList<>(lines.size());
    for (String l : lines) {
      out.add(nfc(l));
    }
    return out;
  }

  static String nfc(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFC);
  }
}
