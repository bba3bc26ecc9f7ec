package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.validation.reports.Reports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.DigestAlgorithm;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.Level;
import org.kyso.core.PreparedSignature;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SignerCertificateException;
import org.kyso.core.SigningKey;
import org.kyso.core.TimestampService;
import org.kyso.core.TrustAnchors;
import org.kyso.core.devpki.CertificateSpec;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestPki;
import org.kyso.core.testing.TestTsa;
import org.kyso.pdf.testing.Judges;
import org.kyso.pdf.testing.TestKeys;
import org.kyso.pdf.testing.OpensslPki;
import org.kyso.pdf.testing.PdfInspect;
import org.kyso.pdf.testing.SampleLetter;

/** Issue 2's PDF acceptance: valid PAdES for DSS, pdfsig and qpdf; incremental signatures; clear errors. */
class PdfSignerTest {
  static TestPki pki;
  static TestTsa tsa;
  static DevPki.Identity an;
  static DevPki.Identity organisation;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    pki = TestPki.start();
    tsa = TestTsa.start(pki.pki());
    an = pki.pki().person("Nguyễn Văn An");
    organisation = pki.pki().organisation("UBND thành phố Đà Nẵng");
  }

  @AfterAll
  static void stop() {
    tsa.close();
    pki.close();
  }

  private Path letter() throws Exception {
    Path in = dir.resolve("letter.pdf");
    Files.write(in, SampleLetter.create());
    return in;
  }

  private java.security.cert.X509Certificate root() {
    return pki.pki().root().certificate();
  }

  @Test
  void invisibleSignatureIsValidForDssPdfsigAndQpdf() throws Exception {
    Path in = letter();
    Path out = dir.resolve("letter.signed.pdf");
    try (SigningKey key = TestKeys.p12(an, dir, "an")) {
      PdfSigner.builder(key).build().sign(in, out);
    }
    byte[] signed = Files.readAllBytes(out);
    Reports r = Judges.assertDssPasses(signed, root(), 1);
    assertThat(r.getSimpleReport().getSignatureFormat(r.getSimpleReport().getFirstSignatureId()))
        .isEqualTo(SignatureLevel.PAdES_BASELINE_B);
    Judges.assertPdfsigPasses(out, root(), 1);
    Judges.assertQpdfClean(out);
    assertThat(PdfInspect.widgets(signed)).singleElement()
        .satisfies(w -> assertThat(w.rect().getWidth()).isZero());
  }

  @Test
  void keyAndCertificateMadeByOpensslSignValidly() throws Exception {
    Path pkiDir = Files.createDirectory(dir.resolve("openssl"));
    OpensslPki ossl = OpensslPki.create(pki, pkiDir, "Trần Thị Bình");
    Path in = letter();
    Path out = dir.resolve("openssl.signed.pdf");
    try (SigningKey key = TestKeys.open(ossl.p12())) {
      PdfSigner.builder(key).appearance(Appearance.signerInfo()).reason("Phê duyệt").location("Đà Nẵng").build()
          .sign(in, out);
    }
    byte[] signed = Files.readAllBytes(out);
    Judges.assertDssPasses(signed, ossl.root(), 1);
    Judges.assertPdfsigPasses(out, ossl.root(), 1);
    Judges.assertQpdfClean(out);
    assertThat(PdfInspect.textWithAppearances(signed)).contains("Ký bởi: Trần Thị Bình", "Nơi ký: Đà Nẵng");
  }

  @Test
  void personThenOrganisationKeepsBothSignaturesValid() throws Exception {
    Path in = letter();
    Path first = dir.resolve("approved.pdf");
    Path second = dir.resolve("issued.pdf");
    try (SigningKey person = TestKeys.p12(an, dir, "an"); SigningKey seal = TestKeys.p12(organisation, dir, "org")) {
      PdfSigner.builder(person).appearance(Appearance.text("Ký bởi: Nguyễn Văn An").at(Placement.above(
          SampleLetter.SIGNER))).build().sign(in, first);
      PdfSigner.builder(seal).build().sign(first, second);
    }
    byte[] signed = Files.readAllBytes(second);
    Judges.assertDssPasses(signed, root(), 2);
    Judges.assertPdfsigPasses(second, root(), 2);
    Judges.assertQpdfClean(second);
    // incremental: the first revision is kept byte for byte
    byte[] approved = Files.readAllBytes(first);
    assertThat(java.util.Arrays.copyOf(signed, approved.length)).isEqualTo(approved);
  }

  @Test
  void visibleVietnameseTextIsEmbeddedAndExtractsBackUnchanged() throws Exception {
    byte[] signed;
    try (SigningKey key = TestKeys.p12(an, dir, "an")) {
      signed = PdfSigner.builder(key)
          .appearance(Appearance.text("Ký bởi: Nguyễn Văn Đức, Đà Nẵng").at(Placement.rectMm(1, 110, 250, 80, 15)))
          .build().sign(SampleLetter.create());
    }
    assertThat(PdfInspect.textWithAppearances(signed)).contains("Ký bởi: Nguyễn Văn Đức, Đà Nẵng");
    PdfInspect.Widget w = PdfInspect.widgets(signed).get(0);
    assertThat(w.embeddedFonts()).isTrue();
    assertThat(w.page()).isEqualTo(1);
    float mm = 72f / 25.4f;
    assertThat(w.rect().getLowerLeftX()).isCloseTo(110 * mm, org.assertj.core.data.Offset.offset(0.5f));
    assertThat(w.rect().getUpperRightY()).isCloseTo(842 - 250 * mm, org.assertj.core.data.Offset.offset(1f));
    Judges.assertDssPasses(signed, root(), 1);
    Path out = dir.resolve("visible.pdf");
    Files.write(out, signed);
    Judges.assertPdfsigPasses(out, root(), 1);
    Judges.assertQpdfClean(out);
  }

  @Test
  void twoStepSigningWithOnlyValuesBetweenTheSteps() throws Exception {
    byte[] pdf = SampleLetter.create();
    Clock clock = Clock.fixed(Instant.now().minusSeconds(5), ZoneOffset.UTC);
    PdfSigner remote = PdfSigner.builder(an.chain()).clock(clock)
        .appearance(Appearance.signerInfo()).build();
    PreparedSignature prepared = remote.prepare(pdf);
    assertThat(prepared.algorithm()).isEqualTo(SignatureAlgorithm.RSA_SHA256);
    assertThat(prepared.signingTime()).isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    byte[] value;
    try (SigningKey key = TestKeys.p12(an, dir, "an")) {
      value = key.signDigest(prepared.algorithm(), prepared.digest());
    }
    // the second step runs later, with another clock: the frozen time is what counts
    PdfSigner later = remote.newBuilder().clock(Clock.offset(clock, Duration.ofMinutes(3))).build();
    byte[] signed = later.complete(pdf, prepared, value);
    Judges.assertDssPasses(signed, root(), 1);
    assertThat(PdfInspect.textWithAppearances(signed))
        .contains("Thời gian ký: " + org.kyso.pdf.internal.LayoutEngine.isoTime(prepared.signingTime()));

    byte[] tampered = value.clone();
    tampered[10] ^= 1;
    assertThatThrownBy(() -> remote.complete(pdf, prepared, tampered)).isInstanceOf(DocumentException.class)
        .hasMessageContaining("does not match");
    assertThatThrownBy(() -> remote.sign(pdf)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void timestampedLevelsReachTheirLevel() throws Exception {
    TimestampService ts = TimestampService.of(tsa.url());
    byte[] pdf = SampleLetter.create();
    try (SigningKey key = TestKeys.p12(an, dir, "an")) {
      PdfSigner.Builder b = PdfSigner.builder(key).timestamps(ts).trust(TrustAnchors.of(root()));
      byte[] t = b.level(Level.B_T).build().sign(pdf);
      byte[] lt = b.level(Level.B_LT).build().sign(pdf);
      byte[] lta = b.level(Level.B_LTA).build().sign(pdf);
      assertThat(format(Judges.assertDssPasses(t, root(), 1))).isEqualTo(SignatureLevel.PAdES_BASELINE_T);
      assertThat(format(Judges.assertDssPasses(lt, root(), 1, false))).isEqualTo(SignatureLevel.PAdES_BASELINE_LT);
      Reports r = Judges.dss(lta, root());
      assertThat(format(r)).isEqualTo(SignatureLevel.PAdES_BASELINE_LTA);
      assertThat(r.getSimpleReport().getIndication(r.getSimpleReport().getFirstSignatureId()))
          .isEqualTo(eu.europa.esig.dss.enumerations.Indication.TOTAL_PASSED);
      Path out = dir.resolve("lta.pdf");
      Files.write(out, lta);
      Judges.assertQpdfClean(out);
    }
  }

  private static SignatureLevel format(Reports r) {
    return r.getSimpleReport().getSignatureFormat(r.getSimpleReport().getFirstSignatureId());
  }

  @Test
  void ecdsaAndPssKeysSign() throws Exception {
    DevPki.Identity ec = pki.pki().issue(CertificateSpec.person("Lê Văn Cường").withKeyKind(DevPki.KeyKind.EC_P256));
    byte[] pdf = SampleLetter.create();
    try (SigningKey ecKey = TestKeys.p12(ec, dir, "ec"); SigningKey rsa = TestKeys.p12(an, dir, "an")) {
      byte[] a = PdfSigner.builder(ecKey).digest(DigestAlgorithm.SHA384).build().sign(pdf);
      Judges.assertDssPasses(a, root(), 1);
      PdfSigner pss = PdfSigner.builder(rsa).pss(true).build();
      assertThat(pss.algorithm()).isEqualTo(SignatureAlgorithm.RSA_PSS_SHA256);
      Judges.assertDssPasses(pss.sign(pdf), root(), 1);
    }
  }

  @Test
  void firstSignatureDoesNotLockTheDocumentUnlessAsked() throws Exception {
    byte[] pdf = SampleLetter.create();
    try (SigningKey key = TestKeys.p12(an, dir, "an"); SigningKey seal = TestKeys.p12(organisation, dir, "org")) {
      byte[] plain = PdfSigner.builder(key).build().sign(pdf);
      try (PDDocument d = Loader.loadPDF(plain)) {
        assertThat(d.getDocumentCatalog().getCOSObject().containsKey(COSName.PERMS)).isFalse();
      }
      byte[] certified = PdfSigner.builder(key).certify(CertificationLevel.NO_CHANGES).build().sign(pdf);
      Path out = dir.resolve("should-not-exist.pdf");
      Path in = dir.resolve("certified.pdf");
      Files.write(in, certified);
      assertThatThrownBy(() -> PdfSigner.builder(seal).build().sign(in, out))
          .isInstanceOf(DocumentException.class).hasMessageContaining("certified with no changes allowed");
      assertThat(out).doesNotExist();
      // form filling still allows the issuance signature
      byte[] p2 = PdfSigner.builder(key).certify(CertificationLevel.FORM_FILLING).build().sign(pdf);
      Judges.assertDssPasses(PdfSigner.builder(seal).build().sign(p2), root(), 2);
      assertThatThrownBy(() -> PdfSigner.builder(seal).certify(CertificationLevel.FORM_FILLING).build().sign(p2))
          .isInstanceOf(DocumentException.class).hasMessageContaining("only the first signature");
    }
  }

  @Test
  void badInputGivesOneClearErrorAndNoOutputFile() throws Exception {
    DevPki.Identity expired = pki.pki().issue(CertificateSpec.person("Phạm Hết Hạn")
        .withValidity(Instant.now().minus(Duration.ofDays(400)), Instant.now().minus(Duration.ofDays(10))));
    Path in = letter();
    Path notPdf = dir.resolve("note.pdf");
    Files.writeString(notPdf, "Đây không phải là PDF", StandardCharsets.UTF_8);
    Path broken = dir.resolve("broken.pdf");
    byte[] good = Files.readAllBytes(in);
    Files.write(broken, java.util.Arrays.copyOf(good, 400));
    Path out = dir.resolve("out.pdf");
    try (SigningKey key = TestKeys.p12(an, dir, "an"); SigningKey old = TestKeys.p12(expired, dir, "old")) {
      PdfSigner signer = PdfSigner.builder(key).build();
      assertThatThrownBy(() -> signer.sign(dir.resolve("missing.pdf"), out))
          .isInstanceOf(FileAccessException.class).hasMessageContaining("does not exist");
      assertThatThrownBy(() -> signer.sign(notPdf, out))
          .isInstanceOf(DocumentException.class).hasMessage("The file note.pdf is not a PDF file.");
      assertThatThrownBy(() -> signer.sign(broken, out))
          .isInstanceOf(DocumentException.class).hasMessageContaining("damaged");
      assertThatThrownBy(() -> PdfSigner.builder(old).build().sign(in, out))
          .isInstanceOf(SignerCertificateException.class).hasMessageContaining("expired");
      assertThatThrownBy(() -> signer.sign(in, dir.resolve("no-such-folder").resolve("out.pdf")))
          .isInstanceOf(FileAccessException.class).hasMessageContaining("does not exist");
      Files.createDirectory(dir.resolve("a-folder.pdf"));
      assertThatThrownBy(() -> signer.sign(in, dir.resolve("a-folder.pdf")))
          .isInstanceOf(FileAccessException.class).hasMessageContaining("is a folder");
    }
    assertThat(out).doesNotExist();
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part")).toList()).isEmpty();
    }
  }

  private static byte[] encrypted(String owner, String user) throws Exception {
    try (PDDocument d = Loader.loadPDF(SampleLetter.create())) {
      org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy p =
          new org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy(owner, user,
              new org.apache.pdfbox.pdmodel.encryption.AccessPermission());
      d.protect(p);
      java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
      d.save(o);
      return o.toByteArray();
    }
  }

  @Test
  void anOwnerPasswordOnlyInputIsSignedAndStaysEncrypted() throws Exception {
    byte[] in = encrypted("owner", "");
    try (SigningKey key = TestKeys.p12(an, dir, "an")) {
      byte[] signed = PdfSigner.builder(key).build().sign(in);
      try (PDDocument d = Loader.loadPDF(signed)) {
        assertThat(d.isEncrypted()).isTrue();
        assertThat(d.getSignatureDictionaries()).hasSize(1);
      }
    }
  }

  @Test
  void anInputThatNeedsAPasswordToOpenIsRefused() throws Exception {
    byte[] in = encrypted("owner", "user");
    try (SigningKey key = TestKeys.p12(an, dir, "an")) {
      assertThatThrownBy(() -> PdfSigner.builder(key).build().sign(in))
          .isInstanceOf(DocumentException.class).hasMessageContaining("password");
    }
  }

  @Test
  void oneSignerSignsManyDocumentsFromManyThreads() throws Exception {
    byte[] pdf = SampleLetter.create();
    try (SigningKey key = TestKeys.p12(an, dir, "an")) {
      PdfSigner signer = PdfSigner.builder(key)
          .appearance(Appearance.text("Ký bởi: Nguyễn Văn An").at(Placement.above(SampleLetter.SIGNER))).build();
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
      try {
        java.util.List<java.util.concurrent.Future<byte[]>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
          futures.add(pool.submit(() -> signer.sign(pdf)));
        }
        for (var f : futures) {
          byte[] signed = f.get();
          Judges.assertDssPasses(signed, root(), 1);
          assertThat(PdfInspect.textWithAppearances(signed)).contains("Ký bởi: Nguyễn Văn An");
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void aSuppliedFontIsEmbeddedInstead() throws Exception {
    Path dejavu = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(dejavu), "fonts-dejavu-core is not installed");
    byte[] signed;
    try (SigningKey key = TestKeys.p12(an, dir, "an")) {
      signed = PdfSigner.builder(key).font(Files.readAllBytes(dejavu))
          .appearance(Appearance.text("Ký bởi: Nguyễn Văn Đức, Đà Nẵng")).build().sign(SampleLetter.create());
    }
    assertThat(PdfInspect.textWithAppearances(signed)).contains("Ký bởi: Nguyễn Văn Đức, Đà Nẵng");
    try (PDDocument d = Loader.loadPDF(signed)) {
      var ap = d.getPage(1).getAnnotations().get(0).getNormalAppearanceStream();
      var names = new java.util.ArrayList<String>();
      for (COSName n : ap.getResources().getFontNames()) {
        names.add(ap.getResources().getFont(n).getName());
      }
      assertThat(names).singleElement().satisfies(n -> assertThat(n).contains("DejaVuSerif"));
    }
    assertThatThrownBy(() -> PdfSigner.builder(an.chain()).font(new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void buildRefusesLevelsWithoutWhatTheyNeed() throws Exception {
    try (SigningKey key = TestKeys.p12(an, dir, "an")) {
      assertThatThrownBy(() -> PdfSigner.builder(key).level(Level.B_T).build())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("timestamp");
      assertThatThrownBy(() -> PdfSigner.builder(key).level(Level.B_LT)
          .timestamps(TimestampService.of(tsa.url())).build())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("trust");
    }
  }

  @Test
  void unreachableTimestampAuthorityIsAServiceError() throws Exception {
    Path in = letter();
    Path out = dir.resolve("t.pdf");
    try (SigningKey key = TestKeys.p12(an, dir, "an")) {
      PdfSigner s = PdfSigner.builder(key).level(Level.B_T)
          .timestamps(TimestampService.builder().url(java.net.URI.create("http://127.0.0.1:1/tsa"))
              .connectTimeout(Duration.ofSeconds(2)).build()).build();
      assertThatThrownBy(() -> s.sign(in, out)).isInstanceOf(org.kyso.core.ServiceUnavailableException.class);
    }
    assertThat(out).doesNotExist();
  }
}
