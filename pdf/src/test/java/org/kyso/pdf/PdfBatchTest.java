package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.validation.reports.Reports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.KeySelector;
import org.kyso.core.KysoException;
import org.kyso.core.PinSource;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;
import org.kyso.core.TokenException;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.internal.ForwardingKey;
import org.kyso.core.testing.TestPki;
import org.kyso.pdf.testing.Judges;
import org.kyso.token.pkcs12.Pkcs12Token;

/** {@link PdfBatch}: the pipeline signs every file as a single call would, and keeps failures to their file. */
class PdfBatchTest {
  static TestPki pki;
  static Pkcs12Token token;
  static SigningKey key;
  static X509Certificate root;

  @TempDir Path dir;

  @BeforeAll
  static void keys(@TempDir Path keys) throws Exception {
    pki = TestPki.start();
    DevPki.Identity an = pki.pki().person("Nguyễn Văn An");
    Path p12 = TestPki.writeP12(an, keys.resolve("an.p12"), "pw");
    token = Pkcs12Token.open(p12, PinSource.of("pw".toCharArray()));
    key = token.key(KeySelector.any());
    root = pki.pki().root().certificate();
  }

  @AfterAll
  static void close() {
    key.close();
    token.close();
    pki.close();
  }

  static Path pdf(Path file, int pages, boolean compressed) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (int i = 0; i < pages; i++) {
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.beginText();
          cs.setFont(font, 12);
          cs.newLineAtOffset(72, 760);
          cs.showText(file.getFileName() + ", trang " + (i + 1));
          cs.endText();
        }
      }
      doc.save(file.toFile(), compressed ? CompressParameters.DEFAULT_COMPRESSION
          : CompressParameters.NO_COMPRESSION);
    }
    return file;
  }

  /** A PDF of about {@code mib} MiB: one page with an image of random pixels (which does not compress). */
  static Path bigPdf(Path file, int mib) throws IOException {
    int side = (int) Math.sqrt(mib * (1 << 20) / 3.0) + 1;
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(side, side,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    Random r = new Random(7);
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        img.setRGB(x, y, r.nextInt());
      }
    }
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage(PDRectangle.A4);
      doc.addPage(page);
      PDImageXObject x = LosslessFactory.createFromImage(doc, img);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        cs.drawImage(x, 50, 300, 400, 400);
      }
      doc.save(file.toFile());
    }
    return file;
  }

  private List<PdfBatch.Task> tasks(Path in, Path out, int n) throws IOException {
    Files.createDirectories(in);
    Files.createDirectories(out);
    List<PdfBatch.Task> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path f = pdf(in.resolve(String.format("%03d.pdf", i)), 1 + i % 3, i % 2 == 0);
      tasks.add(new PdfBatch.Task(f, out.resolve(f.getFileName())));
    }
    return tasks;
  }

  @Test
  void signsEveryFileInOrderSoThatDssPdfsigAndQpdfAccept() throws Exception {
    for (int jobs : new int[] {1, 3}) {
      List<PdfBatch.Task> tasks = tasks(dir.resolve("in-" + jobs), dir.resolve("out-" + jobs), 24);
      List<PdfBatch.Outcome> seen = new CopyOnWriteArrayList<>();
      PdfBatch batch = PdfBatch.builder(PdfSigner.builder(key).reason("Ban hành").build()).jobs(jobs)
          .listener(seen::add).build();

      List<PdfBatch.Outcome> outcomes = batch.sign(tasks);

      assertThat(outcomes).extracting(PdfBatch.Outcome::task).containsExactlyElementsOf(tasks);
      assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());
      assertThat(seen).as("the listener hears of every task once").containsExactlyInAnyOrderElementsOf(outcomes);
      for (PdfBatch.Task t : tasks) {
        byte[] signed = Files.readAllBytes(t.out());
        assertThat(signed).startsWith(Files.readAllBytes(t.in()));
        Reports r = Judges.assertDssPasses(signed, root, 1);
        assertThat(r.getSimpleReport().getSignatureFormat(r.getSimpleReport().getFirstSignatureId()))
            .isEqualTo(SignatureLevel.PAdES_BASELINE_B);
      }
      // two independent judges: pdfsig on every output, qpdf on a few
      for (PdfBatch.Task t : tasks) {
        Judges.assertPdfsigPasses(t.out(), root, 1);
      }
      for (int i : new int[] {0, 1, 23}) {
        Judges.assertQpdfClean(tasks.get(i).out());
      }
      assertThat(leftovers(dir.resolve("out-" + jobs))).isEmpty();
    }
  }

  @Test
  void aBadFileFailsAloneAndLeavesNothing() throws Exception {
    Path in = dir.resolve("in");
    Path out = dir.resolve("out");
    List<PdfBatch.Task> tasks = new ArrayList<>(tasks(in, out, 4));
    Path notPdf = Files.writeString(in.resolve("letter.pdf"), "this is a letter, not a PDF");
    tasks.add(1, new PdfBatch.Task(notPdf, out.resolve("letter.pdf")));
    tasks.add(3, new PdfBatch.Task(in.resolve("missing.pdf"), out.resolve("missing.pdf")));
    tasks.add(new PdfBatch.Task(tasks.get(0).in(), dir.resolve("no-such-folder").resolve("x.pdf")));

    List<PdfBatch.Outcome> outcomes = PdfBatch.builder(PdfSigner.builder(key).build()).build().sign(tasks);

    assertThat(outcomes.get(1).error()).isInstanceOf(DocumentException.class);
    assertThat(outcomes.get(3).error()).isInstanceOf(FileAccessException.class)
        .hasMessageContaining("does not exist");
    assertThat(outcomes.get(6).error()).isInstanceOf(FileAccessException.class);
    assertThat(outcomes).filteredOn(PdfBatch.Outcome::signed).hasSize(4);
    for (PdfBatch.Outcome o : outcomes) {
      if (o.signed()) {
        Judges.assertDssPasses(Files.readAllBytes(o.task().out()), root, 1);
      } else {
        assertThat(o.task().out()).doesNotExist();
      }
    }
    assertThat(leftovers(out)).isEmpty();
  }

  @Test
  void settingsOutsideTheFastPathAndLargeFilesAreSignedWhole() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Path out = Files.createDirectories(dir.resolve("out"));
    List<PdfBatch.Task> tasks = List.of(
        new PdfBatch.Task(pdf(in.resolve("a.pdf"), 2, false), out.resolve("a.pdf")),
        new PdfBatch.Task(bigPdf(in.resolve("big.pdf"), PdfBatch.PIPELINED_MAX_MIB + 1), out.resolve("big.pdf")),
        new PdfBatch.Task(pdf(in.resolve("b.pdf"), 1, true), out.resolve("b.pdf")));
    assertThat(Files.size(tasks.get(1).in())).isGreaterThan((long) PdfBatch.PIPELINED_MAX_MIB << 20);

    // invisible B-B: the large file skips the pipeline
    assertThat(PdfBatch.builder(PdfSigner.builder(key).build()).build().sign(tasks))
        .allSatisfy(o -> assertThat(o.error()).isNull());
    for (PdfBatch.Task t : tasks) {
      Judges.assertDssPasses(Files.readAllBytes(t.out()), root, 1);
    }

    // a visible signature is not the fast path's: every file is signed by the general signer
    PdfSigner visible = PdfSigner.builder(key)
        .appearance(Appearance.text("Ký bởi: Nguyễn Văn An").at(Placement.rectMm(1, 110, 250, 80, 15))).build();
    assertThat(visible.fastSigner()).isNull();
    List<PdfBatch.Task> again = tasks.stream()
        .map(t -> new PdfBatch.Task(t.in(), out.resolve("visible-" + t.out().getFileName()))).toList();
    assertThat(PdfBatch.builder(visible).jobs(2).build().sign(again))
        .allSatisfy(o -> assertThat(o.error()).isNull());
    for (PdfBatch.Task t : again) {
      Judges.assertDssPasses(Files.readAllBytes(t.out()), root, 1);
    }
  }

  /**
   * A key that stops working for good (a PIN locked, a token pulled out: here a real PKCS#12 key made to refuse
   * after five signatures) stops the batch: nothing more is sent to it, and the rest carry its exception.
   */
  @Test
  void aKeyThatRefusesEverythingStopsTheBatch() throws Exception {
    List<PdfBatch.Task> tasks = tasks(dir.resolve("in"), dir.resolve("out"), 40);
    AtomicInteger attempts = new AtomicInteger();
    SigningKey failing = failingKey(attempts,
        call -> call > 5 ? new TokenException(TokenException.Reason.TOKEN_ABSENT, "The token was removed.") : null);

    List<PdfBatch.Outcome> outcomes = PdfBatch.builder(PdfSigner.builder(failing).build()).jobs(2).build()
        .sign(tasks);

    assertThat(outcomes).hasSize(40);
    // two key threads: the five documents signed are among the first seven handed out
    assertThat(outcomes).filteredOn(PdfBatch.Outcome::signed).hasSize(5);
    assertThat(outcomes.subList(7, 40)).noneMatch(PdfBatch.Outcome::signed);
    assertThat(outcomes).filteredOn(o -> !o.signed()).allSatisfy(o -> {
      assertThat(o.error()).isInstanceOf(TokenException.class);
      assertThat(((TokenException) o.error()).reason()).isEqualTo(TokenException.Reason.TOKEN_ABSENT);
      assertThat(o.task().out()).doesNotExist();
    });
    // the key is asked once more at most per key thread once it has failed, not once per remaining file
    assertThat(attempts.get()).isLessThanOrEqualTo(5 + 2);
    assertThat(leftovers(dir.resolve("out"))).isEmpty();
  }

  @Test
  void aFailureOfOneSignatureDoesNotStopTheBatch() throws Exception {
    List<PdfBatch.Task> tasks = tasks(dir.resolve("in"), dir.resolve("out"), 6);
    SigningKey flaky = failingKey(new AtomicInteger(), call -> call == 2
        ? new TokenException(TokenException.Reason.FAILED, "The token answered CKR_DEVICE_ERROR.") : null);

    List<PdfBatch.Outcome> outcomes = PdfBatch.builder(PdfSigner.builder(flaky).build()).build().sign(tasks);

    assertThat(outcomes).filteredOn(o -> !o.signed()).hasSize(1)
        .allSatisfy(o -> assertThat(o.error()).hasMessageContaining("CKR_DEVICE_ERROR"));
    assertThat(outcomes).filteredOn(PdfBatch.Outcome::signed).hasSize(5);
  }

  /** Interrupted midway: the call ends with InterruptedException, the batch's threads are gone, no partial file. */
  @Test
  void anInterruptedBatchLeavesOnlyWholeSignedFiles() throws Exception {
    List<PdfBatch.Task> tasks = tasks(dir.resolve("in"), dir.resolve("out"), 30);
    // a slow key, as a USB token is: 40 ms a signature
    SigningKey slow = failingKey(new AtomicInteger(), call -> {
      try {
        Thread.sleep(40);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    });
    java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
    CountDownLatch started = new CountDownLatch(3);
    PdfBatch listening = PdfBatch.builder(PdfSigner.builder(slow).build()).jobs(2).listener(o -> started.countDown())
        .build();
    Thread caller = new Thread(() -> {
      try {
        listening.sign(tasks);
      } catch (Throwable t) {
        thrown.set(t);
      }
    });
    caller.start();
    started.await();
    caller.interrupt();
    caller.join(60_000);

    assertThat(caller.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    // the pool threads end just after the pools terminate: give them a moment
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (batchThreadsAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(batchThreadsAlive()).isFalse();
    assertThat(leftovers(dir.resolve("out"))).isEmpty();
    try (Stream<Path> written = Files.list(dir.resolve("out"))) {
      List<Path> files = written.toList();
      assertThat(files).hasSizeBetween(3, 29);
      for (Path f : files) {
        Judges.assertDssPasses(Files.readAllBytes(f), root, 1);
      }
    }
  }

  private static boolean batchThreadsAlive() {
    return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("kyso-batch-"));
  }

  /**
   * The test key, made to fail: {@code failure} gets the number of each call to the key (from 1) and returns the
   * exception that call throws, or null to sign.
   */
  private static SigningKey failingKey(AtomicInteger calls, java.util.function.IntFunction<TokenException> failure) {
    return new ForwardingKey(key) {
      @Override
      public byte[] signDigest(SignatureAlgorithm algorithm, byte[] digest) throws KysoException {
        TokenException e = failure.apply(calls.incrementAndGet());
        if (e != null) {
          throw e;
        }
        return key.signDigest(algorithm, digest);
      }

      @Override
      public void close() {} // the shared test key stays open
    };
  }

  @Test
  void aDamagedStructureIsRefusedForItsFileAloneWithTheSentenceOfASingleSignature() throws Exception {
    // the batch's one parse makes the same structure check as sign(Path, Path)
    Path in = dir.resolve("in");
    Path out = dir.resolve("out");
    List<PdfBatch.Task> tasks = new ArrayList<>(tasks(in, out, 2));
    Path loop = Files.write(in.resolve("loop.pdf"), rawPdf(List.of("<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1 /Parent 2 0 R >>"), -1));
    Path huge = Files.write(in.resolve("size.pdf"), rawPdf(List.of("<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"), 2147483649L));
    tasks.add(1, new PdfBatch.Task(loop, out.resolve("loop.pdf")));
    tasks.add(new PdfBatch.Task(huge, out.resolve("size.pdf")));
    PdfSigner signer = PdfSigner.builder(key).build();

    List<PdfBatch.Outcome> outcomes = PdfBatch.builder(signer).jobs(2).build().sign(tasks);

    for (int i : new int[] {1, 3}) {
      Exception single = org.assertj.core.api.Assertions.catchException(
          () -> signer.sign(tasks.get(i).in(), dir.resolve("single.pdf")));
      assertThat(outcomes.get(i).error()).isInstanceOf(DocumentException.class).hasMessage(single.getMessage());
      assertThat(tasks.get(i).out()).doesNotExist();
    }
    assertThat(outcomes.get(1).error()).hasMessageContaining("page tree that loops");
    assertThat(outcomes.get(3).error()).hasMessageContaining("2147483649");
    assertThat(outcomes).filteredOn(PdfBatch.Outcome::signed).hasSize(2);
    assertThat(leftovers(out)).isEmpty();
  }

  /** A one-revision PDF of these objects (numbered from 1, the first the catalog), {@code size} its /Size if positive. */
  private static byte[] rawPdf(List<String> objects, long size) {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    b.writeBytes("%PDF-1.7\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    List<Integer> offsets = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      offsets.add(b.size());
      b.writeBytes(((i + 1) + " 0 obj\n" + objects.get(i) + "\nendobj\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    int xref = b.size();
    StringBuilder x = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
    for (int o : offsets) {
      x.append(String.format("%010d 00000 n \n", o));
    }
    x.append("trailer\n<< /Size ").append(size > 0 ? size : objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n")
        .append(xref).append("\n%%EOF\n");
    b.writeBytes(x.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    return b.toByteArray();
  }

  private static List<Path> leftovers(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
    }
  }
}
