package org.kyso.cli.register;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.kyso.core.DocumentException;
import org.kyso.core.TrustAnchors;
import org.kyso.core.verify.Verdict;
import org.kyso.core.verify.Verifier;
import org.kyso.pdf.PdfVerification;
import org.kyso.registers.Confidentiality;
import org.kyso.registers.DocumentType;
import org.kyso.registers.IncomingDraft;
import org.kyso.registers.IncomingEntry;
import org.kyso.registers.Registers;
import org.kyso.registers.Series;
import org.kyso.registers.Urgency;
import org.kyso.registers.internal.view.EntryJson;
import org.kyso.xml.XmlVerification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kyso register in add}: verifies a received document's signatures and registers it with the verdict and
 * the file's SHA-256.
 */
@Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Register a received document: verifies its signatures, records the verdict, gives the arrival number.")
final class InAddCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  RegisterOptions options;

  @Option(names = "--file", required = true, paramLabel = "F", description = "The received file (PDF or XML).")
  Path file;

  @Option(names = "--author", required = true, paramLabel = "ORG", description = "Tác giả: the issuing organisation.")
  String author;

  @Option(names = "--code", required = true, paramLabel = "NOTATION", description = "Its number and notation, e.g. 15/QĐ-UBND.")
  String code;

  @Option(names = "--summary", required = true, paramLabel = "TEXT", description = "Trích yếu nội dung.")
  String summary;

  @Option(names = "--doc-date", paramLabel = "YYYY-MM-DD", description = "The document's date.")
  LocalDate docDate;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Arrival date (default today); never in the future.")
  LocalDate arrival;

  @Option(names = "--type", paramLabel = "TYPE", description = "The type (default: read from the notation).")
  String type;

  @Option(names = "--receiver", paramLabel = "TEXT", description = "Đơn vị hoặc người nhận.")
  String receiver = "";

  @Option(names = "--due", paramLabel = "YYYY-MM-DD", description = "Hạn giải quyết.")
  LocalDate due;

  @Option(names = "--series", paramLabel = "NAME", description = "administrative (default), confidential, council.")
  String series;

  @Option(names = "--urgency", paramLabel = "LEVEL", description = "khan, thuong-khan or hoa-toc.")
  String urgency;

  @Option(names = "--confidentiality", paramLabel = "LEVEL", description = "mat, toi-mat or tuyet-mat.")
  String confidentiality;

  @Option(names = "--trust", paramLabel = "PEM|DIR", description = "Trusted root certificates for the verification; repeatable.")
  List<Path> trust = new ArrayList<>();

  @Option(names = "--offline", description = "Verify with what the document embeds only (no OCSP, CRL or download).")
  boolean offline;

  @Option(names = "--max-size", paramLabel = "MIB", description = "Largest file registered, in MiB (default 100).")
  Long maxSizeMb;

  @Override
  public Integer call() throws Exception {
    boolean json = options.json();
    org.kyso.cli.InputFiles.requireFile(file, org.kyso.cli.InputFiles.limitBytes(maxSizeMb));
    IncomingDraft.Builder b = IncomingDraft.builder(author, code, summary).receiver(receiver);
    if (docDate != null) {
      b.documentDate(docDate);
    }
    if (arrival != null) {
      b.arrivalDate(arrival);
    }
    if (type != null) {
      b.type(DocumentType.parse(type));
    }
    if (due != null) {
      b.dueDate(due);
    }
    if (series != null) {
      b.series(Series.parse(series));
    }
    if (urgency != null) {
      b.urgency(Urgency.parse(urgency));
    }
    if (confidentiality != null) {
      b.confidentiality(Confidentiality.parse(confidentiality));
    }
    b.fileSha256(Registers.sha256(file));
    verdict().ifPresent(b::verdict);
    try (Registers r = options.open(false)) {
      IncomingEntry e = r.registerIncoming(b.build());
      var out = spec.commandLine().getOut();
      if (json) {
        RegisterOptions.print(out, EntryJson.of(e));
      } else {
        out.println("Registered incoming no. " + e.number() + " of " + e.year() + " (" + e.arrivalDate() + "): "
            + e.notation() + " from " + e.author() + ", signatures: " + e.verdict().map(Enum::name).orElse("UNKNOWN"));
      }
    }
    return 0;
  }

  /** The verdict on the file's signatures, or empty (with a warning) when kyso cannot read its format. */
  private java.util.Optional<Verdict> verdict() throws Exception {
    TrustAnchors anchors = TrustAnchors.none();
    for (Path p : trust) {
      anchors = anchors.plus(TrustAnchors.fromPem(p));
    }
    try {
      return java.util.Optional.of(Verifier.builder().formats(PdfVerification.format()
          , XmlVerification.format()).trust(anchors).offline(offline)
          .maxFileSize(org.kyso.cli.InputFiles.limitBytes(maxSizeMb)).build().verify(file).verdict());
    } catch (DocumentException e) {
      spec.commandLine().getErr().println("kyso: warning: the signatures of " + file.getFileName()
          + " could not be checked (" + e.getMessage() + "); it is registered with the verdict UNKNOWN.");
      spec.commandLine().getErr().flush();
      return java.util.Optional.empty();
    }
  }
}
