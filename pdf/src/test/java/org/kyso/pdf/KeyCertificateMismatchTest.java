package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.DocumentException;
import org.kyso.core.PreparedSignature;
import org.kyso.core.SignerCertificateException;
import org.kyso.core.SigningKey;
import org.kyso.core.devpki.CertificateSpec;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestPki;
import org.kyso.pdf.testing.TestKeys;
import org.kyso.pdf.testing.SampleLetter;

/**
 * Issue 18: a key that does not belong to its certificate makes signatures that never verify. Every signing path
 * (fast and general engine, file and memory, one step and two steps) refuses it before anything is written.
 */
class KeyCertificateMismatchTest {
  static TestPki pki;
  static DevPki.Identity an;
  static DevPki.Identity binh;
  static DevPki.Identity anEc;
  /** An's certificate and chain with Bình's private key: a PKCS#12 file anyone can build by mistake. */
  static DevPki.Identity mismatched;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    pki = TestPki.start();
    an = pki.pki().person("Nguyễn Văn An");
    binh = pki.pki().person("Trần Thị Bình");
    anEc = pki.pki().issue(CertificateSpec.person("Nguyễn Văn An EC").withKeyKind(DevPki.KeyKind.EC_P256));
    mismatched = new DevPki.Identity(binh.privateKey(), an.certificate(), an.chain());
  }

  @AfterAll
  static void stop() {
    pki.close();
  }

  private SigningKey wrongKey() throws Exception {
    return TestKeys.p12(mismatched, dir, "wrong");
  }

  private void assertNothingWritten() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.contains("signed") || n.endsWith(".part"));
    }
  }

  @ParameterizedTest(name = "visible={0}")
  @ValueSource(booleans = {false, true})
  void aFileIsNotSignedWithAKeyThatIsNotTheCertificates(boolean visible) throws Exception {
    Path in = Files.write(dir.resolve("letter.pdf"), SampleLetter.create());
    Path out = dir.resolve("letter.signed.pdf");
    try (SigningKey key = wrongKey()) {
      PdfSigner signer = PdfSigner.builder(key)
          .appearance(visible ? Appearance.signerInfo() : Appearance.invisible()).build();
      assertThat(signer.fastSigner() == null).isEqualTo(visible); // both engines
      assertThatThrownBy(() -> signer.sign(in, out)).isInstanceOf(SignerCertificateException.class)
          .hasMessageStartingWith("The key does not match the certificate of Nguyễn Văn An")
          .hasMessageNotContaining("\n");
    }
    assertNothingWritten();
  }

  @ParameterizedTest(name = "visible={0}")
  @ValueSource(booleans = {false, true})
  void aDocumentInMemoryIsNotSignedWithAKeyThatIsNotTheCertificates(boolean visible) throws Exception {
    try (SigningKey key = wrongKey()) {
      PdfSigner signer = PdfSigner.builder(key)
          .appearance(visible ? Appearance.signerInfo() : Appearance.invisible()).build();
      assertThatThrownBy(() -> signer.sign(SampleLetter.create())).isInstanceOf(SignerCertificateException.class);
    }
  }

  @ParameterizedTest(name = "visible={0}")
  @ValueSource(booleans = {false, true})
  void twoStepsRefuseAValueMadeByAKeyThatIsNotTheCertificates(boolean visible) throws Exception {
    byte[] pdf = SampleLetter.create();
    PdfSigner remote = PdfSigner.builder(an.chain())
        .appearance(visible ? Appearance.signerInfo() : Appearance.invisible()).build();
    PreparedSignature prepared = remote.prepare(pdf);
    byte[] value;
    try (SigningKey key = wrongKey()) {
      value = key.signDigest(prepared.algorithm(), prepared.digest());
    }
    assertThatThrownBy(() -> remote.complete(pdf, prepared, value)).isInstanceOf(DocumentException.class)
        .hasMessageContaining("does not verify with the certificate of Nguyễn Văn An")
        .hasMessageNotContaining("\n");
  }

  @Test
  void anEcKeyThatIsNotTheCertificatesIsRefusedToo() throws Exception {
    DevPki.Identity otherEc = pki.pki().issue(CertificateSpec.person("Lê Văn Cường").withKeyKind(DevPki.KeyKind.EC_P256));
    DevPki.Identity wrong = new DevPki.Identity(otherEc.privateKey(), anEc.certificate(), anEc.chain());
    Path in = Files.write(dir.resolve("letter.pdf"), SampleLetter.create());
    Path out = dir.resolve("letter.signed.pdf");
    try (SigningKey key = TestKeys.p12(wrong, dir, "wrong-ec")) {
      assertThatThrownBy(() -> PdfSigner.builder(key).build().sign(in, out))
          .isInstanceOf(SignerCertificateException.class);
    }
    assertNothingWritten();
    // and the matching key still signs (the check refuses only what it should)
    try (SigningKey key = TestKeys.p12(anEc, dir, "right-ec")) {
      PdfSigner.builder(key).build().sign(in, out);
    }
    assertThat(out).exists();
  }
}
