package org.kyso.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.ExternalTools;
import org.kyso.core.testing.TestTsa;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.Verdict;

class TimestampsTest {
  private static DevPki pki;
  private static TestTsa tsa;
  private static TrustAnchors trust;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    pki = DevPki.create();
    tsa = TestTsa.start(pki);
    trust = TrustAnchors.of(pki.root().certificate());
  }

  @AfterAll
  static void stop() {
    tsa.close();
  }

  private Path file(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  @Test
  void timestampsAnyFileAndVerifiesItAgainstTheFile() throws Exception {
    tsa.mode(TestTsa.Mode.NORMAL);
    Path data = file("bien-ban.txt", "Biên bản họp ngày 1/7");
    Path tsr = dir.resolve("bien-ban.txt.tsr");
    Timestamps.using(TimestampService.of(tsa.url())).timestamp(data, tsr);

    TimestampCheck check = Timestamps.verify(tsr, data, trust);
    assertThat(check.passed()).as(check.reason().orElse("")).isTrue();
    assertThat(check.tsaName()).isEqualTo("kyso Test TSA");
    assertThat(check.digestAlgorithm()).isEqualTo("SHA-256");
    assertThat(check.policy()).contains(TestTsa.POLICY);
    assertThat(check.time().getOffset().getTotalSeconds()).isEqualTo(7 * 3600);
    assertThat(check.toReport("bien-ban.txt.tsr").verdict()).isEqualTo(Verdict.TOTAL_PASSED);
  }

  @Test
  void opensslAcceptsKysosTimestampResponseAndToken() throws Exception {
    Path openssl = ExternalTools.require("openssl", "openssl");
    tsa.mode(TestTsa.Mode.NORMAL);
    Path data = file("quyet-dinh.pdf", "%PDF-1.7 not really a pdf, any bytes will do");
    Path tsr = dir.resolve("quyet-dinh.pdf.tsr");
    Timestamps.using(TimestampService.builder().url(tsa.url()).digest(DigestAlgorithm.SHA384).build())
        .timestamp(data, tsr);
    Path ca = dir.resolve("tsa-ca-chain.pem");
    Files.writeString(ca, DevPki.pem(pki.issuingCa().certificate()) + DevPki.pem(pki.root().certificate()));

    var verified = ExternalTools.run(List.of(openssl.toString(), "ts", "-verify", "-in", tsr.toString(),
        "-data", data.toString(), "-CAfile", ca.toString()));
    assertThat(verified.exitCode()).as(verified.all()).isZero();
    assertThat(verified.all()).contains("Verification: OK");

    // the token alone, as openssl extracts it, verifies with openssl and with kyso
    Path token = dir.resolve("token.der");
    var extracted = ExternalTools.run(List.of(openssl.toString(), "ts", "-reply", "-in", tsr.toString(),
        "-token_out", "-out", token.toString()));
    assertThat(extracted.exitCode()).as(extracted.all()).isZero();
    var tokenVerified = ExternalTools.run(List.of(openssl.toString(), "ts", "-verify", "-token_in", "-in",
        token.toString(), "-data", data.toString(), "-CAfile", ca.toString()));
    assertThat(tokenVerified.exitCode()).as(tokenVerified.all()).isZero();
    assertThat(Timestamps.verify(token, data, trust).passed()).isTrue();

    // and openssl refuses it for another file, as kyso does
    Path other = file("other.pdf", "%PDF-1.7 another document");
    var refused = ExternalTools.run(List.of(openssl.toString(), "ts", "-verify", "-in", tsr.toString(),
        "-data", other.toString(), "-CAfile", ca.toString()));
    assertThat(refused.exitCode()).isNotZero();
    assertThat(Timestamps.verify(tsr, other, trust).indication()).isEqualTo(Indication.TOTAL_FAILED);
  }

  @Test
  void aChangedFileFailsWithHashFailure() throws Exception {
    tsa.mode(TestTsa.Mode.NORMAL);
    Path data = file("a.txt", "original");
    byte[] tsr = Timestamps.using(TimestampService.of(tsa.url())).timestamp(data);
    Files.writeString(data, "changed");
    TimestampCheck check = Timestamps.verify(tsr, data, trust);
    assertThat(check.indication()).isEqualTo(Indication.TOTAL_FAILED);
    assertThat(check.subIndication()).contains("HASH_FAILURE");
    assertThat(check.reason().orElseThrow()).contains("a.txt");
    assertThat(check.toReport("a.txt.tsr").verdict().exitCode()).isEqualTo(1);
  }

  @Test
  void aTsaOutsideTheTrustAnchorsIsIndeterminate() throws Exception {
    tsa.mode(TestTsa.Mode.NORMAL);
    Path data = file("b.txt", "content");
    byte[] tsr = Timestamps.using(TimestampService.of(tsa.url())).timestamp(data);
    TrustAnchors strangers = TrustAnchors.of(DevPki.create().root().certificate());
    TimestampCheck check = Timestamps.verify(tsr, data, strangers);
    assertThat(check.indication()).isEqualTo(Indication.INDETERMINATE);
    assertThat(check.subIndication()).contains("NO_CERTIFICATE_CHAIN_FOUND");
    assertThat(Timestamps.verify(tsr, data, TrustAnchors.none()).indication()).isEqualTo(Indication.INDETERMINATE);
  }

  @Test
  void whenEveryTsaFailsNoOutputFileIsLeftAndAnOldOneIsKept() throws Exception {
    Path data = file("c.txt", "content");
    Path tsr = dir.resolve("c.txt.tsr");
    tsa.mode(TestTsa.Mode.HTTP_500);
    Timestamps failing = Timestamps.using(TimestampService.of(TestTsa.refusedUrl(), tsa.url()));
    assertThatThrownBy(() -> failing.timestamp(data, tsr)).isInstanceOf(ServiceUnavailableException.class);
    assertThat(tsr).doesNotExist();
    Files.writeString(tsr, "old");
    assertThatThrownBy(() -> failing.timestamp(data, tsr)).isInstanceOf(ServiceUnavailableException.class);
    assertThat(tsr).hasContent("old");
    try (var s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp") || n.endsWith(".part"));
    }
    tsa.mode(TestTsa.Mode.NORMAL);
  }

  @Test
  void somethingElseThanATimestampIsADocumentError() throws Exception {
    Path data = file("d.txt", "content");
    Path notTsr = file("d.tsr", "hello");
    assertThatThrownBy(() -> Timestamps.verify(notTsr, data, trust)).isInstanceOf(DocumentException.class)
        .hasMessageContaining("d.tsr");
  }

  @Test
  void missingFilesAreFileAccessErrors() throws Exception {
    tsa.mode(TestTsa.Mode.NORMAL);
    Timestamps t = Timestamps.using(TimestampService.of(tsa.url()));
    assertThatThrownBy(() -> t.timestamp(dir.resolve("missing.txt"), dir.resolve("missing.txt.tsr")))
        .isInstanceOf(FileAccessException.class);
    Path data = file("e.txt", "content");
    byte[] tsr = t.timestamp(data);
    assertThatThrownBy(() -> Timestamps.verify(tsr, dir.resolve("gone.txt"), trust))
        .isInstanceOf(FileAccessException.class);
  }
}
