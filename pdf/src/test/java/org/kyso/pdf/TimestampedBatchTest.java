package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.validation.reports.Reports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.KeySelector;
import org.kyso.core.Level;
import org.kyso.core.PinSource;
import org.kyso.core.SigningBatch;
import org.kyso.core.SigningKey;
import org.kyso.core.TimestampService;
import org.kyso.core.TrustAnchors;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestPki;
import org.kyso.core.testing.TestTsa;
import org.kyso.pdf.testing.Judges;
import org.kyso.token.pkcs12.Pkcs12Token;

/**
 * Timestamped batches (issue 19): with a timestamp authority on 127.0.0.1 that answers after 200 ms, the requests of
 * a B-T batch overlap instead of waiting one document at a time (the TSA sees more than one request at once), every
 * timestamp verifies in DSS and pdfsig; in a B-LT batch the revocation data of the chain all documents share is
 * fetched once, not once per document. Behaviour only: no timing is asserted.
 */
class TimestampedBatchTest {
  static TestPki pki;
  static TestTsa tsa;
  static Pkcs12Token token;
  static SigningKey key;
  static X509Certificate root;

  @TempDir Path dir;

  @BeforeAll
  static void start(@TempDir Path keys) throws Exception {
    pki = TestPki.start();
    DevPki.Identity an = pki.pki().person("Nguyễn Văn An");
    token = Pkcs12Token.open(TestPki.writeP12(an, keys.resolve("an.p12"), "pw"), PinSource.of("pw".toCharArray()));
    key = token.key(KeySelector.any());
    root = pki.pki().root().certificate();
    tsa = TestTsa.start(pki.pki()).mode(TestTsa.Mode.SLOW).slowDelay(Duration.ofMillis(200));
  }

  @AfterAll
  static void stop() {
    key.close();
    token.close();
    tsa.close();
    pki.close();
  }

