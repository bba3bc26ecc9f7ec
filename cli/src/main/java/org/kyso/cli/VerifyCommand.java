package org.kyso.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.Timestamps;
import org.kyso.xml.XmlVerifier;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.kyso.core.KysoException;
import org.kyso.core.TrustAnchors;
import org.kyso.core.verify.ReportFormats;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verdict;
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

  @Option(names = "--max-size", paramLabel = "MB", description = "Largest file verified, in MiB (default 100); larger files are refused.")
  Long maxSizeMb;

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
    Verifier.Builder vb = Verifier.builder().trust(anchors).offline(offline);
    if (maxSizeMb != null) {
      if (maxSizeMb < 1) {
        throw new UsageException("--max-size takes a number of MiB, at least 1.");
      }
      vb.maxFileSize(maxSizeMb << 20);
    }
    Verifier verifier = vb.build();
    if (format.equals("etsi")) {
      // DSS's ETSI TS 119 102-2 report of the one file; the exit code follows kyso's verdict as for text and json
      Path f = files.get(0);
      String etsi = verifier.etsiValidationReport(f);
      var out = spec.commandLine().getOut();
      out.print(etsi.endsWith("\n") ? etsi : etsi + "\n");
      out.flush();
      VerificationReport r = Files.isRegularFile(f) && XmlVerifier.looksLikeXml(f)
          ? XmlVerifier.builder().trust(anchors).offline(offline).detachedContentsFromFolder(true).build()
              .verify(f, detachedContents())
          : verifier.verify(f);
      return r.verdict().exitCode();
    }
    Map<String, byte[]> detached = detachedContents();
    List<VerificationReport> reports = new ArrayList<>();
    int inputError = 0;
    for (Path f : files) {
      try {
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".tsr")) {
          if (data == null) {
            throw new UsageException("A .tsr timestamp is checked against the file it covers: add --data FILE.");
          }
          reports.add(Timestamps.verify(f, data, anchors).toReport(f.getFileName().toString()));
        } else if (Files.isRegularFile(f) && XmlVerifier.looksLikeXml(f)) {
          // XmlVerifier judges plain XMLDSig (e-invoices, edXML) by what it can be, and reads the detached
          // contents and edXML attachments a signature names from the folder of the file when not given
          reports.add(XmlVerifier.builder().trust(anchors).offline(offline).detachedContentsFromFolder(true)
              .build().verify(f, detached));
        } else {
          long limit = maxSizeMb == null ? Verifier.DEFAULT_MAX_FILE_SIZE : maxSizeMb << 20;
          long size = sizeOf(f);
          if (size > limit) {
            throw new DocumentException(String.format(Locale.ROOT, "The file %s is %.1f MiB, larger than the %d MiB"
                + " kyso verifies; give --max-size with a larger number of MiB if it is expected to be this large.",
                f.getFileName(), size / 1048576.0, limit >> 20));
          }
          reports.add(verifier.verify(f));
        }
      } catch (KysoException e) {
        int code = ExitCodes.of(e);
        spec.commandLine().getErr().println("kyso: " + e.getMessage());
        if (root.debug()) {
          e.printStackTrace(spec.commandLine().getErr());
        }
        inputError = inputError == 0 ? code : Math.min(inputError, code);
      }
    }
    var out = spec.commandLine().getOut();
    if (!reports.isEmpty()) {
      out.print(format.equals("json") ? ReportFormats.json(reports) : ReportFormats.text(reports, Locale.forLanguageTag(lang)));
      out.flush();
    }
    if (inputError != 0) {
      return inputError;
    }
    Verdict worst = Verdict.TOTAL_PASSED;
    if (reports.isEmpty()) {
      return ExitCodes.DATA;
    }
    for (VerificationReport r : reports) {
      worst = worst.worse(r.verdict());
    }
    return worst.exitCode();
  }

  /** The size of a regular file, or -1 (the verifier then words what is wrong with the path). */
  private static long sizeOf(Path f) {
    try {
      return Files.isRegularFile(f) ? Files.size(f) : -1;
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  private Map<String, byte[]> detachedContents() throws KysoException {
    Map<String, byte[]> m = new LinkedHashMap<>();
    try {
      if (data != null) {
        m.put(data.getFileName().toString(), Files.readAllBytes(data));
      }
      for (String a : attachments) {
        int eq = a.indexOf('=');
        if (eq <= 0 || eq == a.length() - 1) {
          throw new UsageException("--attachment takes CID=FILE, e.g. --attachment doc1=quyet-dinh.pdf.");
        }
        m.put(a.substring(0, eq), Files.readAllBytes(Path.of(a.substring(eq + 1))));
      }
    } catch (java.io.IOException e) {
      throw new FileAccessException("A file given by --data or --attachment does not exist or cannot be read.", e);
    }
    return m;
  }
}
