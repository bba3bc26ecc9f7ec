package org.kyso.bench;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.kyso.pdf.PdfSigner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Batch signing, file to file, single-threaded: a folder of {@value #BATCH} copies of the 50 KB PDF signed into
 * another folder, by plain DSS (file document in, {@code save} out) and by kyso's {@link PdfSigner}; and the same
 * 1,000 documents held in memory ({@code ...InMemory}), which leaves out the file system's cost (the same for both).
 * Scores are per document ({@link OperationsPerInvocation}); one invocation signs the whole batch of 1,000.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BatchSignBench {
  static final int BATCH = 1000;

  private Fixtures fixtures;
  private DssPlain dss;
  private PdfSigner kyso;
  private org.kyso.pdf.PdfBatch pipeline;
  private ExecutorService pool;
  private List<Path> inputs;
  private List<byte[]> contents;
  private Path root;
  private int run;
  private Path outDss;
  private Path outKyso;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path dir = Fixtures.dir();
    fixtures = Fixtures.create(dir.resolve("keys"));
    dss = new DssPlain(fixtures.dssToken, fixtures.dssKey);
    kyso = PdfSigner.builder(fixtures.kysoKey).build();
    pipeline = org.kyso.pdf.PdfBatch.builder(kyso).jobs(1).build();
    pool = Executors.newFixedThreadPool(2);
    inputs = Inputs.copies(Inputs.pdf50k(dir), dir.resolve("batch-in"), BATCH);
    contents = new java.util.ArrayList<>();
    for (Path p : inputs) {
      contents.add(Files.readAllBytes(p));
    }
    root = dir.resolve("batch-out");
    deleteTree(root);
    Files.createDirectories(root);
  }

  /**
   * Every run writes into new, empty folders, as a real batch does: replacing existing files (or deleting them
   * between runs) makes the file system do work that a batch into an empty folder does not (ext4 flushes a file
   * renamed over another). The folders are removed at the end of the trial.
   */
  @Setup(Level.Invocation)
  public void freshOutputs() throws Exception {
    run++;
    outDss = Files.createDirectories(root.resolve("dss-" + run));
    outKyso = Files.createDirectories(root.resolve("kyso-" + run));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    pool.shutdown();
    fixtures.close();
    deleteTree(root);
  }

  /** Deletes a folder and everything in it, if it exists. */
  static void deleteTree(Path p) throws java.io.IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var walk = Files.walk(p)) {
      for (Path f : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.delete(f);
      }
    }
  }

  /** The batch held in memory: 1,000 documents as bytes, each signed into bytes (no file system). */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void dssInMemory(org.openjdk.jmh.infra.Blackhole bh) {
    for (byte[] pdf : contents) {
      bh.consume(dss.signPades(new eu.europa.esig.dss.model.InMemoryDocument(pdf)));
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void kysoInMemory(org.openjdk.jmh.infra.Blackhole bh) throws Exception {
    for (byte[] pdf : contents) {
      bh.consume(kyso.sign(pdf));
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void dss() throws Exception {
    for (Path in : inputs) {
      DSSDocument signed = dss.signPades(new FileDocument(in.toFile()));
      signed.save(outDss.resolve(in.getFileName()).toString());
    }
  }

  /** What {@code kyso sign batch} does with {@code --jobs 1}: one signer, file after file. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void kyso() throws Exception {
    for (Path in : inputs) {
      kyso.sign(in, outKyso.resolve(in.getFileName()));
    }
  }

  /**
   * What {@code kyso sign batch} does with {@code --jobs 1}: {@link org.kyso.pdf.PdfBatch}, one thread using the
   * key while the calling thread reads and digests the next documents and a writer thread writes the signed ones.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void kysoPipeline() throws Exception {
    List<org.kyso.pdf.PdfBatch.Task> tasks = new java.util.ArrayList<>(inputs.size());
    for (Path in : inputs) {
      tasks.add(new org.kyso.pdf.PdfBatch.Task(in, outKyso.resolve(in.getFileName())));
    }
    for (org.kyso.pdf.PdfBatch.Outcome o : pipeline.sign(tasks)) {
      if (!o.signed()) {
        throw new IllegalStateException(o.error());
      }
    }
  }

  /** Two threads sharing one signer and key ({@code --jobs 2}); not single-threaded, shown for reference. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void kysoJobs2() throws Exception {
    List<Future<?>> done = new java.util.ArrayList<>();
    for (Path in : inputs) {
      done.add(pool.submit(() -> {
        kyso.sign(in, outKyso.resolve(in.getFileName()));
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
  }
}
