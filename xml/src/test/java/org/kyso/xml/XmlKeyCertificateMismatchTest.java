package org.kyso.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.PreparedSignature;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SignerCertificateException;
import org.kyso.core.SigningKey;
import org.kyso.core.devpki.CertificateSpec;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.internal.ForwardingKey;

/**
 * Issue 18 for XML: a key that does not belong to its certificate is refused on every signing path (XAdES and
 * XMLDSig, RSA and EC, one step and two steps) before anything is written, and an output that cannot be written is
 * refused before the key is used.
 */
class XmlKeyCertificateMismatchTest {
  @TempDir static Path keys;
  @TempDir Path dir;
  static XmlFixtures fx;
  static DevPki.Identity an;
  static DevPki.Identity anEc;

  /** The layouts signed here: XAdES (DSS) and plain XMLDSig (kyso's engine). */
  enum Kind {
    XADES_RSA, XMLDSIG_RSA, XADES_EC, XMLDSIG_EC
  }

  @BeforeAll
  static void start() {
    fx = new XmlFixtures(keys);
    an = fx.pki.pki().person("Nguyễn Văn An");
    anEc = fx.pki.pki().issue(CertificateSpec.person("Nguyễn Văn An").withKeyKind(DevPki.KeyKind.EC_P256));
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  private static boolean ec(Kind k) {
    return k == Kind.XADES_EC || k == Kind.XMLDSIG_EC;
  }

  private static SigningKey right(Kind k) throws KysoException {
    return fx.key(ec(k) ? anEc : an, "right-" + k + ".p12");
  }

  /** The certificate of An with another person's private key of the same kind. */
  private static SigningKey wrong(Kind k) throws KysoException {
    DevPki.Identity other = ec(k)
        ? fx.pki.pki().issue(CertificateSpec.person("Trần Thị Bình").withKeyKind(DevPki.KeyKind.EC_P256))
        : fx.pki.pki().person("Trần Thị Bình");
    DevPki.Identity id = ec(k) ? anEc : an;
    return fx.key(new DevPki.Identity(other.privateKey(), id.certificate(), id.chain()), "wrong-" + k + ".p12");
  }

  private static XmlSigner signer(Kind k, SigningKey key) {
    return k == Kind.XADES_RSA || k == Kind.XADES_EC ? XmlSigner.builder(key).build()
        : XmlSigner.builder(key).profile(XmlProfile.EINVOICE).build();
  }

  private void assertNothingWritten() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.contains("signed") || n.endsWith(".part") || n.endsWith(".tmp"));
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void oneStepRefusesAKeyThatIsNotTheCertificates(Kind kind) throws Exception {
    Path in = fx.write("hoa-don.xml", XmlFixtures.resource("einvoice.xml"));
    Files.copy(in, dir.resolve("hoa-don.xml"));
    Path out = dir.resolve("hoa-don.signed.xml");
    SigningKey key = wrong(kind);
    assertThatThrownBy(() -> signer(kind, key).sign(dir.resolve("hoa-don.xml"), out))
        .isInstanceOf(SignerCertificateException.class)
        .hasMessageStartingWith("The key does not match the certificate of Nguyễn Văn An")
        .hasMessageNotContaining("\n");
    assertNothingWritten();
    // the key that belongs to the certificate signs as before
    signer(kind, right(kind)).sign(dir.resolve("hoa-don.xml"), out);
    assertThat(out).exists();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void twoStepsRefuseAValueMadeByAKeyThatIsNotTheCertificates(Kind kind) throws Exception {
    byte[] doc = XmlFixtures.resource("einvoice.xml");
    XmlSigner signer = signer(kind, right(kind));
    PreparedSignature prepared = signer.prepare(doc);
    byte[] value = wrong(kind).signDigest(prepared.algorithm(), prepared.digest());
    assertThatThrownBy(() -> signer.complete(doc, prepared, value)).isInstanceOf(DocumentException.class)
        .hasMessageContaining("does not verify with the certificate of Nguyễn Văn An")
        .hasMessageNotContaining("\n");
    byte[] good = right(kind).signDigest(prepared.algorithm(), prepared.digest());
    assertThat(signer.complete(doc, prepared, good)).isNotEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = Kind.class, names = {"XADES_RSA", "XMLDSIG_RSA"})
  void aMissingOutputFolderIsRefusedBeforeTheKeyIsUsed(Kind kind) throws Exception {
    Path in = fx.write("hoa-don.xml", XmlFixtures.resource("einvoice.xml"));
    Path out = dir.resolve("no-such-folder").resolve("hoa-don.signed.xml");
    CountingKey key = new CountingKey(right(kind));
    assertThatThrownBy(() -> signer(kind, key).sign(in, out)).isInstanceOf(FileAccessException.class)
        .hasMessage("The output folder " + out.toAbsolutePath().getParent() + " does not exist.");
    assertThat(key.calls()).isZero();
  }

  /** A real key that counts its signatures. */
  private static final class CountingKey extends ForwardingKey {
    private final AtomicInteger calls = new AtomicInteger();

    CountingKey(SigningKey key) {
      super(key);
    }

    int calls() {
      return calls.get();
    }

    @Override
    public byte[] signDigest(SignatureAlgorithm algorithm, byte[] digest) throws KysoException {
      calls.incrementAndGet();
      return key.signDigest(algorithm, digest);
    }
  }

}
