package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.DocumentException;
import org.kyso.core.Level;
import org.kyso.core.PreparedSignature;
import org.kyso.core.SigningKey;
import org.kyso.core.TimestampService;
import org.kyso.core.TrustAnchors;
import org.kyso.core.testing.ExternalTools;
import org.kyso.core.testing.TestPki;
import org.kyso.core.testing.TestTsa;
import org.kyso.core.verify.Verdict;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verifier;
import org.kyso.pdf.testing.CountingKey;
import org.kyso.pdf.testing.Judges;
import org.kyso.pdf.testing.TestKeys;
import org.kyso.pdf.testing.SampleLetter;

/**
 * Signing PDFs that need a password to open ({@code PdfSigner.Builder.password}): qpdf encrypts the inputs (AES-256
 * and AES-128, user and owner passwords, owner password only), kyso signs them, and qpdf, pdfsig and kyso's own
 * verifier judge the outputs: still encrypted the same way, no structural warning, every signature valid.
 */
class PasswordProtectedSigningTest {
  /** ASCII: AES-128 (R4) passwords are PDFDocEncoding bytes. */
  static final String USER = "user-secret-1";
  /** AES-256 (R6) passwords are UTF-8 after SASLprep. */
  static final String UNICODE_USER = "mật-khẩu-người-dùng";
  static final String OWNER = "owner-secret";

