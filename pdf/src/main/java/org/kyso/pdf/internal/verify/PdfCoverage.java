package org.kyso.pdf.internal.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kyso.core.internal.verify.Messages;
import org.kyso.core.verify.Finding;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.SignatureResult;

/**
 * What a PDF signature's /ByteRange leaves uncovered, in words, and a report entry for a signed field that DSS
 * could not turn into a signature (a non-standard /ByteRange, an empty or unreadable /Contents). Works on the byte
 * range numbers and the file's bytes only.
 */
public final class PdfCoverage {
  private PdfCoverage() {}

  /**
   * For a signature DSS validated: an error when its signed range ends inside a revision rather than at a
   * {@code %%EOF} (with its end of line), naming the bytes of that revision left uncovered.
   */
  public static Optional<Finding> midRevision(FileTail.Source src, long end) throws IOException {
    long len = src.length();
    if (end <= 0 || end >= len || endsRevision(src, end)) {
      return Optional.empty();
    }
    long next = nextRevisionEnd(src, end);
    return Optional.of(Messages.finding(Finding.Kind.ERROR, "error.byteRangeMidRevision", Long.toString(end),
        Long.toString((next < 0 ? len : next) - end)));
  }

  /** The report entry for a signed field that DSS did not list. */
  public static SignatureResult unlisted(PdfFieldInventory.Field f, FileTail.Source src) throws IOException {
    long len = src.length();
    List<Finding> findings = new ArrayList<>();
    Indication indication;
    String sub;
    List<Long> br = f.byteRange();
    String shown = br.toString().replace(",", "");
    findings.add(Messages.finding(Finding.Kind.ERROR, "error.signatureNotValidated", f.name()));
    long reach = 0;
    for (int i = 0; i + 1 < br.size(); i += 2) {
      reach = Math.max(reach, br.get(i) + br.get(i + 1));
    }
    boolean wellFormed = br.size() == 4 && br.get(0) == 0 && br.get(1) > 0 && br.get(2) >= br.get(1)
        && br.get(3) >= 0;
    if (f.contentsLength() <= 0 || f.contentsAllZero()) {
      findings.add(Messages.finding(Finding.Kind.ERROR, "error.contentsEmpty"));
      indication = Indication.TOTAL_FAILED;
      sub = "FORMAT_FAILURE";
    } else if (br.isEmpty()) {
      findings.add(Messages.finding(Finding.Kind.ERROR, "error.byteRangeMissing"));
      indication = Indication.TOTAL_FAILED;
      sub = "FORMAT_FAILURE";
    } else if (reach > len || br.stream().anyMatch(x -> x < 0)) {
      findings.add(Messages.finding(Finding.Kind.ERROR, "error.byteRangeBeyondEof", shown, Long.toString(reach),
          Long.toString(len)));
      indication = Indication.TOTAL_FAILED;
      sub = "FORMAT_FAILURE";
    } else if (!wellFormed) {
      long covered = 0;
      for (int i = 0; i + 1 < br.size(); i += 2) {
        covered += br.get(i + 1);
      }
      findings.add(Messages.finding(Finding.Kind.ERROR, "error.byteRangeNonStandard", shown,
          Long.toString(covered), Long.toString(len), Long.toString(Math.max(0, len - covered))));
      indication = Indication.INDETERMINATE;
      sub = "SIG_CONSTRAINTS_FAILURE";
    } else {
      findings.add(Messages.finding(Finding.Kind.ERROR, "error.contentsUnreadable"));
      indication = Indication.TOTAL_FAILED;
      sub = "FORMAT_FAILURE";
    }
    boolean whole = br.size() == 4 && br.get(0) == 0 && br.get(2) + br.get(3) == len;
    String level = "DocTimeStamp".equals(f.type()) ? "DOCUMENT-TIMESTAMP" : "UNKNOWN";
    return SignatureResult.of("FIELD-" + f.name(), indication, Optional.of(sub), level, "?", "", Optional.empty(),
        Optional.empty(), List.of(), whole, findings);
  }

  /** The report entry for a signature whose algorithm ({@code algorithm}) this Java runtime cannot compute. */
  public static SignatureResult algorithmNotSupported(PdfFieldInventory.Field f, FileTail.Source src,
      String algorithm) throws IOException {
    long len = src.length();
    List<Long> br = f.byteRange();
    boolean whole = br.size() == 4 && br.get(0) == 0 && br.get(2) + br.get(3) == len;
    // checked with BouncyCastle where it can (Ed448 with SHAKE256): intact or broken is then known
    Optional<CmsIntegrity.Outcome> bc = CmsIntegrity.check(f, src);
    if (bc.isPresent()) {
      var cert = bc.get().signer();
      String subject = cert.getSubjectX500Principal().getName();
      String cn = subject.replaceAll("(?s).*?(?:^|,)CN=([^,]*).*", "$1");
      return bc.get().intact()
          ? SignatureResult.of("FIELD-" + f.name(), Indication.INDETERMINATE,
              Optional.of("CRYPTO_CONSTRAINTS_FAILURE"), "UNKNOWN", cn, subject, Optional.empty(), Optional.empty(),
              List.of(), whole, List.of(Messages.finding(Finding.Kind.ERROR, "error.intactChainNotChecked",
                  algorithm)))
          : SignatureResult.of("FIELD-" + f.name(), Indication.TOTAL_FAILED, Optional.of("SIG_CRYPTO_FAILURE"),
              "UNKNOWN", cn, subject, Optional.empty(), Optional.empty(), List.of(), whole,
              List.of(Messages.finding(Finding.Kind.ERROR, "error.notIntactChecked", algorithm)));
    }
    return SignatureResult.of("FIELD-" + f.name(), Indication.INDETERMINATE, Optional.of("CRYPTO_CONSTRAINTS_FAILURE"),
        "UNKNOWN", "?", "", Optional.empty(), Optional.empty(), List.of(), whole,
        List.of(Messages.finding(Finding.Kind.ERROR, "error.algorithmNotSupported", algorithm)));
  }

  /** True when the bytes just before {@code end} are {@code %%EOF}, optionally followed by an end of line. */
  static boolean endsRevision(FileTail.Source src, long end) throws IOException {
    int n = (int) Math.min(end, 7);
    byte[] b = new byte[n];
    int got = src.read(end - n, b, n);
    String s = new String(b, 0, got, StandardCharsets.ISO_8859_1);
    s = s.replaceAll("[\\r\\n]{1,2}$", "");
    return s.endsWith("%%EOF");
  }

  private static long nextRevisionEnd(FileTail.Source src, long from) throws IOException {
    List<Long> eofs = FileTail.eofPositions(src, from, src.length());
    return eofs.isEmpty() ? -1 : eofs.get(0) + 5;
  }
}
