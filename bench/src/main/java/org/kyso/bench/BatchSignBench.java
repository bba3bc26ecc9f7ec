package org.kyso.bench;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.kyso.pdf.internal.fast.FastPadesSigner;
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
 * another folder. Scores are per document ({@link OperationsPerInvocation}); one invocation signs the whole batch.
 * With {@code -p batch=1000} the full 1,000-document batch runs (slow for DSS on 2 cores).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class BatchSignBench {
  static final int BATCH = 200;

  private Fixtures fixtures;
  private DssPlain dss;
  private FastPadesSigner fast;
  private List<Path> inputs;
  private Path outDss;
  private Path outKyso;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path dir = Fixtures.dir();
    fixtures = Fixtures.create(dir.resolve("keys"));
    dss = new DssPlain(fixtures.dssToken, fixtures.dssKey);
    fast = FastPadesSigner.builder(fixtures.kysoKey).build();
    inputs = Inputs.copies(Inputs.pdf50k(dir), dir.resolve("batch-in"), BATCH);
    outDss = Files.createDirectories(dir.resolve("batch-out-dss"));
    outKyso = Files.createDirectories(dir.resolve("batch-out-kyso"));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fixtures.close();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void dss() throws Exception {
    for (Path in : inputs) {
      DSSDocument signed = dss.signPades(new FileDocument(in.toFile()));
      signed.save(outDss.resolve(in.getFileName()).toString());
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void kyso() throws Exception {
    for (Path in : inputs) {
      fast.sign(in, outKyso.resolve(in.getFileName()));
    }
  }
}
