package org.kyso.bench;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.pdf.internal.fast.FastPadesSigner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * PAdES baseline B-B signing of one PDF held in memory, single-threaded: plain DSS (cookbook flow), kyso's fast
 * path, and the floor (SHA-256 of the file and one RSA-2048 signature).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SignPdfBench {
  @Param({"50k", "5m"})
  public String input;

  private Fixtures fixtures;
  private DssPlain dss;
  private byte[] pdf;
  private DSSDocument dssDoc;
  private FastPadesSigner fast;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path dir = Fixtures.dir();
    fixtures = Fixtures.create(dir.resolve("keys"));
    dss = new DssPlain(fixtures.dssToken, fixtures.dssKey);
    Path in = switch (input) {
      case "50k" -> Inputs.pdf50k(dir);
      case "5m" -> Inputs.pdf5m(dir);
      default -> throw new IllegalArgumentException(input);
    };
    pdf = Files.readAllBytes(in);
    dssDoc = new InMemoryDocument(pdf, "in.pdf");
    fast = FastPadesSigner.builder(fixtures.kysoKey).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fixtures.close();
  }

  @Benchmark
  public DSSDocument dss() {
    return dss.signPades(dssDoc);
  }

  @Benchmark
  public byte[] kyso() throws Exception {
    return fast.sign(pdf);
  }

  @Benchmark
  public byte[] floor() throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(pdf);
    return fixtures.kysoKey.signDigest(SignatureAlgorithm.RSA_SHA256, digest);
  }
}
