package org.kyso.examples;

import java.nio.file.Path;
import org.kyso.core.KysoException;
import org.kyso.core.PinSource;
import org.kyso.core.SigningKey;
import org.kyso.pdf.CopyForm;
import org.kyso.pdf.Decree30;
import org.kyso.pdf.PdfSigner;
import org.kyso.token.Keys;

/**
 * An electronic copy under Decree 30: the copying organisation signs the document with the copy form, its name and
 * the signing time (ISO 8601, +07:00) at the top right of page 1. The original signatures stay valid.
 *
 * <p>Run: {@code ElectronicCopy IN.pdf OUT.pdf ORG.p12 "SAO Y" "Văn phòng UBND thành phố Đà Nẵng"} with the
 * password in {@code KYSO_PIN}.
 */
public final class ElectronicCopy {
  private ElectronicCopy() {}

  public static void main(String[] args) throws KysoException {
    copy(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), PinSource.environment("KYSO_PIN"),
        CopyForm.parse(args[3]), args[4]);
    System.out.println("Copy: " + args[1]);
  }

  public static void copy(Path in, Path out, Path orgP12, PinSource pin, CopyForm form, String organisation)
      throws KysoException {
    try (SigningKey key = Keys.open("p12:" + orgP12, pin)) {
      PdfSigner.builder(key)
          .appearance(Decree30.copy(form, organisation))
          .reason(form.label())
          .build()
          .sign(in, out);
    }
  }
}
