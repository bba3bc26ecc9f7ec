package org.kyso.pdf;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalDouble;
import javax.imageio.ImageIO;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;

/**
 * A PNG picture drawn in a signature: a person's handwritten signature or an organisation's seal. The PNG is
 * checked when the value is made (it must be a PNG that decodes), and whether it is transparent is recorded, since
 * Decree 30 wants transparent images for signatures and seals.
 *
 * <p>Its printed size is its "real size": the physical size recorded in the PNG ({@code pHYs} chunk) when present,
 * otherwise what the profile chooses; {@link #widthMm(double)} sets it explicitly. Immutable.
 */
public final class SignatureImage {
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private final byte[] png;
  private final int pixelWidth;
  private final int pixelHeight;
  private final boolean transparent;
  private final Double widthMm;

  private SignatureImage(byte[] png, int pixelWidth, int pixelHeight, boolean transparent, Double widthMm) {
    this.png = png;
    this.pixelWidth = pixelWidth;
    this.pixelHeight = pixelHeight;
    this.transparent = transparent;
    this.widthMm = widthMm;
  }

  /**
   * A PNG image from bytes.
   *
   * @throws DocumentException if the bytes are not a PNG image that can be decoded
   */
  public static SignatureImage png(byte[] png) throws DocumentException {
    return parse(Objects.requireNonNull(png, "png").clone(), "The image");
  }

  /**
   * A PNG image from a file.
   *
   * @throws FileAccessException if the file is missing or unreadable
   * @throws DocumentException if it is not a PNG image that can be decoded
   */
  public static SignatureImage png(Path file) throws KysoException {
    Objects.requireNonNull(file, "file");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new FileAccessException("The image file " + file + " does not exist.", e);
    } catch (IOException e) {
      throw new FileAccessException("The image file " + file + " cannot be read.", e);
    }
    return parse(bytes, "The image file " + file.getFileName());
  }

  private static SignatureImage parse(byte[] png, String what) throws DocumentException {
    if (png.length < PNG_MAGIC.length || !Arrays.equals(Arrays.copyOf(png, PNG_MAGIC.length), PNG_MAGIC)) {
      throw new DocumentException(what + " is not a PNG image; give the signature or seal as a PNG file.");
    }
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(png));
    } catch (IOException | RuntimeException e) {
      throw new DocumentException(what + " is a damaged PNG image that cannot be decoded.", e);
    }
    if (img == null || img.getWidth() < 1 || img.getHeight() < 1) {
      throw new DocumentException(what + " is a damaged PNG image that cannot be decoded.");
    }
    boolean transparent = img.getColorModel().hasAlpha();
    Double mm = physicalWidthMm(png, img.getWidth());
    return new SignatureImage(png, img.getWidth(), img.getHeight(), transparent, mm);
  }

  /** Reads the pHYs chunk (pixels per metre) when it is present and in metres. */
  private static Double physicalWidthMm(byte[] png, int pixels) {
    ByteBuffer b = ByteBuffer.wrap(png);
    int pos = 8;
    while (pos + 8 <= png.length) {
      int len = b.getInt(pos);
      if (len < 0 || pos + 12L + len > png.length) {
        return null;
      }
      String type = new String(png, pos + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
      if ("pHYs".equals(type) && len == 9) {
        long ppmX = b.getInt(pos + 8) & 0xffffffffL;
        int unit = png[pos + 16];
        if (unit == 1 && ppmX > 0) {
          return pixels * 1000.0 / ppmX;
        }
        return null;
      }
      if ("IDAT".equals(type) || "IEND".equals(type)) {
        return null;
      }
      pos += 12 + len;
    }
    return null;
  }

  /** The same image printed {@code mm} millimetres wide (height in proportion). */
  public SignatureImage widthMm(double mm) {
    if (!(mm > 0) || mm > 500) {
      throw new IllegalArgumentException("An image width must be between 0 and 500 mm.");
    }
    return new SignatureImage(png, pixelWidth, pixelHeight, transparent, mm);
  }

  /** The PNG bytes (a copy). */
  public byte[] bytes() {
    return png.clone();
  }

  byte[] bytesNoCopy() {
    return png;
  }

  public int pixelWidth() {
    return pixelWidth;
  }

  public int pixelHeight() {
    return pixelHeight;
  }

  /** True when the PNG has an alpha channel or a transparent colour. */
  public boolean transparent() {
    return transparent;
  }

  /** The printed width in millimetres: explicit, or from the PNG's physical size; empty when neither is known. */
  public OptionalDouble widthMm() {
    return widthMm == null ? OptionalDouble.empty() : OptionalDouble.of(widthMm);
  }

  @Override
  public String toString() {
    return "SignatureImage[PNG " + pixelWidth + "x" + pixelHeight + (transparent ? ", transparent" : ", opaque")
        + (widthMm != null ? String.format(java.util.Locale.ROOT, ", %.1f mm wide", widthMm) : "") + "]";
  }
}