  private List<SigningBatch.Task> tasks(Path in, Path out, int n, PdfSigner signer) throws Exception {
    Files.createDirectories(in);
    Files.createDirectories(out);
    List<SigningBatch.Task> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path f = PdfBatchTest.pdf(in.resolve(String.format("cv-%02d.pdf", i)), 1 + i % 2, i % 2 == 0);
      tasks.add(new SigningBatch.Task(f, out.resolve(f.getFileName()), signer));
    }
    return tasks;
  }

  private PdfSigner signer(Level level) {
    return PdfSigner.builder(key).level(level).timestamps(TimestampService.of(tsa.url()))
        .trust(TrustAnchors.of(root)).build();
  }

  @Test
  void timestampRequestsOverlapAndEveryTimestampVerifies() throws Exception {
    List<SigningBatch.Task> tasks = tasks(dir.resolve("in"), dir.resolve("out"), 12, signer(Level.B_T));
    int before = tsa.requests();

    List<SigningBatch.Outcome> outcomes = SigningBatch.builder(key).jobs(1).build().sign(tasks);

    assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).as(o.task().in().toString()).isNull());
    assertThat(tsa.requests() - before).as("one timestamp per document").isEqualTo(12);
    assertThat(tsa.mostConcurrentRequests()).as("requests to the TSA overlap").isGreaterThan(1);
    for (SigningBatch.Task t : tasks) {
      Reports r = Judges.assertDssPasses(Files.readAllBytes(t.out()), root, 1);
      SimpleReport s = r.getSimpleReport();
      String id = s.getFirstSignatureId();
      assertThat(s.getSignatureFormat(id)).isEqualTo(SignatureLevel.PAdES_BASELINE_T);
      assertThat(s.getSignatureTimestamps(id)).as("signature timestamps").hasSize(1)
          .allSatisfy(ts -> assertThat(ts.getIndication()).isEqualTo(Indication.PASSED));
    }
    Judges.assertPdfsigPasses(tasks.get(0).out(), root, 1);
  }

  @Test
  void fastPathTimestampsHaveAStageOfTheirOwnWithManyRequestsInFlight() throws Exception {
    // a TSA of its own (its concurrency count starts at zero) answering after 1.5 s: every document of the batch is
    // read and signed by the key long before the first answer, so the TSA sees them waiting together
    try (TestTsa slow = TestTsa.start(pki.pki()).mode(TestTsa.Mode.SLOW).slowDelay(Duration.ofMillis(1_500))) {
      PdfSigner signer = PdfSigner.builder(key).level(Level.B_T).timestamps(TimestampService.of(slow.url()))
          .trust(TrustAnchors.of(root)).build();
      assertThat(signer.fastSigner()).as("B-T, invisible, local key: the fast path").isNotNull();
      List<SigningBatch.Task> tasks = tasks(dir.resolve("in"), dir.resolve("out"), 16, signer);

      List<SigningBatch.Outcome> outcomes = SigningBatch.builder(key).jobs(1).build().sign(tasks);

      assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).as(o.task().in().toString()).isNull());
      assertThat(slow.requests()).isEqualTo(16);
      assertThat(slow.mostConcurrentRequests()).as("more requests in flight than the finishing threads (4)")
          .isGreaterThan(4);
      for (SigningBatch.Task t : List.of(tasks.get(0), tasks.get(15))) {
        Reports r = Judges.assertDssPasses(Files.readAllBytes(t.out()), root, 1);
        String id = r.getSimpleReport().getFirstSignatureId();
        assertThat(r.getSimpleReport().getSignatureFormat(id)).isEqualTo(SignatureLevel.PAdES_BASELINE_T);
        assertThat(r.getSimpleReport().getSignatureTimestamps(id))
            .allSatisfy(ts -> assertThat(ts.getIndication()).isEqualTo(Indication.PASSED));
        Judges.assertPdfsigPasses(t.out(), root, 1);
      }
    }
  }

  @Test
  void aTsaThatRefusesFailsItsDocumentsWithASentenceNotTheBatch() throws Exception {
    try (TestTsa refusing = TestTsa.start(pki.pki()).mode(TestTsa.Mode.REJECTED)) {
      PdfSigner good = signer(Level.B_T);
      PdfSigner bad = PdfSigner.builder(key).level(Level.B_T).timestamps(TimestampService.of(refusing.url()))
          .trust(TrustAnchors.of(root)).build();
      List<SigningBatch.Task> tasks = new ArrayList<>();
      for (SigningBatch.Task t : tasks(dir.resolve("in"), dir.resolve("out"), 6, good)) {
        tasks.add(tasks.size() % 2 == 0 ? t : new SigningBatch.Task(t.in(), t.out(), bad));
      }

      List<SigningBatch.Outcome> outcomes = SigningBatch.builder(key).jobs(2).build().sign(tasks);

      for (SigningBatch.Outcome o : outcomes) {
        if (o.task().signer() == good) {
          assertThat(o.error()).as(o.task().in().toString()).isNull();
          Judges.assertDssPasses(Files.readAllBytes(o.task().out()), root, 1);
        } else {
          assertThat(o.error()).isInstanceOf(org.kyso.core.ServiceUnavailableException.class)
              .hasMessageContaining("refused").hasMessageNotContaining("\n");
          assertThat(o.task().out()).doesNotExist();
        }
      }
    }
  }

  @Test
  void aChainSharedByTheBatchHasItsRevocationDataFetchedOnce() throws Exception {
    int documents = 6;
    List<SigningBatch.Task> tasks = tasks(dir.resolve("in"), dir.resolve("out"), documents, signer(Level.B_LT));
    int crlsBefore = pki.crlRequests();

    List<SigningBatch.Outcome> outcomes = SigningBatch.builder(key).jobs(2).build().sign(tasks);

    int crls = pki.crlRequests() - crlsBefore;
    assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).as(o.task().in().toString()).isNull());
    // the signer's CRL and the issuing CA's (the TSA shares the chain): fetched once for the whole batch
    assertThat(crls).as("CRL downloads for %d documents", documents).isBetween(1, 2);
    for (SigningBatch.Task t : tasks) {
      Reports r = Judges.assertDssPasses(Files.readAllBytes(t.out()), root, 1, false);
      assertThat(r.getSimpleReport().getSignatureFormat(r.getSimpleReport().getFirstSignatureId()))
          .isEqualTo(SignatureLevel.PAdES_BASELINE_LT);
    }
  }
}
