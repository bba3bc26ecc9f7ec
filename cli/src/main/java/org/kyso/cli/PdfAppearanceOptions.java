package org.kyso.cli;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.kyso.core.KysoException;
import org.kyso.core.internal.SignerCertificates;
import org.kyso.pdf.Appearance;
import org.kyso.pdf.CopyForm;
import org.kyso.pdf.Decree30;
import org.kyso.pdf.Placement;
import org.kyso.pdf.SignatureImage;
import picocli.CommandLine.Option;

/** How a PDF signature looks: the Decree 30 profile, its images, number and date, and where it goes. */
public final class PdfAppearanceOptions {
  @Option(names = "--profile", defaultValue = "plain", paramLabel = "PROFILE",
      description = "approval, issuance, appendix, copy, incoming or plain (default).")
  String profile;

  @Option(names = "--visible", description = "For the plain profile: show a box with the signer and the time.")
  boolean visible;

  @Option(names = "--page", paramLabel = "N", description = "Page of the signature (1 = first).")
  Integer page;

  @Option(names = "--rect", paramLabel = "X,Y,W,H", description = "Rectangle in points: X and Y of its top left corner, measured from the page's top left corner.")
  String rect;

  @Option(names = "--anchor", paramLabel = "TEXT", description = "Place the signature next to this text on the page.")
  String anchor;

  @Option(names = "--signature-image", paramLabel = "PNG", description = "The person's signature image (approval).")
  Path signatureImage;

  @Option(names = "--seal-image", paramLabel = "PNG", description = "The organisation's seal image (issuance).")
  Path sealImage;

  @Option(names = "--number", paramLabel = "TEXT", description = "Number and notation, e.g. \"15/QĐ-UBND\" (issuance, appendix) or the incoming number.")
  String number;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Issue date (issuance) or arrival date (incoming); today by default.")
  String date;

  @Option(names = "--copy-form", paramLabel = "FORM", defaultValue = "SAO Y", description = "SAO Y, TRÍCH SAO or SAO LỤC (copy profile).")
  String copyForm;

  @Option(names = "--organisation", paramLabel = "NAME", description = "Organisation name shown by the copy and incoming profiles; by default the signing certificate's.")
  String organisation;

  @Option(names = "--number-rect", paramLabel = "[PAGE:]X,Y,W,H", description = "Issuance: where the number is written, in points, X and Y of its top left corner from the page's top left (page 1 unless PAGE: is given); by default the blank after \"Số:\".")
  String numberRect;

  @Option(names = "--date-rect", paramLabel = "[PAGE:]X,Y,W,H", description = "Issuance: where the issue date is written, in points, X and Y of its top left corner from the page's top left (page 1 unless PAGE: is given); by default the blanks of \"ngày … tháng … năm …\".")
  String dateRect;

  @Option(names = "--certify", paramLabel = "LEVEL", description = "Certify the document with this signature (the first one only): form-filling (later form filling and signatures allowed, DocMDP 2), annotations (DocMDP 3) or no-changes (DocMDP 1: nothing may be added, not even a signature).")
  String certify;

  /** The certification level asked for, or null. */
  org.kyso.pdf.CertificationLevel certification() {
    if (certify == null) {
      return null;
    }
    return switch (certify.toLowerCase(java.util.Locale.ROOT)) {
      case "form-filling" -> org.kyso.pdf.CertificationLevel.FORM_FILLING;
      case "annotations" -> org.kyso.pdf.CertificationLevel.ANNOTATIONS;
      case "no-changes" -> org.kyso.pdf.CertificationLevel.NO_CHANGES;
      default -> throw new UsageException("Unknown --certify '" + certify
          + "': use form-filling, annotations or no-changes.");
    };
  }

  /** The PDF profiles, as {@code --profile} names them. */
  static final java.util.List<String> PROFILES = java.util.List.of("approval", "issuance", "appendix", "copy",
      "incoming", "plain");

  /** Refuses a --profile that names no PDF profile (a typo such as "aproval"), before any key is opened. */
  void checkProfile() {
    if (!PROFILES.contains(profile.toLowerCase(java.util.Locale.ROOT))) {
      throw new UsageException("Unknown --profile '" + profile + "': use " + String.join(", ", PROFILES) + ".");
    }
  }

  /** Checks the options that need no key (a wrong --date, or one the profile ignores), before any PIN is asked. */
  void check() {
    String p = profile.toLowerCase(java.util.Locale.ROOT);
    if (number != null && number.isBlank()) {
      throw new UsageException("--number is empty; give the document's number, e.g. 15/QĐ-UBND.");
    }
    if (date != null) {
      date(); // a wrong date is an error with every profile, never silently ignored
      if (!p.equals("issuance") && !p.equals("incoming")) {
        throw new UsageException("--date is the issue date (--profile issuance) or the arrival date (--profile "
            + "incoming); the " + p + " profile shows no date.");
      }
    }
    certification();
    if ((numberRect != null || dateRect != null) && !p.equals("issuance")) {
      throw new UsageException("--number-rect and --date-rect go with --profile issuance.");
    }
    if (numberRect != null) {
      rect(numberRect, "--number-rect");
    }
    if (dateRect != null) {
      rect(dateRect, "--date-rect");
    }
  }

