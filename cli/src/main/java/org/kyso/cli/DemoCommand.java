package org.kyso.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import org.kyso.cli.demo.DemoImages;
import org.kyso.cli.demo.SampleLetter;
import org.kyso.core.PinSource;
import org.kyso.core.SigningKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestPki;
import org.kyso.core.verify.ReportFormats;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verdict;
import org.kyso.core.verify.Verifier;
import org.kyso.pdf.Decree30;
import org.kyso.pdf.PdfSigner;
import org.kyso.pdf.PdfVerification;
import org.kyso.pdf.SignatureImage;
import org.kyso.token.Keys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kyso demo}: the whole Decree 30 flow on built-in defaults, with nothing installed beyond Java. A throw-away
 * PKI, a sample decision of a ward People's Committee, the chairman's approval signature, the clerk's issuance
 * signature with number and date, then verification.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the sign-then-issue flow on a sample decision with a throw-away PKI, and verify it.")
final class DemoCommand implements Callable<Integer> {
  static final String PASSWORD = "demo";

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--out", defaultValue = "kyso-demo", paramLabel = "DIR", description = "Where to write the files (default ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    Files.createDirectories(out);
    // the throw-away PKI with its CRL server on 127.0.0.1 (kyso-testing), alive while the demo runs
    try (TestPki server = TestPki.start("kyso Demo")) {
      DevPki pki = server.pki();
      DevPki.Identity chairman = pki.person("Nguyễn Văn An");
      DevPki.Identity ward = pki.organisation("UBND phường Điện Biên");
      Path rootPem = out.resolve("root.pem");
      Files.writeString(rootPem, DevPki.pem(pki.root().certificate()));
      Path chairmanP12 = out.resolve("chu-tich.p12");
      Path wardP12 = out.resolve("ubnd-phuong.p12");
      DevPki.writePkcs12(chairman, "an", PASSWORD.toCharArray(), chairmanP12);
      DevPki.writePkcs12(ward, "ubnd", PASSWORD.toCharArray(), wardP12);
      Path signatureImage = out.resolve("chu-ky.png");
      Path sealImage = out.resolve("con-dau.png");
      Files.write(signatureImage, DemoImages.signature());
      Files.write(sealImage, DemoImages.seal());
      o.println("1. Demo PKI (throw-away, trusted by nobody else): root " + rootPem
          + ", keys " + chairmanP12.getFileName() + " and " + wardP12.getFileName() + " (password: " + PASSWORD + ")");

      Path letter = out.resolve("quyet-dinh.pdf");
      Files.write(letter, SampleLetter.create());
      o.println("2. Sample decision of the ward People's Committee: " + letter);

      Path approved = out.resolve("quyet-dinh.1-phe-duyet.pdf");
      try (SigningKey k = Keys.open("p12:" + chairmanP12, PinSource.of(PASSWORD.toCharArray()))) {
        PdfSigner.builder(k).appearance(Decree30.approval(SignatureImage.png(signatureImage)))
            .reason("Phê duyệt").location("Điện Biên").build().sign(letter, approved);
      }
      o.println("3. Approval signature of the chairman (Nguyễn Văn An), signature image above his name: " + approved);

      String number = "15/QĐ-UBND";
      LocalDate today = LocalDate.now(ZoneOffset.ofHours(7));
      Path issued = out.resolve("quyet-dinh.2-ban-hanh.pdf");
      try (SigningKey k = Keys.open("p12:" + wardP12, PinSource.of(PASSWORD.toCharArray()))) {
        PdfSigner.builder(k).appearance(Decree30.issuance(number, today, SignatureImage.png(sealImage)))
            .reason("Ban hành").location("Điện Biên").build().sign(approved, issued);
      }
      o.println("4. Issuance signature of the ward (seal over the signature), number " + number + " and date "
          + Decree30.dateText(today) + " stamped: " + issued);

      VerificationReport report = Verifier.builder().formats(PdfVerification.format())
          .trust(TrustAnchors.of(pki.root().certificate())).build()
          .verify(issued);
      o.println("5. Verification of " + issued.getFileName() + " with the demo root trusted: " + report.verdict());
      for (SignatureResult s : report.signatures()) {
        o.println("   - " + s.signedBy() + ": " + s.indication() + ", " + s.level()
            + (s.coversWholeDocument() ? ", covers the whole document" : ", covers the document as it was then"));
      }
      Path json = out.resolve("quyet-dinh.2-ban-hanh.verify.json");
      Files.writeString(json, ReportFormats.json(List.of(report)));
      o.println("   JSON report: " + json);
      o.println();
      o.println("Next: ./kyso verify " + issued + " --trust " + rootPem + " --lang en");
      o.println("      (the demo's CRL server is gone once the demo ends, so that check is INDETERMINATE: no revocation data)");
      o.flush();
      return report.verdict() == Verdict.TOTAL_PASSED ? ExitCodes.OK : ExitCodes.SOFTWARE;
    }
  }
}
