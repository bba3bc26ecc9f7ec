package org.kyso.pdf;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a signature looks like on the page, and where it goes. An immutable value: the generic forms are made here
 * ({@link #invisible()}, {@link #text(String)}, {@link #signerInfo()}), the Decree 30 profiles by {@link Decree30}.
 * {@link #at(Placement)} moves any visible appearance; without it, each profile has its own default place.
 *
 * <p>All text is drawn with an embedded serif font that covers Vietnamese (Liberation Serif, bundled, or the font
 * given to {@link PdfSigner.Builder#font}), as real Unicode text that can be searched and copied.
 */
public final class Appearance {
  /** The kind of appearance. */
  public enum Profile {
    /** No visible mark: the signature is only in the document's structure. */
    INVISIBLE,
    /** A box with a given text. */
    TEXT,
    /** A box with the signer's name and the signing time (and the reason and location when set). */
    SIGNER_INFO,
    /** Decree 30 approval by the competent person: the signature image. */
    APPROVAL,
    /** Decree 30 issuance by the organisation: the seal over the approval, plus the number and date stamped. */
    ISSUANCE,
    /** Decree 30 organisation signature on an appendix in a separate file: number and time, top right. */
    APPENDIX,
    /** Decree 30 electronic copy: copy form, organisation and time, top right. */
    COPY,
    /** The "ĐẾN" stamp of a received document: incoming number and date. */
    INCOMING
  }

  private static final Appearance INVISIBLE = new Builder(Profile.INVISIBLE).build();

  private final Profile profile;
  private final Placement placement;
  private final SignatureImage image;
  private final String text;
  private final String number;
  private final LocalDate date;
  private final CopyForm copyForm;
  private final String organisation;
  private final Placement numberAt;
  private final Placement dateAt;
  private final Double fontSize;

  private Appearance(Builder b) {
    this.profile = b.profile;
    this.placement = b.placement;
    this.image = b.image;
    this.text = b.text;
    this.number = b.number;
    this.date = b.date;
    this.copyForm = b.copyForm;
    this.organisation = b.organisation;
    this.numberAt = b.numberAt;
    this.dateAt = b.dateAt;
    this.fontSize = b.fontSize;
  }

  /** An invisible signature (the default). */
  public static Appearance invisible() {
    return INVISIBLE;
  }

  /**
   * A visible box with this text (lines separated by {@code \n}), serif 10 pt. Placed at the bottom right of the
   * last page unless {@link #at} says otherwise.
   */
  public static Appearance text(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("The signature text cannot be blank.");
    }
    Builder b = new Builder(Profile.TEXT);
    b.text = text.strip();
    return b.build();
  }

  /**
   * A visible box saying who signed and when: "Ký bởi: {certificate common name}", "Thời gian ký: {ISO 8601 time
   * at +07:00}", then the reason and location when they are set. Bottom right of the last page by default.
   */
  public static Appearance signerInfo() {
    return new Builder(Profile.SIGNER_INFO).build();
  }

  static Builder builder(Profile profile) {
    return new Builder(profile);
  }

  /** The same appearance at another place. */
  public Appearance at(Placement placement) {
    Objects.requireNonNull(placement, "placement");
    if (profile == Profile.INVISIBLE) {
      throw new IllegalStateException("An invisible signature has no place on the page.");
    }
    Builder b = toBuilder();
    b.placement = placement;
    return b.build();
  }

  /** The same appearance with another font size for its text, in points. */
  public Appearance fontSize(double points) {
    if (!(points >= 4 && points <= 72)) {
      throw new IllegalArgumentException("A font size must be between 4 and 72 points.");
    }
    Builder b = toBuilder();
    b.fontSize = points;
    return b.build();
  }

  /**
   * For {@link Profile#ISSUANCE}: where the number and notation is written (default: just after the first "Số:" on
   * page 1).
   */
  public Appearance numberAt(Placement placement) {
    requireIssuance("numberAt");
    Builder b = toBuilder();
    b.numberAt = Objects.requireNonNull(placement, "placement");
    return b.build();
  }

  /**
   * For {@link Profile#ISSUANCE}: where the issue date is written (default: just after the first line of page 1
   * that ends with a comma, the place name as in "Đà Nẵng,").
   */
  public Appearance dateAt(Placement placement) {
    requireIssuance("dateAt");
    Builder b = toBuilder();
    b.dateAt = Objects.requireNonNull(placement, "placement");
    return b.build();
  }

  private void requireIssuance(String what) {
    if (profile != Profile.ISSUANCE) {
      throw new IllegalStateException(what + "() applies to the issuance profile only.");
    }
  }

  public Profile profile() {
    return profile;
  }

  public boolean visible() {
    return profile != Profile.INVISIBLE;
  }

  /** The explicit placement; empty when the profile's default place is used. */
  public Optional<Placement> placement() {
    return Optional.ofNullable(placement);
  }

  /** The signature image (approval) or seal image (issuance). */
  public Optional<SignatureImage> image() {
    return Optional.ofNullable(image);
  }

  /** The text of a {@link Profile#TEXT} appearance. */
  public Optional<String> text() {
    return Optional.ofNullable(text);
  }

  /** The number and notation (issuance, appendix) or the incoming number. */
  public Optional<String> number() {
    return Optional.ofNullable(number);
  }

  /** The issue date (issuance) or the arrival date (incoming). */
  public Optional<LocalDate> date() {
    return Optional.ofNullable(date);
  }

  public Optional<CopyForm> copyForm() {
    return Optional.ofNullable(copyForm);
  }

  /** The organisation named in a copy or an incoming stamp. */
  public Optional<String> organisation() {
    return Optional.ofNullable(organisation);
  }

  /** Where the issuance number goes, when set explicitly. */
  public Optional<Placement> numberPlacement() {
    return Optional.ofNullable(numberAt);
  }

  /** Where the issuance date goes, when set explicitly. */
  public Optional<Placement> datePlacement() {
    return Optional.ofNullable(dateAt);
  }

  /** The font size when set explicitly. */
  public OptionalDouble fontSizePoints() {
    return fontSize == null ? OptionalDouble.empty() : OptionalDouble.of(fontSize);
  }

  private Builder toBuilder() {
    Builder b = new Builder(profile);
    b.placement = placement;
    b.image = image;
    b.text = text;
    b.number = number;
    b.date = date;
    b.copyForm = copyForm;
    b.organisation = organisation;
    b.numberAt = numberAt;
    b.dateAt = dateAt;
    b.fontSize = fontSize;
    return b;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Appearance[").append(profile);
    if (number != null) {
      s.append(", number=").append(number);
    }
    if (date != null) {
      s.append(", date=").append(date);
    }
    if (copyForm != null) {
      s.append(", ").append(copyForm.label());
    }
    if (image != null) {
      s.append(", ").append(image);
    }
    if (placement != null) {
      s.append(", ").append(placement);
    }
    return s.append(']').toString();
  }

  /** Package-private assembly, used by {@link Decree30}. */
  static final class Builder {
    private final Profile profile;
    private Placement placement;
    SignatureImage image;
    String text;
    String number;
    LocalDate date;
    CopyForm copyForm;
    String organisation;
    private Placement numberAt;
    private Placement dateAt;
    private Double fontSize;

    Builder(Profile profile) {
      this.profile = profile;
    }

    Appearance build() {
      return new Appearance(this);
    }
  }
}