  /** The appearance these options describe for a signer with this certificate. */
  Appearance appearance(X509Certificate signer) throws KysoException {
    check();
    Appearance a = switch (profile.toLowerCase(java.util.Locale.ROOT)) {
      case "plain" -> visible || rect != null || anchor != null ? Appearance.signerInfo() : Appearance.invisible();
      case "approval" -> Decree30.approval(SignatureImage.png(image(signatureImage, "--signature-image")));
      case "issuance" -> Decree30.issuance(require(number, "--number"), date(),
          SignatureImage.png(image(sealImage, "--seal-image")));
      case "appendix" -> Decree30.appendix(require(number, "--number"));
      case "copy" -> Decree30.copy(copyForm(), organisation(signer));
      case "incoming" -> Decree30.incoming(require(number, "--number"), date(), organisation(signer));
      default -> throw new UsageException("Unknown --profile '" + profile
          + "': use approval, issuance, appendix, copy, incoming or plain.");
    };
    if ((numberRect != null || dateRect != null) && !"issuance".equalsIgnoreCase(profile)) {
      throw new UsageException("--number-rect and --date-rect go with --profile issuance.");
    }
    if (numberRect != null) {
      a = a.numberAt(rect(numberRect, "--number-rect"));
    }
    if (dateRect != null) {
      a = a.dateAt(rect(dateRect, "--date-rect"));
    }
    Placement p = placement();
    if (p != null) {
      if (!a.visible()) {
        throw new UsageException("An invisible signature has no place: add --visible or choose a profile.");
      }
      a = a.at(p);
    }
    return a;
  }

  /** "[PAGE:]X,Y,W,H" as a placement. */
  private static Placement rect(String value, String option) {
    int pg = 1;
    String v = value.trim();
    int colon = v.indexOf(':');
    try {
      if (colon > 0) {
        pg = Integer.parseInt(v.substring(0, colon).trim());
        v = v.substring(colon + 1);
      }
      String[] parts = v.split(",");
      if (parts.length != 4 || pg < 1) {
        throw new NumberFormatException();
      }
      double[] n = new double[4];
      for (int i = 0; i < 4; i++) {
        n[i] = Double.parseDouble(parts[i].trim());
        if (!Double.isFinite(n[i])) {
          throw new NumberFormatException();
        }
      }
      return Placement.rect(pg, n[0], n[1], n[2], n[3]);
    } catch (NumberFormatException e) {
      throw new UsageException(option + " takes [PAGE:]X,Y,W,H in points, e.g. 1:120,700,110,16.");
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + ": " + e.getMessage());
    }
  }

  private Placement placement() {
    if (rect != null && anchor != null) {
      throw new UsageException("Give either --rect or --anchor, not both.");
    }
    if (rect != null) {
      String[] parts = rect.split(",");
      if (parts.length != 4) {
        throw new UsageException("--rect takes X,Y,W,H in points, e.g. 350,100,180,60.");
      }
      try {
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
          v[i] = Double.parseDouble(parts[i].trim());
          if (!Double.isFinite(v[i])) {
            throw new NumberFormatException();
          }
        }
        return Placement.rect(page == null ? 1 : page, v[0], v[1], v[2], v[3]);
      } catch (NumberFormatException e) {
        throw new UsageException("--rect takes four numbers X,Y,W,H in points, e.g. 350,100,180,60.");
      } catch (IllegalArgumentException e) {
        throw new UsageException("--rect: " + e.getMessage());
      }
    }
    if (anchor != null) {
      Placement p = "approval".equalsIgnoreCase(profile) ? Placement.above(anchor) : Placement.rightOf(anchor);
      return page == null ? p : p.onPage(page);
    }
    if (page != null) {
      throw new UsageException("--page goes with --rect or --anchor.");
    }
    return null;
  }

  private LocalDate date() {
    if (date == null) {
      return LocalDate.now(ZoneOffset.ofHours(7));
    }
    return Dates.parse(date, "--date");
  }

  private CopyForm copyForm() {
    try {
      return CopyForm.parse(copyForm);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--copy-form takes SAO Y, TRÍCH SAO or SAO LỤC.");
    }
  }

  private String organisation(X509Certificate signer) {
    if (organisation != null) {
      return organisation;
    }
    return SignerCertificates.commonName(signer);
  }

  /** An image option's file: a regular file of at most 20 MiB. */
  private static Path image(Path file, String option) throws KysoException {
    return InputFiles.requireOptionFile(require(file, option), option, 20 << 20);
  }

  private static <T> T require(T value, String option) {
    if (value == null) {
      throw new UsageException("This profile needs " + option + ".");
    }
    return value;
  }
}
