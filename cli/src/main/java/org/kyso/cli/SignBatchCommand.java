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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.PreparedSignature;
import org.kyso.core.SigningKey;
import org.kyso.core.TokenException;
import org.kyso.pdf.PdfBatch;
import org.kyso.pdf.PdfSigner;
import org.kyso.token.Keys;
import org.kyso.token.csc.CscToken;
import org.kyso.xml.XmlSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kyso sign batch IN_DIR -o OUT_DIR --key K}: every PDF and XML file of a folder, one login for all.
 *
 * <p>With a local key (PKCS#12, PKCS#11) files are signed by {@code --jobs} threads over one logged-in token; PDFs
 * go through {@link PdfBatch}, which reads, digests and writes other documents while the key signs. With a remote key (CSC) the digests of all files are prepared first and sent together, so that one
 * authorisation covers the whole batch and the service gets as few signHash calls as its batch size allows.
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

  @Option(names = "--jobs", defaultValue = "1", paramLabel = "N", description = "Files signed at once (default ${DEFAULT-VALUE}).")
  int jobs;

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

  @Option(names = "--format", paramLabel = "xades|xmldsig", description = "For XML files: XAdES or plain XMLDSig.")
  String xmlFormat;

  @Option(names = "--packaging", paramLabel = "enveloped|enveloping|detached", description = "For XML files.")
  String packaging;

  @Option(names = "--reference-id", paramLabel = "ID", description = "For XML files: sign the element with this Id.")
  String referenceId;

  @Option(names = "--parent-xpath", paramLabel = "XPATH", description = "For XML files: put the signature inside this element.")
  String parentXPath;

  @Override
  public Integer call() throws Exception {
    if (jobs < 1 || jobs > 64) {
      throw new UsageException("--jobs takes a number from 1 to 64.");
    }
    String named = pdfLooks.profile.toLowerCase(Locale.ROOT);
    if (!PDF_PROFILES.contains(named) && !XML_PROFILES.contains(named)) {
      // a typo ("aproval") must not sign everything plain
      throw new UsageException("Unknown --profile '" + pdfLooks.profile + "': use approval, issuance, appendix, copy,"
          + " incoming or plain for PDF files, einvoice, edxml, tdiep, bban or plain for XML files.");
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
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (files.isEmpty()) {
      out.println("No *.pdf or *.xml file in " + inDir + ": nothing to sign.");
      return ExitCodes.OK;
    }
    try {
      Files.createDirectories(outDir);
    } catch (IOException e) {
      throw new FileAccessException("The output folder " + outDir + " cannot be created.", e);
    }
    KysoCommand root = (KysoCommand) spec.root().userObject();
    common.environment(root);
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
        failures.add(f.getFileName() + ": " + e.getMessage());
        firstFailureCode = firstFailureCode == 0 ? ExitCodes.of(e) : firstFailureCode;
      }
    }
    files = readable;
    Progress progress = new Progress(err, files.size(), System.console() != null);
    boolean finished = false;
    try (TempCleanup.Handle cleanup = TempCleanup.folder(outDir); SigningKey k = key.open(root)) {
      boolean cms = RemoteDocuments.answersWithCms(k); // no certificate before signing: no PdfSigner/XmlSigner
      var status = cms ? null : common.checkStatus(k, common.trustAnchors(), err); // one key: checked once
      PdfSigner pdf = !cms && files.stream().anyMatch(p -> type(p).equals("pdf")) ? pdfSigner(k) : null;
      XmlSigner xml = !cms && files.stream().anyMatch(p -> type(p).equals("xml")) ? xmlSigner(k) : null;
      List<Outcome> outcomes = remote(k)
          ? signTogether(k, files, pdf, xml, progress)
          : signInParallel(files, pdf, xml, progress);
      for (Outcome o : outcomes) {
        if (o.error != null) {
          if (o.error instanceof TokenException t && t.reason() != TokenException.Reason.FAILED) {
            throw t; // the token itself refuses: every other file would fail the same way
          }
          failures.add(o.file.getFileName() + ": " + o.error.getMessage());
          if (firstFailureCode == 0) {
            firstFailureCode = ExitCodes.of(o.error);
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

  /**
   * A remote signing service key: its digests go out together under one authorisation. Decided on the opened key
   * (key forms are case-insensitive: {@code CSC:https://…} is a CSC key too).
   */
  private boolean remote(SigningKey k) {
    return RemoteDocuments.isRemote(k) || Keys.tokenOf(k).map(t -> t instanceof CscToken).orElse(false)
        || key.key.regionMatches(true, 0, "csc:", 0, 4);
  }

  private PdfSigner pdfSigner(SigningKey k) throws KysoException {
    PdfAppearanceOptions looks = pdfLooks;
    String profile = looks.profile.toLowerCase(Locale.ROOT);
    if (!PDF_PROFILES.contains(profile)) {
      looks = copyWithProfile(looks, "plain");
    }
    PdfSigner.Builder b = PdfSigner.builder(k).level(common.level()).trust(common.trustAnchors())
        .appearance(looks.appearance(k.certificate()));
    common.timestamps().ifPresent(b::timestamps);
    if (pdfLooks.certification() != null) {
      b.certify(pdfLooks.certification());
    }
    if (reason != null) {
      b.reason(reason);
    }
    if (location != null) {
      b.location(location);
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

  private record Outcome(Path file, Exception error) {}

  /**
   * Local key: PDFs go through {@link PdfBatch} (reading, digesting and writing overlap with the key's work), XML
   * files through a pool of {@code --jobs} threads. Outcomes come back in the order of {@code files}.
   */
  private List<Outcome> signInParallel(List<Path> files, PdfSigner pdf, XmlSigner xml, Progress progress)
      throws InterruptedException {
    java.util.Map<Path, Outcome> byFile = new java.util.HashMap<>();
    List<PdfBatch.Task> pdfTasks = files.stream().filter(f -> type(f).equals("pdf"))
        .map(f -> new PdfBatch.Task(f, outDir.resolve(f.getFileName()))).toList();
    if (!pdfTasks.isEmpty()) {
      PdfBatch batch = PdfBatch.builder(pdf).jobs(jobs).listener(o -> {
        if (o.error() == null) {
          written.incrementAndGet();
        }
        progress.step();
      }).build();
      for (PdfBatch.Outcome o : batch.sign(pdfTasks)) {
        byFile.put(o.task().in(), new Outcome(o.task().in(), o.error()));
      }
    }
    List<Path> xmlFiles = files.stream().filter(f -> type(f).equals("xml")).toList();
    for (Outcome o : signXmlInParallel(xmlFiles, xml, progress)) {
      byFile.put(o.file(), o);
    }
    return files.stream().map(byFile::get).toList();
  }

  private List<Outcome> signXmlInParallel(List<Path> files, XmlSigner xml, Progress progress)
      throws InterruptedException {
    if (files.isEmpty()) {
      return List.of();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, files.size()));
    try {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (Path f : files) {
        futures.add(pool.submit(() -> {
          try {
            xml.sign(f, outDir.resolve(f.getFileName()));
            written.incrementAndGet();
            return new Outcome(f, null);
          } catch (Exception e) {
            return new Outcome(f, e);
          } finally {
            progress.step();
          }
        }));
      }
      List<Outcome> out = new ArrayList<>();
      for (Future<Outcome> fu : futures) {
        try {
          out.add(fu.get());
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException(e.getCause());
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Two-step signing: prepare every file, sign all digests in one go, then complete every file. */
  private List<Outcome> signTogether(SigningKey k, List<Path> files, PdfSigner pdf, XmlSigner xml, Progress progress)
      throws KysoException {
    if (k instanceof org.kyso.token.remote.RemoteKey remote) {
      // one transaction, one approval in the app, stored so that running the same command again resumes it
      List<RemoteDocuments.Job> jobs = new ArrayList<>();
      List<Outcome> out = new ArrayList<>();
      for (Path f : files) {
        boolean isPdf = type(f).equals("pdf");
        if (remote.answersWithCms()) {
          if (isPdf) {
            jobs.add(new RemoteDocuments.Job(f, outDir.resolve(f.getFileName()),
                RemoteDocuments.cmsSteps(reason, location)));
          } else {
            out.add(new Outcome(f, new UsageException("this signing service answers with CMS signatures, which fit"
                + " PDF files only")));
            progress.step();
          }
          continue;
        }
        jobs.add(new RemoteDocuments.Job(f, outDir.resolve(f.getFileName()), isPdf
            ? RemoteDocuments.steps(pdf::prepare, pdf::complete) : RemoteDocuments.steps(xml::prepare, xml::complete)));
      }
      KysoCommand root = (KysoCommand) spec.root().userObject();
      if (jobs.isEmpty()) {
        return out;
      }
      for (RemoteDocuments.Outcome o : RemoteDocuments.sign(remote, jobs, key, root, spec)) {
        out.add(new Outcome(o.in(), o.error()));
        if (o.error() == null) {
          written.incrementAndGet();
        }
        progress.step();
      }
      return out;
    }
    List<Outcome> outcomes = new ArrayList<>();
    List<Path> prepared = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    List<PreparedSignature> preps = new ArrayList<>();
    for (Path f : files) {
      try {
        byte[] content = Files.readAllBytes(f);
        PreparedSignature p = type(f).equals("pdf") ? pdf.prepare(content) : xml.prepare(content);
        prepared.add(f);
        contents.add(content);
        preps.add(p);
      } catch (IOException e) {
        outcomes.add(new Outcome(f, new FileAccessException("The file " + f + " cannot be read.", e)));
        progress.step();
      } catch (KysoException | RuntimeException e) {
        outcomes.add(new Outcome(f, e));
        progress.step();
      }
    }
    if (preps.isEmpty()) {
      return outcomes;
    }
    // one algorithm for the whole batch: the signers were built with the same key and digest
    var algorithm = preps.get(0).algorithm();
    List<byte[]> values = k.signDigests(algorithm, preps.stream().map(PreparedSignature::digest).toList());
    AtomicInteger i = new AtomicInteger();
    for (Path f : prepared) {
      int n = i.getAndIncrement();
      try {
        byte[] signed = type(f).equals("pdf") ? pdf.complete(contents.get(n), preps.get(n), values.get(n))
            : xml.complete(contents.get(n), preps.get(n), values.get(n));
        AtomicFiles.write(outDir.resolve(f.getFileName()), signed);
        written.incrementAndGet();
        outcomes.add(new Outcome(f, null));
      } catch (KysoException | RuntimeException e) {
        outcomes.add(new Outcome(f, e));
      } finally {
        progress.step();
      }
    }
    return outcomes;
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
