package org.kyso.bench;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.spi.validation.CertificateVerifier;
import eu.europa.esig.dss.validation.reports.Reports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.kyso.core.TrustAnchors;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verifier;
import org.kyso.pdf.PdfVerification;
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
 * Validation of a PDF signed with plain DSS (PAdES B-B), from its file, offline, the test root trusted: plain DSS's
 * {@code SignedDocumentValidator} with the default policy, and kyso's {@link Verifier} (DSS underneath, with
 * kyso's report and checks, and its fast PDF path). Both come out INDETERMINATE (no revocation data offline) and
 * do the same validation work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class VerifyPdfBench {
  @Param({"2000p", "50k"})
  public String input;

  private Fixtures fixtures;
  private Path signed;
  private CertificateVerifier dssVerifier;
  private Verifier kyso;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path dir = Fixtures.dir();
    fixtures = Fixtures.create(dir.resolve("keys"));
    Path in = switch (input) {
      case "2000p" -> Inputs.pdf2000p(dir);
      case "50k" -> Inputs.pdf50k(dir);
      default -> throw new IllegalArgumentException(input);
    };
    signed = dir.resolve("signed-" + input + ".pdf");
    DSSDocument doc = new DssPlain(fixtures.dssToken, fixtures.dssKey)
        .signPades(new InMemoryDocument(Files.readAllBytes(in)));
    doc.save(signed.toString());
    dssVerifier = DssPlain.offlineVerifier(fixtures.pki.root().certificate());
    kyso = Verifier.builder().formats(PdfVerification.format())
        .trust(TrustAnchors.of(fixtures.pki.root().certificate())).offline(true).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fixtures.close();
  }

  @Benchmark
  public Reports dss() {
    return DssPlain.validate(new FileDocument(signed.toFile()), dssVerifier);
  }

  @Benchmark
  public VerificationReport kyso() throws Exception {
    return kyso.verify(signed);
  }
}
