package org.kyso.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.kyso.core.DocumentSigner;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.SigningBatch;
import org.kyso.core.SigningKey;
import org.kyso.core.TokenException;
import org.kyso.pdf.PdfSigner;
import org.kyso.xml.XmlSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kyso sign batch IN_DIR -o OUT_DIR --key K}: every PDF and XML file of a folder, one login for all.
 *
 * <p>A thin caller of the library's {@link SigningBatch}: it builds one {@link PdfSigner} and one {@link XmlSigner}
 * for the options given, hands every file to the batch and prints the outcome. With a local key (PKCS#12,
 * PKCS#11) the batch works on {@code --jobs} documents at once, each on its own thread from file to file (default:
 * what the key allows), so it keeps that many processors busy; threads that only wait for the disk or a TSA come on
 * top; with a remote key (CSC, the Vietnamese services) every file is prepared, all digests go out as
 * one transaction (stored for the Vietnamese services, so that running the command again resumes it), and each
 * file is completed. Memory stays bounded in both.
 */
@Command(name = "batch", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Sign every *.pdf and *.xml of a folder into another folder, logging in once.")
final class SignBatchCommand implements Callable<Integer> {
  private static final Set<String> PDF_PROFILES = Set.copyOf(PdfAppearanceOptions.PROFILES);
  private static final Set<String> XML_PROFILES = Set.copyOf(SignXmlCommand.XmlOptions.PROFILES);

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IN_DIR")
  Path inDir;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT_DIR")
  Path outDir;

  @Option(names = "--jobs", paramLabel = "N",
      description = "Documents signed at once, each on its own thread from file to file, so also the processors kept"
          + " busy (default: what the key allows: the processors for a PKCS#12 file, the token's sessions for"
          + " PKCS#11; a remote service signs one transaction and ignores it).")
  Integer jobs;

  @Mixin
  KeyMixin key;

  @Mixin
  CommonSignOptions common;

  @Mixin
  PdfAppearanceOptions pdfLooks;

  @Option(names = "--reason", paramLabel = "TEXT")
  String reason;

  @Option(names = "--location", paramLabel = "TEXT")
  String location;

  @Option(names = "--password-env", paramLabel = "VAR",
      description = "For PDF files: the password that opens the protected ones, from this environment variable.")
  String passwordEnv;

  @Option(names = "--password-file", paramLabel = "FILE",
      description = "For PDF files: the password that opens the protected ones, from the first line of this file.")
  Path passwordFile;

  /** Read before the key opens; copied into the PDF signer, wiped when the command ends. */
  private char[] pdfPassword;

  @Option(names = "--format", paramLabel = "xades|xmldsig", description = "For XML files: XAdES or plain XMLDSig.")
  String xmlFormat;

  @Option(names = "--packaging", paramLabel = "enveloped|enveloping|detached", description = "For XML files.")
  String packaging;

  @Option(names = "--reference-id", paramLabel = "ID", description = "For XML files: sign the element with this Id.")
  String referenceId;

  @Option(names = "--parent-xpath", paramLabel = "XPATH", description = "For XML files: put the signature inside this element.")
  String parentXPath;

  @Option(names = "--timestamp-requests", paramLabel = "N",
      description = "At B-T: timestamp requests waiting for the TSA at once (1-256, default 64).")
  Integer timestampRequests;

  @Override
  public Integer call() throws Exception {
    if (jobs != null && (jobs < 1 || jobs > SigningBatch.MAX_JOBS)) {
      throw new UsageException("--jobs takes a number from 1 to 64.");
    }
    String named = pdfLooks.profile.toLowerCase(Locale.ROOT);
    if (!PDF_PROFILES.contains(named) && !XML_PROFILES.contains(named)) {
      // a typo ("aproval") must not sign everything plain
      throw new UsageException("Unknown --profile '" + pdfLooks.profile + "': use approval, issuance, appendix, copy,"
          + " incoming or plain for PDF files, einvoice, edxml, tdiep, bban or plain for XML files.");
    }
    if (timestampRequests != null
        && (timestampRequests < 1 || timestampRequests > SigningBatch.MAX_TIMESTAMP_REQUESTS)) {
      throw new UsageException("--timestamp-requests takes a number from 1 to "
          + SigningBatch.MAX_TIMESTAMP_REQUESTS + ".");
    }
    if (!Files.isDirectory(inDir)) {
      throw new FileAccessException("The input folder " + inDir + " does not exist.");
    }
    if (inDir.toAbsolutePath().normalize().equals(outDir.toAbsolutePath().normalize())) {
      throw new UsageException("The output folder must differ from the input folder, or the originals would be overwritten.");
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(inDir)) {
      files = s.filter(Files::isRegularFile).filter(p -> type(p) != null).sorted().toList();
    } catch (java.nio.file.AccessDeniedException e) {
      throw new FileAccessException("The input folder " + inDir + " cannot be read (permission denied).", e);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new FileAccessException("The input folder " + inDir + " cannot be read.", e);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (files.isEmpty()) {
      out.println("No *.pdf or *.xml file in " + inDir + ": nothing to sign.");
      return ExitCodes.OK;
    }
    try {
      Files.createDirectories(outDir);
    } catch (java.nio.file.AccessDeniedException e) {
      throw new FileAccessException("The output folder " + outDir + " cannot be created (permission denied).", e);
    } catch (IOException e) {
      throw new FileAccessException("The output folder " + outDir + " cannot be created.", e);
    }
    if (!Files.isWritable(outDir)) {
      // refused before the key is used: every file would fail the same way
      throw new FileAccessException("The output folder " + outDir + " cannot be written (permission denied).");
    }
    KysoCommand root = (KysoCommand) spec.root().userObject();
    common.environment(root);
    pdfPassword = PdfPasswords.read(root, passwordEnv, passwordFile);
    try {
      return signAll(root, files, out, err);
    } finally {
      if (pdfPassword != null) {
        java.util.Arrays.fill(pdfPassword, '\0');
      }
    }
  }

  private int signAll(KysoCommand root, List<Path> files, PrintWriter out, PrintWriter err) throws Exception {
    long start = System.nanoTime();
    int total = files.size();
    List<String> failures = new ArrayList<>();
    int firstFailureCode = 0;
    long limit = common.maxBytes();
    pdfLooks.check();
    List<Path> readable = new ArrayList<>();
    for (Path f : files) {
      try {
        InputFiles.requireFile(f, limit);
        readable.add(f);
      } catch (KysoException e) {
        failures.add(FileNames.shown(f) + ": " + FileNames.shownIn(e.getMessage(), f));
        firstFailureCode = firstFailureCode == 0 ? ExitCodes.of(e) : firstFailureCode;
      }
    }
    files = readable;
    Progress progress = new Progress(err, files.size(), System.console() != null);
    boolean finished = false;
    try (TempCleanup.Handle cleanup = TempCleanup.folder(outDir); SigningKey k = key.open(root)) {
      boolean cms = RemoteDocuments.answersWithCms(k); // no certificate before signing: no PdfSigner/XmlSigner
      var status = cms ? null : common.checkStatus(k, common.trustAnchors(), err); // one key: checked once
      DocumentSigner pdf = cms ? RemoteDocuments.cmsSigner(reason, location)
          : files.stream().anyMatch(p -> type(p).equals("pdf")) ? pdfSigner(k) : null;
      DocumentSigner xml = cms ? RemoteDocuments.pdfOnly()
          : files.stream().anyMatch(p -> type(p).equals("xml")) ? xmlSigner(k) : null;
      List<SigningBatch.Task> tasks = files.stream()
          .map(f -> new SigningBatch.Task(f, outDir.resolve(f.getFileName()), type(f).equals("pdf") ? pdf : xml))
          .toList();
      SigningBatch.Builder batch = SigningBatch.builder(k).listener(o -> {
        if (o.signed()) {
          written.incrementAndGet();
        }
        progress.step();
      });
      if (jobs != null) {
        batch.jobs(jobs);
      }
      if (timestampRequests != null) {
        batch.timestampRequests(timestampRequests);
      }
      if (k instanceof org.kyso.token.remote.RemoteKey remote) {
        // one transaction, one approval in the app, stored so that running the same command again resumes it
        batch.transaction(RemoteDocuments.transaction(remote, files, key, root, spec));
      }
      List<SigningBatch.Outcome> outcomes = batch.build().sign(tasks);
      for (SigningBatch.Outcome o : outcomes) {
        if (o.error() != null) {
          if (o.error() instanceof TokenException t && t.reason() != TokenException.Reason.FAILED) {
            throw t; // the token itself refuses: every other file would fail the same way
          }
          // a name that is not UTF-8 shown by its bytes, not as U+FFFD (FileNames)
          failures.add(FileNames.shown(o.task().in()) + ": "
              + FileNames.shownIn(FileNames.shownIn(o.error().getMessage(), o.task().in()), o.task().out()));
          if (firstFailureCode == 0) {
            firstFailureCode = ExitCodes.of(o.error());
          }
        }
      }
      if (status != null && failures.size() < outcomes.size()) {
        common.warnStatus(status, err); // something was signed without its status known
      }
      finished = true;
    } finally {
      // the count is printed on every exit: a lost token, a wrong PIN, an interrupt
      progress.done();
      for (String f : failures) {
        err.println("kyso: " + f);
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      if (finished) {
        out.printf(Locale.ROOT, "signed %d of %d files into %s (%d failed) in %.1f s%n", total - failures.size(),
            total, outDir, failures.size(), took.toMillis() / 1000.0);
      } else {
        out.printf(Locale.ROOT, "stopped: signed %d of %d files into %s in %.1f s; the others were not signed%n",
            written.get(), total, outDir, took.toMillis() / 1000.0);
      }
      out.flush();
    }
    return failures.isEmpty() ? ExitCodes.OK : firstFailureCode;
  }

  /** Files written so far by this run: the count printed when the batch stops early. */
  private final AtomicInteger written = new AtomicInteger();

  private PdfSigner pdfSigner(SigningKey k) throws KysoException {
    PdfAppearanceOptions looks = pdfLooks;
    String profile = looks.profile.toLowerCase(Locale.ROOT);
    if (!PDF_PROFILES.contains(profile)) {
      looks = copyWithProfile(looks, "plain");
    }
    PdfSigner.Builder b = PdfSigner.builder(k).level(common.level()).trust(common.trustAnchors())
        .appearance(looks.appearance(k.certificate()));
    common.timestamps().ifPresent(b::timestamps);
    b.revocationAnswers(common.revocationAnswers());
    if (pdfLooks.certification() != null) {
      b.certify(pdfLooks.certification());
    }
    if (reason != null) {
      b.reason(reason);
    }
    if (location != null) {
      b.location(location);
    }
    if (pdfPassword != null) {
      b.password(pdfPassword);
    }
    return b.build();
  }

  private XmlSigner xmlSigner(SigningKey k) throws Exception {
    SignXmlCommand.XmlOptions o = new SignXmlCommand.XmlOptions();
    String profile = pdfLooks.profile.toLowerCase(Locale.ROOT);
    o.profile = XML_PROFILES.contains(profile) ? profile : "plain";
    o.format = xmlFormat;
    o.packaging = packaging;
    o.referenceId = referenceId;
    o.parentXPath = parentXPath;
    return o.signer(k, common);
  }

  private static PdfAppearanceOptions copyWithProfile(PdfAppearanceOptions o, String profile) {
    PdfAppearanceOptions c = new PdfAppearanceOptions();
    c.profile = profile;
    c.visible = o.visible;
    c.page = o.page;
    c.rect = o.rect;
    c.anchor = o.anchor;
    c.copyForm = o.copyForm;
    c.organisation = o.organisation;
    return c;
  }

  private static String type(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".pdf") ? "pdf" : n.endsWith(".xml") ? "xml" : null;
  }

  /** A progress bar on standard error when a person watches; silent otherwise. */
  private static final class Progress {
    private final PrintWriter err;
    private final int total;
    private final boolean show;
    private final AtomicInteger done = new AtomicInteger();

    Progress(PrintWriter err, int total, boolean show) {
      this.err = err;
      this.total = total;
      this.show = show;
    }

    void step() {
      int d = done.incrementAndGet();
      if (show) {
        int width = 30;
        int filled = (int) ((long) d * width / total);
        synchronized (err) {
          err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + d + "/" + total);
          err.flush();
        }
      }
    }

    void done() {
      if (show && done.get() > 0) {
        err.println();
        err.flush();
      }
    }
  }
}
