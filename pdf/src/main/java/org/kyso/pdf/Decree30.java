package org.kyso.pdf;

import java.time.LocalDate;
import java.util.Objects;
import org.kyso.core.DocumentException;

/**
 * The signature appearances of Decree 30/2020/ND-CP (Appendix I) as ready-made {@link Appearance} values, so that
 * a portal never draws a signature box by hand.
 *
 * <ul>
 *   <li>{@link #approval}: the competent person's signature image (transparent PNG), centred above the signer's
 *       name (found on the page: by default the common name of the signing certificate, last occurrence);
 *   <li>{@link #issuance}: the organisation's seal (transparent PNG, real size) overlapping the left third of the
 *       approval image; the number and notation and the issue date are written into the document, as real text,
 *       in the same revision that this signature signs;
 *   <li>{@link #appendix}: organisation signature on an appendix in a separate file, no image, top right of
 *       page 1: number and notation, signing time (ISO 8601, +07:00), serif 10 pt;
 *   <li>{@link #copy}: electronic copy, no image, top right of page 1: copy form, organisation, signing time;
 *   <li>{@link #incoming}: the "ĐẾN" stamp of a received document (incoming number and date), below "Số:" on
 *       page 1 by default, signed by the receiving organisation.
 * </ul>
 *
 * Every profile accepts {@link Appearance#at(Placement)} to override its default place.
 */
public final class Decree30 {
  private Decree30() {}

  /**
   * The approval signature of the competent person.
   *
   * @param signature the person's signature image: a PNG with a transparent background (blue ink by custom);
   *     printed 40 mm wide unless the PNG or {@link SignatureImage#widthMm} says otherwise
   * @throws DocumentException if the image is not transparent
   */
  public static Appearance approval(SignatureImage signature) throws DocumentException {
    Objects.requireNonNull(signature, "signature");
    requireTransparent(signature, "signature image");
    Appearance.Builder b = Appearance.builder(Appearance.Profile.APPROVAL);
    b.image = signature;
    return b.build();
  }

  /**
   * The issuance signature of the organisation, applied by the clerk.
   *
   * @param numberAndNotation the number and notation from the outgoing register, e.g. {@code 15/QĐ-UBND}
   * @param issueDate the issue date, written as "ngày 05 tháng 02 năm 2025" (Decree 30 leading zeros)
   * @param seal the seal image: a PNG with a transparent background, printed at its real size (from the PNG's
   *     physical size, else 36 mm wide)
   * @throws DocumentException if the seal image is not transparent
   */
  public static Appearance issuance(String numberAndNotation, LocalDate issueDate, SignatureImage seal)
      throws DocumentException {
    Objects.requireNonNull(seal, "seal");
    Objects.requireNonNull(issueDate, "issueDate");
    requireTransparent(seal, "seal image");
    Appearance.Builder b = Appearance.builder(Appearance.Profile.ISSUANCE);
    b.number = requireText(numberAndNotation, "number and notation");
    b.date = issueDate;
    b.image = seal;
    return b.build();
  }

  /**
   * The organisation's signature on an appendix sent in a separate file.
   *
   * @param numberAndNotation the number and notation of the main document, e.g. {@code 15/QĐ-UBND}
   */
  public static Appearance appendix(String numberAndNotation) {
    Appearance.Builder b = Appearance.builder(Appearance.Profile.APPENDIX);
    b.number = requireText(numberAndNotation, "number and notation");
    return b.build();
  }

  /**
   * The organisation's signature on an electronic copy.
   *
   * @param form SAO Y, TRÍCH SAO or SAO LỤC
   * @param organisation the name of the organisation that makes the copy
   */
  public static Appearance copy(CopyForm form, String organisation) {
    Appearance.Builder b = Appearance.builder(Appearance.Profile.COPY);
    b.copyForm = Objects.requireNonNull(form, "form");
    b.organisation = requireText(organisation, "organisation name");
    return b.build();
  }

  /**
   * The "ĐẾN" stamp of a received document with the receiving organisation's signature.
   *
   * @param incomingNumber the number in the incoming register (số đến)
   * @param arrivalDate the arrival date
   */
  public static Appearance incoming(String incomingNumber, LocalDate arrivalDate) {
    Appearance.Builder b = Appearance.builder(Appearance.Profile.INCOMING);
    b.number = requireText(incomingNumber, "incoming number");
    b.date = Objects.requireNonNull(arrivalDate, "arrivalDate");
    return b.build();
  }

  /** The "ĐẾN" stamp with the receiving organisation's name on top. */
  public static Appearance incoming(String incomingNumber, LocalDate arrivalDate, String organisation) {
    Appearance.Builder b = Appearance.builder(Appearance.Profile.INCOMING);
    b.number = requireText(incomingNumber, "incoming number");
    b.date = Objects.requireNonNull(arrivalDate, "arrivalDate");
    b.organisation = requireText(organisation, "organisation name");
    return b.build();
  }

  /**
   * The issue date as Decree 30 writes it: "ngày 05 tháng 02 năm 2025" (days 1-9 and months 1-2 take a leading
   * zero).
   */
  public static String dateText(LocalDate date) {
    int d = date.getDayOfMonth();
    int m = date.getMonthValue();
    return "ngày " + (d < 10 ? "0" + d : String.valueOf(d)) + " tháng " + (m < 3 ? "0" + m : String.valueOf(m))
        + " năm " + date.getYear();
  }

  private static void requireTransparent(SignatureImage image, String what) throws DocumentException {
    if (!image.transparent()) {
      throw new DocumentException("The " + what + " has no transparent background; Decree 30 requires a PNG with"
          + " transparency (an alpha channel).");
    }
  }

  private static String requireText(String s, String what) {
    Objects.requireNonNull(s, what);
    if (s.isBlank()) {
      throw new IllegalArgumentException("The " + what + " cannot be blank.");
    }
    return s.strip();
  }
}
