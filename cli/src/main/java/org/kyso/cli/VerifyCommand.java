package org.kyso.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kyso.core.FileAccessException;
import org.kyso.core.Timestamps;
import org.kyso.pdf.PdfVerification;
import org.kyso.xml.XmlVerification;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.kyso.core.KysoException;
import org.kyso.core.TrustAnchors;
import org.kyso.core.verify.ReportFormats;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code kyso verify FILE...}: every signature and timestamp, a verdict per file, exit code by the worst. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Verify every signature and timestamp in signed PDF or XML files.")
final class VerifyCommand implements Callable<Integer> {
  @ParentCommand
  KysoCommand root;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Signed PDF or XML files.")
  List<Path> files;

  @Option(names = "--trust", paramLabel = "PEM|DIR", description = "Trusted root certificates (PEM, DER or P7B file, or a folder); repeatable.")
  List<Path> trust = new ArrayList<>();

  @picocli.CommandLine.Mixin
  TrustOptions trustProfile = new TrustOptions();

  @Option(names = "--offline", description = "Use only what the documents embed: no OCSP, CRL or certificate download.")
  boolean offline;

  @Option(names = "--format", defaultValue = "text", paramLabel = "text|json|etsi",
      description = "Output format: text, json, or etsi (the ETSI TS 119 102-2 validation report XML of DSS, one file).")
  String format;

  @Option(names = "--lang", defaultValue = "vi", paramLabel = "vi|en", description = "Language of the text report.")
  String lang;

  @Option(names = "--max-size", paramLabel = "MIB", description = "Largest file verified, in MiB (default 100); larger files are refused.")
  Long maxSizeMb;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "Longest time spent on one file, in seconds (default 120); a file that takes longer is refused.")
  Long timeoutSeconds;

  @Option(names = "--password-env", paramLabel = "VAR", description = "The password of protected PDF files, from this environment variable.")
  String passwordEnv;

  @Option(names = "--password-file", paramLabel = "FILE", description = "The password of protected PDF files, from the first line of this file.")
  Path passwordFile;

  @Option(names = "--data", paramLabel = "FILE", description = "The file a .tsr timestamp or a detached XML signature covers.")
  Path data;

  @Option(names = "--attachment", paramLabel = "CID=FILE", description = "An edXML attachment the envelope's signature covers; repeatable.")
  List<String> attachments = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (!format.equals("text") && !format.equals("json") && !format.equals("etsi")) {
      throw new UsageException("--format must be text, json or etsi.");
    }
    if (format.equals("etsi") && files.size() != 1) {
      throw new UsageException("--format etsi writes the ETSI validation report of one file: give one file.");
    }
    if (!lang.equals("vi") && !lang.equals("en")) {
      throw new UsageException("--lang must be vi or en.");
    }
    TrustAnchors anchors = trustProfile.anchors(root.environment());
    for (Path p : trust) {
      anchors = anchors.plus(TrustAnchors.fromPem(p));
    }
    // one verifier composed of the two formats kyso verifies; XML with the --data/--attachment contents, and the
    // others a signature names read from the file's folder
    Map<String, byte[]> detached = detachedContents();
    Verifier.Builder vb = Verifier.builder()
        .formats(PdfVerification.format(), XmlVerification.builder().detachedContents(detached).build())
        .trust(anchors).offline(offline);
    char[] pdfPassword = PdfPasswords.read(root, passwordEnv, passwordFile);
    if (pdfPassword != null) {
      vb.password(pdfPassword);
      java.util.Arrays.fill(pdfPassword, '\0');
    }
    if (maxSizeMb != null) {
      InputFiles.checkMaxSize(maxSizeMb);
      vb.maxFileSize(maxSizeMb << 20);
    }
    if (timeoutSeconds != null) {
      if (timeoutSeconds < 1 || timeoutSeconds > 86_400) {
        throw new UsageException("--timeout takes a number of seconds from 1 to 86400.");
      }
      // a PDF with hundreds of signatures is verified in time linear in their number, which may exceed the default
      vb.timeout(java.time.Duration.ofSeconds(timeoutSeconds));
    }
    Verifier verifier = vb.build();
    if (format.equals("etsi")) {
      // DSS's ETSI TS 119 102-2 report of the one file; the exit code follows kyso's verdict as for text and json
      Path f = files.get(0);
      String etsi = verifier.etsiValidationReport(f);
      var out = spec.commandLine().getOut();
      out.print(etsi.endsWith("\n") ? etsi : etsi + "\n");
      out.flush();
      return verifier.verify(f).verdict().exitCode();
    }
    List<ReportFormats.FileResult> results = new ArrayList<>();
    int worst = ExitCodes.OK;
    for (Path f : files) {
      String shown = f.getFileName() == null ? f.toString() : f.getFileName().toString();
      try {
        InputFiles.requireFile(f, InputFiles.limitBytes(maxSizeMb));
        String name = shown.toLowerCase(Locale.ROOT);
        VerificationReport report;
        if (name.endsWith(".tsr")) {
          if (data == null) {
            throw new UsageException("A .tsr timestamp is checked against the file it covers: add --data FILE.");
          }
          report = Timestamps.verify(f, data, anchors).toReport(shown);
        } else {
          report = verifier.verify(f);
        }
        results.add(ReportFormats.FileResult.of(report));
        worst = worse(worst, report.verdict().exitCode());
      } catch (KysoException e) {
        // this file cannot be judged: it gets its entry, the others are still verified
        int code = ExitCodes.of(e);
        spec.commandLine().getErr().println("kyso: " + e.getMessage());
        if (root.debug()) {
          e.printStackTrace(spec.commandLine().getErr());
        }
        results.add(ReportFormats.FileResult.unreadable(shown, e.getMessage()));
        worst = worse(worst, code);
      }
    }
    var out = spec.commandLine().getOut();
    out.print(format.equals("json") ? ReportFormats.jsonResults(results)
        : ReportFormats.textResults(results, Locale.forLanguageTag(lang)));
    out.flush();
    return worst;
  }

  /**
   * The worse of two exit codes in CONTRACT.md's order for several files: 1 (a signature failed), 65 (a file cannot
   * be parsed), 66 (a file is missing or unreadable), 2 (cannot be confirmed), 3 (no signature), 0. Other codes
   * (a service unreachable, an internal error) rank just after 66.
   */
  static int worse(int a, int b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int rank(int code) {
    return switch (code) {
      case 0 -> 0;
      case 3 -> 1;
      case 2 -> 2;
      case 66 -> 4;
      case 65 -> 5;
      case 1 -> 6;
      default -> 3;
    };
  }

  private Map<String, byte[]> detachedContents() throws KysoException {
    Map<String, byte[]> m = new LinkedHashMap<>();
    try {
      if (data != null) {
        InputFiles.requireFile(data, InputFiles.limitBytes(maxSizeMb));
        m.put(data.getFileName().toString(), Files.readAllBytes(data));
      }
      for (String a : attachments) {
        int eq = a.indexOf('=');
        if (eq <= 0 || eq == a.length() - 1) {
          throw new UsageException("--attachment takes CID=FILE, e.g. --attachment doc1=quyet-dinh.pdf.");
        }
        Path p = Path.of(a.substring(eq + 1));
        InputFiles.requireFile(p, InputFiles.limitBytes(maxSizeMb));
        m.put(a.substring(0, eq), Files.readAllBytes(p));
      }
    } catch (java.io.IOException e) {
      throw new FileAccessException("A file given by --data or --attachment does not exist or cannot be read.", e);
    }
    return m;
  }
}
