package org.kyso.bench;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.validation.reports.Reports;
import java.nio.file.Files;
import java.nio.file.Path;

/** Quick timing loops for profiling (not the benchmark): {@code java -cp benchmarks.jar org.kyso.bench.Probe WHAT N}. */
public final class Probe {
  public static void main(String[] args) throws Exception {
    String what = args[0];
    int n = Integer.parseInt(args[1]);
    Path dir = Fixtures.dir();
    try (Fixtures f = Fixtures.create(dir.resolve("keys"))) {
      DssPlain dss = new DssPlain(f.dssToken, f.dssKey);
      Runnable op;
      switch (what) {
        case "dss-sign-50k" -> {
          DSSDocument d = new InMemoryDocument(Files.readAllBytes(Inputs.pdf50k(dir)));
          op = () -> dss.signPades(d);
        }
        case "dss-sign-5m" -> {
          DSSDocument d = new InMemoryDocument(Files.readAllBytes(Inputs.pdf5m(dir)));
          op = () -> dss.signPades(d);
        }
        case "dss-verify-2000p" -> {
          DSSDocument d = new InMemoryDocument(Files.readAllBytes(Inputs.pdf2000p(dir)));
          DSSDocument signed = dss.signPades(d);
          var cv = DssPlain.offlineVerifier(f.pki.root().certificate());
          Reports r = DssPlain.validate(signed, cv);
          System.out.println(r.getSimpleReport().getIndication(r.getSimpleReport().getFirstSignatureId()) + " "
              + r.getSimpleReport().getSubIndication(r.getSimpleReport().getFirstSignatureId()));
          op = () -> DssPlain.validate(signed, cv);
        }
        default -> throw new IllegalArgumentException(what);
      }
      for (int i = 0; i < n; i++) {
        long t = System.nanoTime();
        op.run();
        System.out.printf("%s #%d %.1f ms%n", what, i, (System.nanoTime() - t) / 1e6);
      }
    }
  }
}
