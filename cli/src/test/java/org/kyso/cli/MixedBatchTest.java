package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.DocumentSigner;
import org.kyso.core.KeySelector;
import org.kyso.core.PinSource;
import org.kyso.core.SigningBatch;
import org.kyso.core.SigningKey;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.ExternalTools;
import org.kyso.core.testing.MinimalPdf;
import org.kyso.core.testing.TestPki;
import org.kyso.pdf.PdfSigner;
import org.kyso.token.KeyOptions;
import org.kyso.token.Keys;
import org.kyso.token.pkcs12.Pkcs12Token;
import org.kyso.token.testing.CscTestServer;
import org.kyso.xml.XmlSigner;

/**
 * Issue 18, one batch: PDF and XML files in one library {@link SigningBatch}, with a local key (the pipeline) and
 * with a remote CSC key (one transaction); every output verifies in kyso's verifier (DSS), a PDF in pdfsig.
 */
class MixedBatchTest {
  static TestPki pki;
  static Pkcs12Token token;
  static SigningKey key;
  static Path root;

  @TempDir Path dir;

  @BeforeAll
  static void start(@TempDir Path keys) throws Exception {
    pki = TestPki.start();
    DevPki.Identity an = pki.pki().person("Nguyễn Văn An");
    token = Pkcs12Token.open(TestPki.writeP12(an, keys.resolve("an.p12"), "pw"), PinSource.of("pw".toCharArray()));
    key = token.key(KeySelector.any());
    root = pki.writeRootPem(keys);
  }

  @AfterAll
  static void stop() {
    key.close();
    token.close();
    pki.close();
  }

  private List<SigningBatch.Task> tasks(Path in, Path out, DocumentSigner pdf, DocumentSigner xml) throws Exception {
    Files.createDirectories(in);
    Files.createDirectories(out);
    List<SigningBatch.Task> tasks = new ArrayList<>();
    for (int i = 0; i < 14; i++) {
      boolean isPdf = i % 3 != 2;
      Path f = in.resolve(String.format("vb-%02d.%s", i, isPdf ? "pdf" : "xml"));
      if (isPdf) {
        Files.write(f, MinimalPdf.bytes());
      } else {
        Files.writeString(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><hoSo Id=\"hs" + i + "\"><so>" + i
            + "/UBND</so><trichYeu>Về việc số " + i + "</trichYeu></hoSo>", StandardCharsets.UTF_8);
      }
      tasks.add(new SigningBatch.Task(f, out.resolve(f.getFileName()), isPdf ? pdf : xml));
    }
    return tasks;
  }

  private void assertEverythingVerifies(List<SigningBatch.Task> tasks, List<SigningBatch.Outcome> outcomes) {
    assertThat(outcomes).hasSize(tasks.size());
    for (int i = 0; i < tasks.size(); i++) {
      assertThat(outcomes.get(i).task()).isSameAs(tasks.get(i));
      assertThat(outcomes.get(i).error()).as(tasks.get(i).in().toString()).isNull();
    }
    List<String> args = new ArrayList<>(List.of("verify"));
    tasks.forEach(t -> args.add(t.out().toString()));
    args.addAll(List.of("--trust", root.toString(), "--format", "json"));
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Kyso.run(args.toArray(String[]::new), new PrintWriter(o), new PrintWriter(e), Map.of());
    assertThat(code).as(o + "\n" + e).isZero(); // every signature TOTAL_PASSED (CONTRACT)
    assertThat(o.toString().split("\"TOTAL_PASSED\"", -1).length - 1).as(o.toString())
        .isGreaterThanOrEqualTo(tasks.size());
    Path pdfsig = ExternalTools.require("pdfsig", "poppler-utils");
    ExternalTools.Result ps = ExternalTools.run(List.of(pdfsig.toString(), tasks.get(0).out().toString()));
    assertThat(ps.all()).as(ps.all()).contains("Signature is Valid.").contains("Total document signed");
  }

  @Test
  void pdfAndXmlInOneLocalBatch() throws Exception {
    List<SigningBatch.Task> tasks = tasks(dir.resolve("in"), dir.resolve("out"), PdfSigner.builder(key).build(),
        XmlSigner.builder(key).build());
    SigningBatch batch = SigningBatch.builder(key).jobs(2).build();
    assertThat(SigningBatch.builder(key).build().jobs()).as("a PKCS#12 key signs on every processor")
        .isEqualTo(Runtime.getRuntime().availableProcessors());

    assertEverythingVerifies(tasks, batch.sign(tasks));
  }

  @Test
  void pdfAndXmlInOneCscTransaction() throws Exception {
    try (CscTestServer server = new CscTestServer().oauth("kyso-mixed", "m1xed-S3cret")
        .credential("an", key, CscTestServer.Auth.PIN);
        SigningKey csc = Keys.open(server.spec("an"), KeyOptions.builder(PinSource.of(server.pin().toCharArray()))
            .cscClientSecret(PinSource.of("m1xed-S3cret".toCharArray())).build())) {
      assertThat(csc.remote()).isTrue();
      List<SigningBatch.Task> tasks = tasks(dir.resolve("in"), dir.resolve("out"), PdfSigner.builder(csc).build(),
          XmlSigner.builder(csc).build());
      SigningBatch batch = SigningBatch.builder(csc).build();
      assertThat(batch.jobs()).isEqualTo(1);

      assertEverythingVerifies(tasks, batch.sign(tasks));
      assertThat(server.count("credentials/authorize")).as("one authorisation for PDFs and XML").isEqualTo(1);
    }
  }
}
