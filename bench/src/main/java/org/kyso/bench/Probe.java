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
          var v = org.kyso.core.verify.Verifier.builder()
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
}
