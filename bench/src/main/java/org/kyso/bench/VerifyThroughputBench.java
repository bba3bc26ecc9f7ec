package org.kyso.bench;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.kyso.core.TrustAnchors;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verifier;
import org.kyso.pdf.PdfVerification;
import org.kyso.xml.XmlVerification;
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
 * Throughput of one shared {@link Verifier} (composed as a server composes it: PDF and XML formats, the test root
 * trusted, offline) verifying a signed PDF from its file, by as many threads as JMH's {@code -t} gives: documents
 * per second for a clerk's upload queue. The PDF is signed PAdES B-B by plain DSS; every verification ends
 * INDETERMINATE for want of revocation data offline, after the whole document work (the same as
 * {@link VerifyPdfBench}).
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar VerifyThroughputBench -t 1
 * java -jar bench/target/benchmarks.jar VerifyThroughputBench -t 2
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class VerifyThroughputBench {
  @Param({"50k", "5m"})
  public String input;

  private Fixtures fixtures;
  private Path signed;
  private Verifier verifier;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path dir = Fixtures.dir();
    fixtures = Fixtures.create(dir.resolve("keys"));
    Path in = switch (input) {
      case "50k" -> Inputs.pdf50k(dir);
      case "5m" -> Inputs.pdf5m(dir);
      case "2000p" -> Inputs.pdf2000p(dir);
      default -> throw new IllegalArgumentException(input);
    };
    signed = dir.resolve("signed-tp-" + input + ".pdf");
    DSSDocument doc = new DssPlain(fixtures.dssToken, fixtures.dssKey)
        .signPades(new InMemoryDocument(Files.readAllBytes(in)));
    doc.save(signed.toString());
    verifier = Verifier.builder().formats(PdfVerification.format(), XmlVerification.format())
        .trust(TrustAnchors.of(fixtures.pki.root().certificate())).offline(true).build();
    VerificationReport first = verifier.verify(signed);
    if (first.signatures().size() != 1) {
      throw new IllegalStateException("expected one signature, got " + first.signatures().size());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fixtures.close();
  }

  @Benchmark
  public VerificationReport verify() throws Exception {
    return verifier.verify(signed);
  }
}