  static TestPki pki;
  static TestTsa tsa;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    pki = TestPki.start();
    tsa = TestTsa.start(pki.pki());
  }

  @AfterAll
  static void stop() {
    tsa.close();
    pki.close();
  }

  /** qpdf --encrypt USER OWNER BITS [extra] -- letter.pdf OUT. */
  private Path encrypt(String user, String owner, String bits, String... extra) throws Exception {
    Path qpdf = ExternalTools.require("qpdf", "qpdf");
    Path in = dir.resolve("letter.pdf");
    Files.write(in, SampleLetter.create());
    Path out = dir.resolve("enc-" + bits + "-" + user.length() + "-" + extra.length + ".pdf");
    List<String> cmd = new ArrayList<>(List.of(qpdf.toString()));
    if (List.of(extra).contains("--use-aes=n")) {
      cmd.add("--allow-weak-crypto"); // RC4: qpdf writes it only when told to
    }
    cmd.addAll(List.of("--encrypt", user, owner, bits));
    cmd.addAll(List.of(extra));
    cmd.addAll(List.of("--", in.toString(), out.toString()));
    ExternalTools.Result r = ExternalTools.run(cmd);
    // qpdf warns about the sample's trailer /Size (PDFBox's writer) and rewrites it; any other warning fails
    assertThat(r.exitCode()).as(r.all()).isIn(0, 3);
    assertThat(r.stderr().lines().filter(l -> l.contains("WARNING") && !l.contains("reported number of objects")))
        .as(r.all()).isEmpty();
    return out;
  }

  private static String showEncryption(Path pdf, String password) {
    Path qpdf = ExternalTools.require("qpdf", "qpdf");
    ExternalTools.Result r = ExternalTools.run(List.of(qpdf.toString(), "--show-encryption",
        "--password=" + password, pdf.toString()));
    assertThat(r.exitCode()).as(r.all()).isZero();
    return r.stdout();
  }

  /** qpdf --check with the password: exit 0, no warning, no error. */
  private static void assertQpdfChecks(Path pdf, String password) {
    Path qpdf = ExternalTools.require("qpdf", "qpdf");
    ExternalTools.Result r = ExternalTools.run(List.of(qpdf.toString(), "--check", "--password=" + password,
        pdf.toString()));
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.all()).as(r.all()).doesNotContainIgnoringCase("warning");
    String findings = r.all().replace("No syntax or stream encoding errors found; the file may still contain", "")
        .replace("errors that qpdf cannot detect", "");
    assertThat(findings).as(r.all()).doesNotContainIgnoringCase("error");
  }

  /** The encryption qpdf reports, less the line saying which password was supplied. */
  private static String encryptionOf(Path pdf, String password) {
    return showEncryption(pdf, password).lines().filter(l -> !l.startsWith("Supplied password"))
        .reduce("", (a, b) -> a + b + "\n");
  }

  private VerificationReport kysoVerify(Path pdf, String password) throws Exception {
    Verifier.Builder b = Verifier.builder().formats(PdfVerification.format())
        .trust(TrustAnchors.of(pki.pki().root().certificate()));
    if (password != null) {
      b.password(password.toCharArray());
    }
    return b.build().verify(pdf);
  }

  private void assertSignedAndStillEncrypted(Path in, Path out, String password, String pdfsigOption, int count)
      throws Exception {
    String before = encryptionOf(in, password);
    String after = encryptionOf(out, password);
    assertThat(after).as("the same encryption, the same permissions").isEqualTo(before);
    assertThat(after).as("still encrypted").contains("R = ").contains("User password = ");
    assertQpdfChecks(out, password);
    Judges.assertPdfsigPasses(out, pki.pki().root().certificate(), count, List.of(pdfsigOption, password));
    VerificationReport r = kysoVerify(out, password);
    assertThat(r.signatures()).hasSize(count);
    assertThat(r.verdict()).as("%s", r.signatures().get(0).findings()).isEqualTo(Verdict.TOTAL_PASSED);
  }

  @Test
  void aDocumentThatNeedsAUserPasswordIsSignedWithItAndStaysEncryptedAes256() throws Exception {
    Path in = encrypt(UNICODE_USER, OWNER, "256");
    Path out = dir.resolve("signed.pdf");
    try (SigningKey p12 = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      CountingKey key = new CountingKey(p12);
      PdfSigner.builder(key).password(UNICODE_USER.toCharArray()).build().sign(in, out);
      assertThat(key.calls()).as("the fast engine handed the document over before the key was used").isEqualTo(1);
    }
    assertThat(showEncryption(out, UNICODE_USER)).contains("R = 6").contains("AESv3");
    assertSignedAndStillEncrypted(in, out, UNICODE_USER, "-upw", 1);
    // the user password is still needed: without it kyso's verifier asks for it
    assertThatThrownBy(() -> kysoVerify(out, null)).isInstanceOf(DocumentException.class)
        .hasMessageContaining("--password-env");
  }

  @Test
  void dssParametersNeverPrintThePassword() throws Exception {
    // DSS's own PAdESSignatureParameters.toString lists the password: kyso's engine hands DSS a subclass that does not
    var settings = new org.kyso.pdf.internal.PadesEngine.Settings(Level.B_LTA, org.kyso.core.SignatureAlgorithm.RSA_SHA256,
        List.of(pki.pki().person("Nguyễn Văn An").certificate()), TimestampService.of(tsa.url()),
        TrustAnchors.of(pki.pki().root().certificate()), null, null, null, null, null, null);
    String printed = new org.kyso.pdf.internal.PadesEngine(settings,
        org.kyso.core.internal.revocation.RevocationSources.online(), USER.toCharArray()).describeParameters();
    assertThat(printed).contains("password hidden").doesNotContain(USER)
        .doesNotContain(String.join(", ", USER.chars().mapToObj(c -> String.valueOf((char) c)).toList()));
  }

  @Test
  void anAes128DocumentIsSignedAndStaysAes128() throws Exception {
    Path in = encrypt(USER, OWNER, "128", "--use-aes=y");
    Path out = dir.resolve("signed-128.pdf");
    try (SigningKey key = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      PdfSigner.builder(key).password(USER.toCharArray()).build().sign(in, out);
    }
    assertThat(showEncryption(out, USER)).contains("R = 4").contains("AESv2");
    assertSignedAndStillEncrypted(in, out, USER, "-upw", 1);
  }

  @Test
  void anRc4DocumentIsSignedAndStaysRc4() throws Exception {
    Path in = encrypt(USER, OWNER, "128", "--use-aes=n");
    Path out = dir.resolve("signed-rc4.pdf");
    try (SigningKey key = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      PdfSigner.builder(key).password(USER.toCharArray()).build().sign(in, out);
    }
    assertThat(showEncryption(out, USER)).contains("R = 3").doesNotContain("AES"); // qpdf names no method for R3
    assertSignedAndStillEncrypted(in, out, USER, "-upw", 1);
  }

  @Test
  void theOwnerPasswordOpensTheDocumentToo() throws Exception {
    Path in = encrypt(USER, OWNER, "256");
    Path out = dir.resolve("signed-owner.pdf");
    try (SigningKey key = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      PdfSigner.builder(key).password(OWNER.toCharArray()).build().sign(in, out);
    }
    assertSignedAndStillEncrypted(in, out, USER, "-upw", 1);
    assertSignedAndStillEncrypted(in, out, OWNER, "-opw", 1);
  }

  @Test
  void anOwnerPasswordOnlyDocumentIsSignedWithoutAskingForAPassword() throws Exception {
    Path in = encrypt("", OWNER, "256");
    Path out = dir.resolve("signed-owner-only.pdf");
    try (SigningKey key = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      PdfSigner.builder(key).build().sign(in, out);
    }
    assertSignedAndStillEncrypted(in, out, "", "-upw", 1);
    assertThat(kysoVerify(out, null).verdict()).isEqualTo(Verdict.TOTAL_PASSED);
  }

  @Test
  void aSecondSignatureAtBLtaKeepsTheEncryptionAndTheFirstSignature() throws Exception {
    Path in = encrypt(USER, OWNER, "256");
    Path first = dir.resolve("first.pdf");
    Path second = dir.resolve("second.pdf");
    try (SigningKey an = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an");
        SigningKey binh = TestKeys.p12(pki.pki().person("Trần Thị Bình"), dir, "binh")) {
      PdfSigner.builder(an).password(USER.toCharArray())
          .appearance(Appearance.signerInfo().at(Placement.rect(1, 300, 600, 200, 60))).build().sign(in, first);
      PdfSigner.builder(binh).password(USER.toCharArray()).level(Level.B_LTA)
          .trust(TrustAnchors.of(pki.pki().root().certificate()))
          .timestamps(TimestampService.of(tsa.url())).build().sign(first, second);
    }
    assertSignedAndStillEncrypted(in, second, USER, "-upw", 2);
    VerificationReport r = kysoVerify(second, USER);
    assertThat(r.signatures()).allSatisfy(s -> assertThat(s.indication()).isEqualTo(org.kyso.core.verify.Indication.TOTAL_PASSED));
    assertThat(r.signatures().get(1).level()).isEqualTo("PAdES-BASELINE-LTA");
  }

  @Test
  void extendingAProtectedDocumentTakesThePasswordAndKeepsTheEncryption() throws Exception {
    Path in = encrypt(USER, OWNER, "256");
    Path signed = dir.resolve("b-b.pdf");
    Path extended = dir.resolve("b-t.pdf");
    try (SigningKey key = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      PdfSigner.builder(key).password(USER.toCharArray()).build().sign(in, signed);
    }
    PdfExtender.Builder without = PdfExtender.builder(Level.B_T).timestamps(TimestampService.of(tsa.url()));
    assertThatThrownBy(() -> without.build().extend(signed, dir.resolve("never.pdf")))
        .isInstanceOf(DocumentException.class).hasMessageContaining("--password-env");
    without.password(USER.toCharArray()).build().extend(signed, extended);
    assertSignedAndStillEncrypted(in, extended, USER, "-upw", 1);
    assertThat(kysoVerify(extended, USER).signatures().get(0).level()).isEqualTo("PAdES-BASELINE-T");
  }

  @Test
  void twoStepSigningTakesThePasswordToo() throws Exception {
    byte[] in = Files.readAllBytes(encrypt(USER, OWNER, "256"));
    Path out = dir.resolve("two-step.pdf");
    try (SigningKey key = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      PdfSigner signer = PdfSigner.builder(key.certificateChain()).password(USER.toCharArray()).build();
      PreparedSignature prepared = signer.prepare(in);
      byte[] value = key.signDigest(prepared.algorithm(), prepared.digest());
      Files.write(out, signer.complete(in, prepared, value));
    }
    assertQpdfChecks(out, USER);
    Judges.assertPdfsigPasses(out, pki.pki().root().certificate(), 1, List.of("-upw", USER));
  }

  @Test
  void aBatchSignsProtectedAndPlainDocumentsTogether() throws Exception {
    Path in = encrypt(USER, OWNER, "256");
    Path plain = dir.resolve("plain.pdf");
    Files.write(plain, SampleLetter.create());
    Path out1 = dir.resolve("batch-protected.pdf");
    Path out2 = dir.resolve("batch-plain.pdf");
    try (SigningKey p12 = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      CountingKey key = new CountingKey(p12);
      PdfSigner signer = PdfSigner.builder(key).password(USER.toCharArray()).build();
      List<org.kyso.core.SigningBatch.Outcome> outcomes = org.kyso.core.SigningBatch.builder(key).build()
          .sign(List.of(new org.kyso.core.SigningBatch.Task(in, out1, signer),
              new org.kyso.core.SigningBatch.Task(plain, out2, signer)));
      assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());
      assertThat(key.calls()).isEqualTo(2);
    }
    assertSignedAndStillEncrypted(in, out1, USER, "-upw", 1);
    Judges.assertPdfsigPasses(out2, pki.pki().root().certificate(), 1);
  }

  @Test
  void aMissingPasswordIsOneSentenceNamingTheOptionAndTheKeyIsNotUsed() throws Exception {
    Path in = encrypt(USER, OWNER, "256");
    Path out = dir.resolve("never.pdf");
    try (SigningKey p12 = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      CountingKey key = new CountingKey(p12);
      assertThatThrownBy(() -> PdfSigner.builder(key).build().sign(in, out))
          .isInstanceOf(DocumentException.class)
          .hasMessageContaining("is protected by a password")
          .hasMessageContaining("--password-env")
          .hasMessageNotContaining("does not open it")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("org.apache").doesNotContain("Exception"));
      assertThat(key.calls()).isZero();
    }
    assertThat(out).doesNotExist();
    assertThat(dir.toFile().list()).noneMatch(n -> n.endsWith(".part"));
  }

  @Test
  void aWrongPasswordIsOneSentenceWithoutThePasswordAndNothingIsWritten() throws Exception {
    Path in = encrypt(USER, OWNER, "256");
    Path out = dir.resolve("never.pdf");
    try (SigningKey p12 = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      CountingKey key = new CountingKey(p12);
      PdfSigner signer = PdfSigner.builder(key).password("sai-mật-khẩu".toCharArray()).build();
      assertThatThrownBy(() -> signer.sign(in, out))
          .isInstanceOf(DocumentException.class)
          .hasMessageContaining("the password given does not open it")
          .hasMessageContaining("--password-file")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sai-mật-khẩu"));
      assertThat(signer.toString()).doesNotContain("sai-mật-khẩu");
      assertThat(key.calls()).isZero();
    }
    assertThat(out).doesNotExist();
  }

  @Test
  void aDocumentEncryptedForCertificatesIsRefusedInOneSentence() throws Exception {
    byte[] encrypted;
    try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(SampleLetter.create())) {
      var policy = new org.apache.pdfbox.pdmodel.encryption.PublicKeyProtectionPolicy();
      var recipient = new org.apache.pdfbox.pdmodel.encryption.PublicKeyRecipient();
      recipient.setX509(pki.pki().person("Trần Thị Bình").certificate());
      recipient.setPermission(new org.apache.pdfbox.pdmodel.encryption.AccessPermission());
      policy.addRecipient(recipient);
      doc.protect(policy);
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      doc.save(out);
      encrypted = out.toByteArray();
    }
    try (SigningKey p12 = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      CountingKey key = new CountingKey(p12);
      for (PdfSigner signer : List.of(PdfSigner.builder(key).build(),
          PdfSigner.builder(key).password(USER.toCharArray()).build())) {
        assertThatThrownBy(() -> signer.sign(encrypted)).isInstanceOf(DocumentException.class)
            .satisfies(e -> assertThat(e.getMessage()).contains("certificate")
                .doesNotContain("keyStore").doesNotContain("org.apache").doesNotContain("Exception"));
      }
      assertThat(key.calls()).isZero();
    }
  }

  @Test
  void restrictionsThatForbidSigningRefuseTheUserPasswordButNotTheOwnerPassword() throws Exception {
    Path in = encrypt(USER, OWNER, "256", "--form=n", "--modify-other=n", "--annotate=n", "--modify=none");
    Path out = dir.resolve("restricted.pdf");
    try (SigningKey key = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      assertThatThrownBy(() -> PdfSigner.builder(key).password(USER.toCharArray()).build().sign(in, out))
          .isInstanceOf(DocumentException.class).hasMessageContaining("does not allow filling in forms or signing")
          .hasMessageContaining("owner password");
      assertThat(out).doesNotExist();
      PdfSigner.builder(key).password(OWNER.toCharArray()).build().sign(in, out);
    }
    assertSignedAndStillEncrypted(in, out, USER, "-upw", 1);
  }
}
