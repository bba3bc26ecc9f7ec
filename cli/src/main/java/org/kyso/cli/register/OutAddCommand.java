package org.kyso.cli.register;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.kyso.registers.Confidentiality;
import org.kyso.registers.DocumentType;
import org.kyso.registers.OutgoingDraft;
import org.kyso.registers.OutgoingEntry;
import org.kyso.registers.Registers;
import org.kyso.registers.Series;
import org.kyso.registers.Urgency;
import org.kyso.registers.internal.view.EntryJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kyso register out add}: gives an outgoing document its number and notation.
 *
 * <p>With {@code --file} the file's SHA-256 is registered. Issuing the document in the same step (stamping the
 * number and date into the PDF, then the organisation's signature) goes through
 * {@link Registers#registerOutgoing(OutgoingDraft, Path, org.kyso.registers.IssuanceStep)} with the PDF module's
 * Decree 30 issuance appearance ({@code --issue OUT.pdf --key K --seal-image PNG}).
 */
@Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Register an outgoing document: it gets the next number of its year and series, and its notation.")
final class OutAddCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  RegisterOptions options;

  @Option(names = "--type", required = true, paramLabel = "TYPE", description = "QĐ, TB, KH, BC, TTr, ... or CV for a công văn.")
  String type;

  @Option(names = "--summary", required = true, paramLabel = "TEXT", description = "Trích yếu nội dung.")
  String summary;

  @Option(names = "--signer", paramLabel = "NAME", description = "Người ký.")
  String signer = "";

  @Option(names = "--recipients", paramLabel = "TEXT", description = "Nơi nhận.")
  String recipients = "";

  @Option(names = "--filing-unit", paramLabel = "TEXT", description = "Đơn vị, người nhận bản lưu.")
  String filingUnit = "";

  @Option(names = "--copies", paramLabel = "N", description = "Số lượng bản.")
  int copies;

  @Option(names = "--unit", paramLabel = "ABBR", description = "The drafting unit's abbreviation in the notation (05/UBND-VP).")
  String unit = "";

  @Option(names = "--series", paramLabel = "NAME", description = "administrative (default), confidential, council, normative:TYPE.")
  String series;

  @Option(names = "--urgency", paramLabel = "LEVEL", description = "khan, thuong-khan or hoa-toc.")
  String urgency;

  @Option(names = "--confidentiality", paramLabel = "LEVEL", description = "mat, toi-mat or tuyet-mat.")
  String confidentiality;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Issue date (default today); never in the future.")
  LocalDate date;

  @Option(names = "--file", paramLabel = "F", description = "The document file: its SHA-256 is registered.")
  Path file;

  @Option(names = "--issue", paramLabel = "OUT.pdf", description = "Issue --file in the same step: stamp the new number"
      + " and date into it and apply the organisation's issuance signature (Decree 30) with --key and --seal-image;"
      + " the issued file's SHA-256 is registered.")
  Path issue;

  @Option(names = "--seal-image", paramLabel = "PNG", description = "The organisation's seal (transparent PNG), for --issue.")
  Path sealImage;

  @picocli.CommandLine.Mixin
  org.kyso.cli.KeyMixin key;

  @picocli.CommandLine.Mixin
  org.kyso.cli.CommonSignOptions sign;

  @Override
  public Integer call() throws Exception {
    boolean json = options.json();
    if (copies < 0) {
      throw new org.kyso.cli.UsageException("--copies takes the number of paper copies, 0 or more.");
    }
    if (summary.isBlank()) {
      throw new org.kyso.cli.UsageException("--summary is empty; give the document's summary (trích yếu).");
    }
    OutgoingDraft.Builder b = OutgoingDraft.builder(DocumentType.parse(type), summary).signer(signer)
        .recipients(recipients).filingUnit(filingUnit).copies(copies).unitAbbreviation(unit);
    if (series != null) {
      b.series(Series.parse(series));
    }
    if (urgency != null) {
      b.urgency(Urgency.parse(urgency));
    }
    if (confidentiality != null) {
      b.confidentiality(Confidentiality.parse(confidentiality));
    }
    if (date != null) {
      b.date(date);
    }
    if (file != null) {
      org.kyso.cli.InputFiles.requireFile(file, sign.maxBytes());
    }
    if (issue != null) {
      return issueAndRegister(b);
    }
    if (file != null) {
      b.fileSha256(Registers.sha256(file));
    }
    try (Registers r = options.open(false)) {
      OutgoingEntry e = r.registerOutgoing(b.build());
      var out = spec.commandLine().getOut();
      if (json) {
        RegisterOptions.print(out, EntryJson.of(e));
      } else {
        out.println("Registered outgoing no. " + e.number() + " of " + e.year() + ": " + e.notation() + " ("
            + e.date() + ")");
      }
    }
    return 0;
  }

  /**
   * Registers and issues in one step: the issued file reaches --issue only with its entry. A bad input is found
   * before a number is reserved; if signing fails after that, the reserved number is void (journaled with the
   * reason) and nothing is written to --issue.
   */
  private int issueAndRegister(OutgoingDraft.Builder b) throws Exception {
    if (file == null || sealImage == null) {
      throw new org.kyso.cli.UsageException("--issue needs --file (the approved PDF) and --seal-image.");
    }
    var seal = org.kyso.pdf.SignatureImage.png(sealImage);
    var level = sign.level();
    var timestamps = sign.timestamps();
    var trust = sign.pdfTrustAnchors();
    try (org.kyso.cli.TempCleanup.Handle cleanup = org.kyso.cli.TempCleanup.file(issue);
         org.kyso.core.SigningKey k = key.open(spec.root().userObject()); Registers r = options.open(false)) {
      IssuanceSigner signerFor = (notation, day) -> {
        var signer = org.kyso.pdf.PdfSigner.builder(k).level(level).trust(trust)
            .appearance(org.kyso.pdf.Decree30.issuance(notation, day, seal));
        timestamps.ifPresent(signer::timestamps);
        return signer.build();
      };
      // what can be checked before a number is used is checked first (the file is a signable PDF, the number and
      // date fields are found, the certificate can sign): a bad input uses no number. The key is not used here.
      LocalDate day = date == null ? LocalDate.now(java.time.ZoneId.of("Asia/Ho_Chi_Minh")) : date;
      signerFor.apply("01/PREFLIGHT", day).prepare(java.nio.file.Files.readAllBytes(file));
      // then the number is reserved, the PDF signed outside the register's lock into a temporary file, the entry
      // committed and the file moved to --issue (Registers#registerOutgoing(draft, file, step)); a failure from
      // here on voids the reserved number (journaled with the reason)
      OutgoingEntry e = r.registerOutgoing(b.build(), issue, (reserved, out) -> {
        signerFor.apply(reserved.notation(), reserved.date()).sign(file, out);
        return org.kyso.registers.IssuedFile.of(out);
      });
      var out = spec.commandLine().getOut();
      if (options.json()) {
        RegisterOptions.print(out, EntryJson.of(e));
      } else {
        out.println("Registered and issued outgoing no. " + e.number() + " of " + e.year() + ": " + e.notation()
            + " (" + e.date() + ") -> " + issue);
      }
    }
    return 0;
  }

  /** The issuance signer for a notation and date. */
  @FunctionalInterface
  private interface IssuanceSigner {
    org.kyso.pdf.PdfSigner apply(String notation, LocalDate date) throws org.kyso.core.KysoException;
  }
}
