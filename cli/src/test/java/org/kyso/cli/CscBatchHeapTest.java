package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.KeySelector;
import org.kyso.core.PinSource;
import org.kyso.core.SigningKey;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.ExternalTools;
import org.kyso.core.testing.TestPki;
import org.kyso.token.pkcs12.Pkcs12Token;
import org.kyso.token.testing.CscTestServer;

/**
 * Issue 18: a CSC batch of 1,000 files stays under a fixed heap. {@code kyso sign batch} runs in its own JVM with
 * {@code -Xmx256m} over 1,000 PDFs of 300 KB each (300 MB, more than the heap: the batch it replaces read every file
 * into memory first) against the loopback CSC server; every file is signed under one authorisation, a sample
 * verifies in kyso (DSS) and pdfsig.
 */
class CscBatchHeapTest {
  private static final int FILES = 1000;
  private static final int KIB = 300;

  @TempDir Path dir;

  @Test
  void aThousandFileCscBatchSignsInA256MiBHeap() throws Exception {
    try (TestPki pki = TestPki.start()) {
      DevPki.Identity an = pki.pki().person("Nguyễn Văn An");
      Path p12 = TestPki.writeP12(an, dir.resolve("an.p12"), "pw");
      try (Pkcs12Token token = Pkcs12Token.open(p12, PinSource.of("pw".toCharArray()));
          SigningKey backing = token.key(KeySelector.any());
          CscTestServer server = new CscTestServer().oauth("kyso-heap-test", "h3ap-S3cret")
              .credential("an", backing, CscTestServer.Auth.PIN)) {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path out = dir.resolve("out");
        byte[] pdf = pdfOf(KIB << 10);
        for (int i = 0; i < FILES; i++) {
          Files.write(in.resolve(String.format("cv-%04d.pdf", i)), pdf);
        }
        Map<String, String> env = new HashMap<>(KysoProcess.bareEnvironment());
        env.put("HOME", Files.createDirectories(dir.resolve("home")).toString());
        env.put("KYSO_CSC_PIN", server.pin());
        env.put("KYSO_CSC_SECRET", "h3ap-S3cret");
        KysoProcess kyso = new KysoProcess(dir.resolve("launcher"));
        int authorizeBefore = server.count("credentials/authorize");

        KysoProcess.Result r = KysoProcess.run(kyso.javaJar(env, List.of("-Xmx256m"), "sign", "batch",
            in.toString(), "-o", out.toString(), "--key", server.spec("an"), "--pin-env", "KYSO_CSC_PIN",
            "--csc-secret-env", "KYSO_CSC_SECRET"), 1800);

        assertThat(r.exitCode()).as(r.outText() + r.errText()).isZero();
        assertThat(r.errText()).doesNotContain("OutOfMemoryError");
        assertThat(r.outText()).contains("signed 1000 of 1000 files");
        assertThat(server.count("credentials/authorize") - authorizeBefore).as("one authorisation").isEqualTo(1);
        List<Path> signed;
        try (Stream<Path> s = Files.list(out)) {
          signed = s.sorted().toList();
        }
        assertThat(signed).hasSize(FILES);
        Path root = pki.writeRootPem(dir);
        List<Path> sample = List.of(signed.get(0), signed.get(499), signed.get(FILES - 1));
        for (Path p : sample) {
          assertThat(Files.size(p)).isGreaterThan((long) KIB << 10);
          StringWriter o = new StringWriter();
          StringWriter e = new StringWriter();
          int code = Kyso.run(new String[] {"verify", p.toString(), "--trust", root.toString()},
              new PrintWriter(o), new PrintWriter(e), Map.of());
          assertThat(code).as(o + "\n" + e).isZero();
        }
        Path pdfsig = ExternalTools.require("pdfsig", "poppler-utils");
        ExternalTools.Result ps = ExternalTools.run(List.of(pdfsig.toString(), signed.get(FILES - 1).toString()));
        // pdfsig exits 0 even for a broken signature: its words are the verdict (the root is not in its store)
        assertThat(ps.all()).as(ps.all()).contains("Signature is Valid.").contains("Total document signed");
      }
    }
  }

  /** A one-page PDF of about {@code bytes}: incompressible metadata bytes make up the size. */
  static byte[] pdfOf(int bytes) throws Exception {
    byte[] filler = new byte[bytes];
    new Random(18).nextBytes(filler);
    try (PDDocument doc = new PDDocument()) {
      doc.addPage(new PDPage());
      doc.getDocumentCatalog().setMetadata(new PDMetadata(doc, new ByteArrayInputStream(filler)));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out, CompressParameters.NO_COMPRESSION);
      return out.toByteArray();
    }
  }
}
