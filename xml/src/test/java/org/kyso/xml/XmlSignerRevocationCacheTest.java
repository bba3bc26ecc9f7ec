package org.kyso.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kyso.core.SignerCertificateException;
import org.kyso.core.SigningKey;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestPki;
import org.kyso.core.verify.Indication;

/**
 * {@link XmlSigner.Builder#revocationCache}: the status check made before signing keeps the CA's CRL or OCSP answer
 * on disk, and a later signer (a later process: a new signer on the same folder) signs without asking the loopback
 * CA again while the answer is valid; after its nextUpdate the CA is asked again; a revoked status read back is still
 * refused; a truncated or altered file is never trusted. Each test runs against a CRL-only CA and an OCSP-only CA.
 */
class XmlSignerRevocationCacheTest {
  private static final byte[] INVOICE = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><HDon><DLHDon Id=\"data\">"
      + "<TTChung><KHHDon>C26TAA</KHHDon><SHDon>42</SHDon></TTChung></DLHDon><DSCKS><NBan/></DSCKS></HDon>")
      .getBytes(StandardCharsets.UTF_8);

  @TempDir static Path dir;
  static XmlFixtures fx;
  static TestPki withOcsp;

  @BeforeAll
  static void start() {
    fx = new XmlFixtures(dir);
    withOcsp = TestPki.startWithOcsp();
  }

  @AfterAll
  static void stop() {
    withOcsp.close();
    fx.close();
  }

  private static TestPki ca(String kind) {
    return kind.equals("ocsp") ? withOcsp : fx.pki;
  }

  /** What the signer's certificate asks for: OCSP requests for the OCSP CA, CRL downloads for the CRL CA. */
  private static int asked(TestPki ca) {
    return ca == withOcsp ? ca.ocspRequests() : ca.crlRequests();
  }

  private static SigningKey key(TestPki ca, String name, String file) throws Exception {
    return fx.key(ca.pki().person(name), file + "-" + ca.baseUrl().getPort() + ".p12");
  }

  private static XmlSigner signer(SigningKey key, Path cache) {
    return XmlSigner.builder(key).profile(XmlProfile.EINVOICE).revocationCache(cache).build();
  }

  private static List<Path> cacheFiles(Path folder) throws Exception {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> p.toString().endsWith(".rev")).toList();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"crl", "ocsp"})
  void aLaterSignerReusesTheAnswerKeptOnDiskWithoutAskingTheCa(String kind) throws Exception {
    TestPki ca = ca(kind);
    SigningKey key = key(ca, "Nguyễn Thị Lan", "lan");
    Path cache = dir.resolve("reuse-" + kind);
    Path in = fx.write("reuse-" + kind + ".xml", INVOICE);
    int before = asked(ca);
    signer(key, cache).sign(in, dir.resolve("reuse-" + kind + "-1.xml"));
    int first = asked(ca);
    assertThat(first).as("the first signer asks the CA").isGreaterThan(before);
    assertThat(cacheFiles(cache)).as("and keeps the answer").isNotEmpty();

    Path second = dir.resolve("reuse-" + kind + "-2.xml");
    signer(key, cache).sign(in, second);
    assertThat(asked(ca)).as("a later signer on the same folder asks nothing").isEqualTo(first);

    // without the folder, every new signer asks again (the default, as PdfSigner has it)
    XmlSigner.builder(key).profile(XmlProfile.EINVOICE).build().sign(in, dir.resolve("reuse-" + kind + "-3.xml"));
    assertThat(asked(ca)).isGreaterThan(first);

    // what was signed on the kept status is an ordinary signature
    var s = XmlVerifier.builder().trust(org.kyso.core.TrustAnchors.of(ca.pki().root().certificate())).build()
        .verify(second).signatures();
    assertThat(s).hasSize(1);
    assertThat(s.get(0).indication()).as("%s", s.get(0)).isEqualTo(Indication.TOTAL_PASSED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"crl", "ocsp"})
  void afterTheNextUpdateTheCaIsAskedAgainAndSeesARevocation(String kind) throws Exception {
    TestPki ca = ca(kind);
    DevPki.Identity minh = ca.pki().person("Đỗ Văn Minh");
    SigningKey key = fx.key(minh, "minh-" + ca.baseUrl().getPort() + ".p12");
    Path cache = dir.resolve("expiry-" + kind);
    Path in = fx.write("expiry-" + kind + ".xml", INVOICE);
    signer(key, cache).sign(in, dir.resolve("expiry-" + kind + "-1.xml"));
    int first = asked(ca);

    // eight days on: past the nextUpdate of the CRL (a week) and of the OCSP answer (a day)
    Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(8));
    XmlSigner.builder(key).profile(XmlProfile.EINVOICE).revocationCache(cache).revocationClock(later).build()
        .sign(in, dir.resolve("expiry-" + kind + "-2.xml"));
    assertThat(asked(ca)).as("an expired answer is not used").isGreaterThan(first);

    // a revocation published meanwhile is seen once the kept answer has expired
    ca.revoke(minh.certificate(), Instant.now().minus(Duration.ofHours(1)));
    int beforeRevoked = asked(ca);
    Path out = dir.resolve("expiry-" + kind + "-3.xml");
    assertThatThrownBy(() -> XmlSigner.builder(key).profile(XmlProfile.EINVOICE).revocationCache(cache)
        .revocationClock(later).build().sign(in, out))
        .isInstanceOf(SignerCertificateException.class).hasMessageContaining("revoked");
    assertThat(asked(ca)).isGreaterThan(beforeRevoked);
    assertThat(out).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"crl", "ocsp"})
  void aRevokedStatusReadBackFromDiskIsStillRefused(String kind) throws Exception {
    TestPki ca = ca(kind);
    DevPki.Identity hoa = ca.pki().person("Vũ Thị Hoa");
    ca.revoke(hoa.certificate(), Instant.now().minus(Duration.ofHours(2)));
    SigningKey key = fx.key(hoa, "hoa-" + ca.baseUrl().getPort() + ".p12");
    Path cache = dir.resolve("revoked-" + kind);
    Path in = fx.write("revoked-" + kind + ".xml", INVOICE);
    Path out = dir.resolve("revoked-" + kind + "-out.xml");
    assertThatThrownBy(() -> signer(key, cache).sign(in, out))
        .isInstanceOf(SignerCertificateException.class).hasMessageContaining("revoked");
    int first = asked(ca);
    assertThat(cacheFiles(cache)).as("the answer saying revoked is kept too").isNotEmpty();

    assertThatThrownBy(() -> signer(key, cache).sign(in, out))
        .isInstanceOf(SignerCertificateException.class).hasMessageContaining("Vũ Thị Hoa")
        .hasMessageContaining("revoked");
    assertThat(asked(ca)).as("refused from the kept answer, without the CA").isEqualTo(first);
    assertThat(out).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"crl", "ocsp"})
  void aTruncatedOrAlteredCacheFileIsIgnoredAndTheCaAsked(String kind) throws Exception {
    TestPki ca = ca(kind);
    SigningKey key = key(ca, "Hoàng Văn Nam", "nam");
    Path cache = dir.resolve("damaged-" + kind);
    Path in = fx.write("damaged-" + kind + ".xml", INVOICE);
    signer(key, cache).sign(in, dir.resolve("damaged-" + kind + "-1.xml"));
    int first = asked(ca);

    // cut short, as a disk filled up or a copy interrupted would leave it
    for (Path f : cacheFiles(cache)) {
      byte[] b = Files.readAllBytes(f);
      Files.write(f, java.util.Arrays.copyOf(b, b.length / 2));
    }
    signer(key, cache).sign(in, dir.resolve("damaged-" + kind + "-2.xml"));
    int second = asked(ca);
    assertThat(second).as("a truncated file is not trusted").isGreaterThan(first);

    // the answer was kept again, whole: the next signer uses it
    signer(key, cache).sign(in, dir.resolve("damaged-" + kind + "-3.xml"));
    assertThat(asked(ca)).isEqualTo(second);

    // one byte of the CA's signed data changed (the file itself well formed): its signature no longer checks out
    for (Path f : cacheFiles(cache)) {
      byte[] b = Files.readAllBytes(f);
      int keyLength = ByteBuffer.wrap(b, 4, 2).getShort() & 0xffff;
      int der = 4 + 2 + keyLength + 8 + 4; // magic, key length, key, nextUpdate, length, then the DER answer
      b[der + 40] ^= 0x01;
      Files.write(f, b);
    }
    Path out = dir.resolve("damaged-" + kind + "-4.xml");
    signer(key, cache).sign(in, out);
    assertThat(asked(ca)).as("an altered answer is not trusted").isGreaterThan(second);
    assertThat(out).exists();
  }
}
