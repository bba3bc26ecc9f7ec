package org.kyso.bench;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.validation.reports.Reports;
import java.nio.file.Files;
import java.nio.file.Path;
import org.kyso.pdf.PdfVerification;

/** Quick timing loops for profiling (not the benchmark): {@code java -cp benchmarks.jar org.kyso.bench.Probe WHAT N}. */
public final class Probe {
  public static void main(String[] args) throws Exception {
    String what = args[0];
    int n = Integer.parseInt(args[1]);
    Path dir = Fixtures.dir();
    if (what.equals("batch-cpu")) {
      batchCpu(dir, n);
      return;
    }
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
        case "fast-sign-50k" -> {
          byte[] d = Files.readAllBytes(Inputs.pdf50k(dir));
          var s = org.kyso.pdf.internal.fast.FastPadesSigner.builder(f.kysoKey).build();
          op = () -> {
            try {
              s.sign(d);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          };
        }
        case "kyso-verify-2000p" -> {
          DSSDocument d = new InMemoryDocument(Files.readAllBytes(Inputs.pdf2000p(dir)));
          Path signedFile = dir.resolve("probe-signed-2000p.pdf");
          dss.signPades(d).save(signedFile.toString());
          var v = org.kyso.core.verify.Verifier.builder().formats(PdfVerification.format())
              .trust(org.kyso.core.TrustAnchors.of(f.pki.root().certificate())).offline(true).build();
          System.out.println(v.verify(signedFile).verdict());
          op = () -> {
            try {
              v.verify(signedFile);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          };
        }
        case "dssfile-verify-2000p" -> {
          DSSDocument d = new InMemoryDocument(Files.readAllBytes(Inputs.pdf2000p(dir)));
          Path signedFile = dir.resolve("probe-signed-2000p.pdf");
          dss.signPades(d).save(signedFile.toString());
          var cv = DssPlain.offlineVerifier(f.pki.root().certificate());
          op = () -> DssPlain.validate(new FileDocument(signedFile.toFile()), cv);
        }
        case "kyso-batch-50k", "dss-batch-50k", "fast-batch-50k" -> {
          var inputs = Inputs.copies(Inputs.pdf50k(dir), dir.resolve("batch-in"), 200);
          Path outDir = java.nio.file.Files.createDirectories(dir.resolve("probe-out"));
          var kyso = org.kyso.pdf.PdfSigner.builder(f.kysoKey).build();
          var fastSigner = org.kyso.pdf.internal.fast.FastPadesSigner.builder(f.kysoKey).build();
          int[] k = {0};
          op = () -> {
            Path in = inputs.get(k[0]++ % inputs.size());
            try {
              switch (what) {
                case "kyso-batch-50k" -> kyso.sign(in, outDir.resolve(in.getFileName()));
                case "fast-batch-50k" -> fastSigner.sign(in, outDir.resolve(in.getFileName()));
                default -> dss.signPades(new FileDocument(in.toFile())).save(outDir.resolve(in.getFileName()).toString());
              }
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          };
        }
        case "fresh-kyso", "fresh-dss", "fresh-io", "fresh-mem" -> {
          var inputs = Inputs.copies(Inputs.pdf50k(dir), dir.resolve("batch-in"), 200);
          Path outDir = java.nio.file.Files.createDirectories(dir.resolve("probe-fresh-" + System.nanoTime()));
          var kyso = org.kyso.pdf.PdfSigner.builder(f.kysoKey).build();
          byte[] mem = Files.readAllBytes(inputs.get(0));
          int[] k = {0};
          op = () -> {
            int i = k[0]++;
            Path in = inputs.get(i % inputs.size());
            Path out = outDir.resolve(i + ".pdf");
            try {
              switch (what) {
                case "fresh-kyso" -> kyso.sign(in, out);
                case "fresh-mem" -> kyso.sign(mem);
                case "fresh-io" -> {
                  byte[] b = Files.readAllBytes(in);
                  Path tmp = outDir.resolve("." + i + ".part");
                  Files.write(tmp, b, java.nio.file.StandardOpenOption.CREATE_NEW);
                  Files.move(tmp, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
                default -> dss.signPades(new FileDocument(in.toFile())).save(out.toString());
              }
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          };
        }
        case "dss-verify-file" -> {
          Path file = Path.of(System.getProperty("file"));
          var cv = DssPlain.offlineVerifier(f.pki.root().certificate());
          op = () -> {
            var simple = DssPlain.validate(new FileDocument(file.toFile()), cv).getSimpleReport();
            System.out.println(simple.getIndication(simple.getFirstSignatureId()));
          };
        }
        case "dss-xades" -> {
          DSSDocument d = new InMemoryDocument(Files.readAllBytes(Inputs.invoiceXml(dir, 50)), "invoice.xml");
          op = () -> dss.signXades(d);
        }
        case "kyso-xades" -> {
          byte[] x = Files.readAllBytes(Inputs.invoiceXml(dir, 50));
          var signer = org.kyso.xml.XmlSigner.builder(f.kysoKey).profile(org.kyso.xml.XmlProfile.PLAIN)
              .packaging(org.kyso.xml.Packaging.ENVELOPED).build();
          op = () -> {
            try {
              signer.sign(x);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          };
        }
        case "fast-nocheck-50k" -> {
          byte[] d = Files.readAllBytes(Inputs.pdf50k(dir));
          var s = org.kyso.pdf.internal.fast.FastPadesSigner.builder(f.kysoKey).checkSignatureValue(false).build();
          op = () -> {
            try {
              s.sign(d);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          };
        }
        case "fast-sign-5m" -> {
          byte[] d = Files.readAllBytes(Inputs.pdf5m(dir));
          var s = org.kyso.pdf.internal.fast.FastPadesSigner.builder(f.kysoKey).build();
          op = () -> {
            try {
              s.sign(d);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          };
        }
        case "parse-50k" -> {
          byte[] d = Files.readAllBytes(Inputs.pdf50k(dir));
          op = () -> {
            try (var doc = new org.apache.pdfbox.pdfparser.PDFParser(
                new org.apache.pdfbox.io.RandomAccessReadBuffer(d)).parse(false)) {
              doc.getPage(0).getCOSObject().getKey();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          };
        }
        case "sha-50k" -> {
          byte[] d = Files.readAllBytes(Inputs.pdf50k(dir));
          op = () -> {
            try {
              java.security.MessageDigest.getInstance("SHA-256").digest(d);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          };
        }
        case "floor-50k" -> {
          byte[] d = Files.readAllBytes(Inputs.pdf50k(dir));
          op = () -> {
            try {
              byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(d);
              f.kysoKey.signDigest(org.kyso.core.SignatureAlgorithm.RSA_SHA256, h);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          };
        }
        default -> throw new IllegalArgumentException(what);
      }
      var mx = java.lang.management.ManagementFactory.getThreadMXBean();
      boolean quiet = Boolean.getBoolean("quiet");
      var amx = (com.sun.management.ThreadMXBean) mx;
      long alloc = 0;
      long cpu = 0;
      long wall = 0;
      int counted = 0;
      for (int i = 0; i < n; i++) {
        long t = System.nanoTime();
        long c = mx.getCurrentThreadCpuTime();
        long a = amx.getCurrentThreadAllocatedBytes();
        op.run();
        long da = amx.getCurrentThreadAllocatedBytes() - a;
        long dc = mx.getCurrentThreadCpuTime() - c;
        long dt = System.nanoTime() - t;
        if (i >= n / 2) {
          cpu += dc;
          wall += dt;
          alloc += da;
          counted++;
        }
        if (!quiet) {
          System.out.printf("%s #%d %.2f ms (cpu %.2f ms)%n", what, i, dt / 1e6, dc / 1e6);
        }
      }
      System.out.printf("%s: second half mean wall %.3f ms, cpu %.3f ms, allocated %.0f KB%n", what,
          wall / 1e6 / counted, cpu / 1e6 / counted, alloc / 1024.0 / counted);
    }
  }

  /**
   * Wall time and whole-process CPU time (all threads: the pipeline's, the JIT's, the collector's) per document
   * for batches of 1,000 × 50 KB PDFs, file to file: plain DSS, kyso one file after the other, kyso's pipeline
   * with one key thread. {@code rounds} rounds, the first half ignored as warm-up.
   */
  private static void batchCpu(Path dir, int rounds) throws Exception {
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean();
    try (Fixtures f = Fixtures.create(dir.resolve("keys"))) {
      DssPlain dss = new DssPlain(f.dssToken, f.dssKey);
      var kyso = org.kyso.pdf.PdfSigner.builder(f.kysoKey).build();
      var pipeline = org.kyso.pdf.PdfBatch.builder(kyso).jobs(1).build();
      var inputs = Inputs.copies(Inputs.pdf50k(dir), dir.resolve("batch-in"), 1000);
      Path root = Files.createDirectories(dir.resolve("batch-cpu-" + System.nanoTime()));
      String[] ways = {"dss", "kyso", "kysoPipeline"};
      double[][] sums = new double[ways.length][2];
      for (int r = 0; r < rounds; r++) {
        for (int w = 0; w < ways.length; w++) {
          Path out = Files.createDirectories(root.resolve(ways[w] + "-" + r));
          long t = System.nanoTime();
          long c = os.getProcessCpuTime();
          switch (ways[w]) {
            case "dss" -> {
              for (Path in : inputs) {
                dss.signPades(new FileDocument(in.toFile())).save(out.resolve(in.getFileName()).toString());
              }
            }
            case "kyso" -> {
              for (Path in : inputs) {
                kyso.sign(in, out.resolve(in.getFileName()));
              }
            }
            default -> {
              var tasks = inputs.stream().map(in -> new org.kyso.pdf.PdfBatch.Task(in, out.resolve(in.getFileName())))
                  .toList();
              for (var o : pipeline.sign(tasks)) {
                if (!o.signed()) {
                  throw new IllegalStateException(o.error());
                }
              }
            }
          }
          double wall = (System.nanoTime() - t) / 1e6 / inputs.size();
          double cpu = (os.getProcessCpuTime() - c) / 1e6 / inputs.size();
          System.out.printf("round %d %-13s wall %.3f ms/doc, process cpu %.3f ms/doc%n", r, ways[w], wall, cpu);
          if (r >= rounds / 2) {
            sums[w][0] += wall;
            sums[w][1] += cpu;
          }
        }
      }
      int counted = rounds - rounds / 2;
      for (int w = 0; w < ways.length; w++) {
        System.out.printf("%-13s mean of the last %d rounds: wall %.3f ms/doc, process cpu %.3f ms/doc%n", ways[w],
            counted, sums[w][0] / counted, sums[w][1] / counted);
      }
    }
  }
}
