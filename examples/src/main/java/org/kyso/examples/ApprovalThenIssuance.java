package org.kyso.examples;

import java.nio.file.Path;
import java.time.LocalDate;
import org.kyso.core.KysoException;
import org.kyso.core.PinSource;
import org.kyso.core.SigningKey;
import org.kyso.pdf.Decree30;
import org.kyso.pdf.PdfSigner;
import org.kyso.pdf.SignatureImage;
import org.kyso.token.Keys;

/**
 * Decree 30's two signatures on an outgoing document: the competent person approves (signature image above their
 * name), then the clerk issues it for the organisation (seal over the left third of the signature, number and
 * date written into the places left for them after "Số:" and the place name).
 *
 * <p>Run: {@code ApprovalThenIssuance LETTER.pdf PERSON.p12 ORG.p12 SIGNATURE.png SEAL.png NUMBER DATE OUT_DIR},
 * e.g. {@code ... 15/QĐ-UBND 2025-07-01 out} (an existing folder), with the passwords in {@code KYSO_PERSON_PIN}
 * and {@code KYSO_ORG_PIN}.
 */
public final class ApprovalThenIssuance {
  private ApprovalThenIssuance() {}

  public static void main(String[] args) throws KysoException {
    Path issued = run(Path.of(args[0]), Path.of(args[1]), PinSource.environment("KYSO_PERSON_PIN"),
        Path.of(args[2]), PinSource.environment("KYSO_ORG_PIN"), Path.of(args[3]), Path.of(args[4]), args[5],
        LocalDate.parse(args[6]), Path.of(args[7]));
    System.out.println("Issued: " + issued);
  }

  /** Signs {@code letter} twice and returns the issued file ({@code OUT_DIR/issued.pdf}). */
  public static Path run(Path letter, Path personP12, PinSource personPin, Path orgP12, PinSource orgPin,
      Path signaturePng, Path sealPng, String number, LocalDate date, Path outDir) throws KysoException {
    Path approved = outDir.resolve("approved.pdf");
    Path issued = outDir.resolve("issued.pdf");
    // 1. the competent person: the signature image is placed above their name, found on the page
    try (SigningKey person = Keys.open("p12:" + personP12, personPin)) {
      PdfSigner.builder(person)
          .appearance(Decree30.approval(SignatureImage.png(signaturePng)))
          .reason("Phê duyệt")
          .build()
          .sign(letter, approved);
    }
    // 2. the clerk, for the organisation: seal, number and issue date in the same signed revision
    try (SigningKey organisation = Keys.open("p12:" + orgP12, orgPin)) {
      PdfSigner.builder(organisation)
          .appearance(Decree30.issuance(number, date, SignatureImage.png(sealPng)))
          .reason("Ban hành")
          .build()
          .sign(approved, issued);
    }
    return issued;
  }
}
