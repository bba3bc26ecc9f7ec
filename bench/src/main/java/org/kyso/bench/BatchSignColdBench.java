package org.kyso.bench;

import eu.europa.esig.dss.model.FileDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.kyso.pdf.PdfBatch;
import org.kyso.pdf.PdfSigner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The batch as a clerk runs it: 1,000 × 50 KB PDFs signed folder to folder in a <em>fresh</em> JVM, once per fork
 * (no warm-up: the just-in-time compiler's work during the batch is part of the batch, as it is for each run of
 * {@code kyso sign batch}). Key loading and input generation are set-up, not measured; the first use of the
 * signing libraries is measured. Scores are per document. Complements {@link BatchSignBench}, which measures the
 * same work in a JVM already warmed up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(5)
public class BatchSignColdBench {
  private Fixtures fixtures;
  private List<Path> inputs;
  private Path out;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path dir = Fixtures.dir();
    fixtures = Fixtures.create(dir.resolve("keys"));
    inputs = Inputs.copies(Inputs.pdf50k(dir), dir.resolve("batch-in"), BatchSignBench.BATCH);
    out = Files.createDirectories(dir.resolve("batch-cold-" + ProcessHandle.current().pid()));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    fixtures.close();
    BatchSignBench.deleteTree(out);
  }

  /** Plain DSS, one document after the other (services built once, as in {@link DssPlain}). */
  @Benchmark
  @OperationsPerInvocation(BatchSignBench.BATCH)
  public void dss() throws Exception {
    DssPlain dss = new DssPlain(fixtures.dssToken, fixtures.dssKey);
    for (Path in : inputs) {
      dss.signPades(new FileDocument(in.toFile())).save(out.resolve(in.getFileName()).toString());
    }
  }

  /** kyso, one document after the other on one thread. */
  @Benchmark
  @OperationsPerInvocation(BatchSignBench.BATCH)
  public void kyso() throws Exception {
    PdfSigner signer = PdfSigner.builder(fixtures.kysoKey).build();
    for (Path in : inputs) {
      signer.sign(in, out.resolve(in.getFileName()));
    }
  }

  /** {@code kyso sign batch --jobs 1}: {@link PdfBatch} with one key thread. */
  @Benchmark
  @OperationsPerInvocation(BatchSignBench.BATCH)
  public void kysoPipeline() throws Exception {
    PdfBatch batch = PdfBatch.builder(PdfSigner.builder(fixtures.kysoKey).build()).jobs(1).build();
    List<PdfBatch.Task> tasks = new ArrayList<>(inputs.size());
    for (Path in : inputs) {
      tasks.add(new PdfBatch.Task(in, out.resolve(in.getFileName())));
    }
    for (PdfBatch.Outcome o : batch.sign(tasks)) {
      if (!o.signed()) {
        throw new IllegalStateException(o.error());
      }
    }
  }
}
