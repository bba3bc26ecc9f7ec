package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.DocumentException;
import org.kyso.core.SigningKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.internal.dss.DssAdapters;
import org.kyso.core.testing.ExternalTools;
import org.kyso.core.testing.TestPki;
import org.kyso.core.verify.Verdict;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verifier;
import org.kyso.pdf.testing.Judges;
import org.kyso.pdf.testing.TestKeys;
import org.kyso.pdf.testing.SampleLetter;
import org.kyso.pdf.testing.XrefKinds;

/** Password-protected PDFs: owner-password-only documents are signed and stay encrypted; verification takes a password. */
class EncryptedPdfTest {
  static TestPki pki;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    pki = TestPki.start();
  }

  @AfterAll
  static void stop() {
    pki.close();
  }

  private Path encrypt(String user, String owner, String... extra) throws Exception {
    Path qpdf = ExternalTools.require("qpdf", "qpdf");
    Path in = dir.resolve("letter.pdf");
    Files.write(in, SampleLetter.create());
    Path out = dir.resolve("enc-" + user.length() + ".pdf");
    List<String> cmd = new java.util.ArrayList<>(List.of(qpdf.toString(), "--encrypt", user, owner, "256"));
    cmd.addAll(List.of(extra));
    cmd.addAll(List.of("--", in.toString(), out.toString()));
    ExternalTools.Result r = ExternalTools.run(cmd);
    assertThat(r.exitCode()).as(r.all()).isIn(0, 3);
    return out;
  }

  @Test
  void anOwnerPasswordOnlyDocumentIsSignedAndStaysEncrypted() throws Exception {
    Path in = encrypt("", "owner-secret");
    Path out = dir.resolve("signed.pdf");
    try (SigningKey key = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      PdfSigner.builder(key).build().sign(in, out);
    }
    byte[] signed = Files.readAllBytes(out);
    try (PDDocument doc = Loader.loadPDF(signed)) {
      assertThat(doc.isEncrypted()).isTrue();
    }
    XrefKinds.assertQpdfNoWarning(out);
    Judges.assertDssPasses(signed, pki.pki().root().certificate(), 1);
    VerificationReport r = Verifier.builder().formats(PdfVerification.format())
        .trust(TrustAnchors.of(pki.pki().root().certificate())).build()
        .verify(out);
    assertThat(r.verdict()).isEqualTo(Verdict.TOTAL_PASSED);
  }

  @Test
  void anOwnerPasswordThatForbidsFormFillingIsRefusedInOneSentence() throws Exception {
    Path in = encrypt("", "owner-secret", "--form=n", "--modify-other=n", "--annotate=n", "--modify=none");
    try (SigningKey key = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      assertThatThrownBy(() -> PdfSigner.builder(key).build().sign(in, dir.resolve("x.pdf")))
          .isInstanceOf(DocumentException.class).hasMessageContaining("owner password");
    }
    assertThat(dir.resolve("x.pdf")).doesNotExist();
  }

  @Test
  void aSignedDocumentThatNeedsAPasswordIsVerifiedWithIt() throws Exception {
    Path in = encrypt("user-secret", "owner-secret");
    byte[] signed;
    try (SigningKey key = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      PAdESService service = new PAdESService(new CommonCertificateVerifier());
      PAdESSignatureParameters p = new PAdESSignatureParameters();
      p.setSignatureLevel(SignatureLevel.PAdES_BASELINE_B);
      p.setDigestAlgorithm(eu.europa.esig.dss.enumerations.DigestAlgorithm.SHA256);
      p.setPasswordProtection("user-secret".toCharArray());
      p.setSigningCertificate(DssAdapters.token(key.certificate()));
      p.setCertificateChain(DssAdapters.tokens(key.certificateChain()));
      DSSDocument doc = new InMemoryDocument(Files.readAllBytes(in));
      var value = DssAdapters.sign(key, org.kyso.core.SignatureAlgorithm.RSA_SHA256, service.getDataToSign(doc, p));
      try (var s = service.signDocument(doc, p, value).openStream()) {
        signed = s.readAllBytes();
      }
    }
    TrustAnchors trust = TrustAnchors.of(pki.pki().root().certificate());
    assertThatThrownBy(() -> Verifier.builder().formats(PdfVerification.format())
        .trust(trust).build().verify(signed, "protected.pdf"))
        .isInstanceOf(DocumentException.class).hasMessageContaining("--password-env")
        .hasMessageNotContaining("Exception");
    assertThatThrownBy(() -> Verifier.builder().formats(PdfVerification.format())
        .trust(trust).password("wrong".toCharArray()).build()
        .verify(signed, "protected.pdf")).isInstanceOf(DocumentException.class)
        .hasMessageContaining("does not open it");
    VerificationReport r = Verifier.builder().formats(PdfVerification.format())
        .trust(trust).password("user-secret".toCharArray()).build()
        .verify(signed, "protected.pdf");
    assertThat(r.signatures()).hasSize(1);
    assertThat(r.verdict()).as("%s", r.signatures().get(0).findings()).isEqualTo(Verdict.TOTAL_PASSED);
  }

  @Test
  void aHostileEncryptionDictionaryGetsOneSentence() throws Exception {
    byte[] pdf;
    try (SigningKey key = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      pdf = PdfSigner.builder(key).build().sign(SampleLetter.create());
    }
    String s = new String(pdf, java.nio.charset.StandardCharsets.ISO_8859_1);
    java.util.regex.Matcher sx = java.util.regex.Pattern.compile("startxref\\s+(\\d+)").matcher(s);
    String prev = null;
    while (sx.find()) {
      prev = sx.group(1);
    }
    java.util.regex.Matcher sz = java.util.regex.Pattern.compile("/Size (\\d+)").matcher(s);
    int size = 0;
    while (sz.find()) {
      size = Math.max(size, Integer.parseInt(sz.group(1)));
    }
    java.util.regex.Matcher rt = java.util.regex.Pattern.compile("/Root (\\d+ \\d+ R)").matcher(s);
    rt.find();
    String obj = size + " 0 obj\n<< /Filter /Bogus /V 99 /R 42 /O (x) /U (y) /P -1 >>\nendobj\n";
    int off = pdf.length;
    String x = "xref\n0 1\n0000000000 65535 f \n" + size + " 1\n" + String.format("%010d", off) + " 00000 n \ntrailer\n<< /Size "
        + (size + 1) + " /Root " + rt.group(1) + " /Encrypt " + size + " 0 R /ID [<00><00>] /Prev " + prev
        + " >>\nstartxref\n" + (off + obj.length()) + "\n%%EOF\n";
    byte[] hostile = (s + obj + x).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> Verifier.builder().formats(PdfVerification.format())
        .offline(true).build().verify(hostile, "hostile.pdf"))
        .isInstanceOf(DocumentException.class).hasMessageContaining("encrypted with an unknown or damaged method");
    try (SigningKey key = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an2")) {
      assertThatThrownBy(() -> PdfSigner.builder(key).build().sign(hostile))
          .isInstanceOf(DocumentException.class).hasMessageContaining("encrypted with an unknown or damaged method");
    }
  }

  /** pyHanko's signed-encrypted-pubkey-with-catalog-ref.pdf: certificate encryption used to end in a PDFBox sentence. */
  @Test
  void aSignedDocumentEncryptedForACertificateGetsOneSentence() throws Exception {
    byte[] signed;
    try (SigningKey key = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an3")) {
      signed = PdfSigner.builder(key).build().sign(SampleLetter.create());
    }
    byte[] encrypted;
    try (PDDocument doc = Loader.loadPDF(signed)) {
      org.apache.pdfbox.pdmodel.encryption.PublicKeyProtectionPolicy policy =
          new org.apache.pdfbox.pdmodel.encryption.PublicKeyProtectionPolicy();
      org.apache.pdfbox.pdmodel.encryption.PublicKeyRecipient recipient =
          new org.apache.pdfbox.pdmodel.encryption.PublicKeyRecipient();
      recipient.setX509(pki.pki().person("Trần Thị Bình").certificate());
      recipient.setPermission(new org.apache.pdfbox.pdmodel.encryption.AccessPermission());
      policy.addRecipient(recipient);
      doc.protect(policy);
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      doc.save(out);
      encrypted = out.toByteArray();
    }
    assertThat(new String(encrypted, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("/Adobe.PubSec");
    assertThatThrownBy(() -> Verifier.builder().formats(PdfVerification.format())
        .offline(true).build().verify(encrypted, "recipients.pdf"))
        .isInstanceOf(DocumentException.class)
        .hasMessageContaining("public-key security")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("keyStore").doesNotContain("org.apache"));
  }

  /** pyHanko's minimal-aes256-malformed-oe.pdf: an /OE that is an array used to show a PDFBox ClassCastException. */
  @Test
  void anEncryptionEntryOfTheWrongTypeGetsOneSentence() throws Exception {
    String s = new String(Files.readAllBytes(encrypt("", "owner-secret")), java.nio.charset.StandardCharsets.ISO_8859_1);
    java.util.regex.Matcher oe = java.util.regex.Pattern.compile("/OE\\s*(<[0-9a-fA-F]*>|\\((?:\\\\.|[^\\\\)])*\\))")
        .matcher(s);
    assertThat(oe.find()).as("qpdf wrote an /OE string").isTrue();
    String array = String.format("%-" + (oe.end() - oe.start()) + "s", "/OE [0]"); // same length: offsets hold
    byte[] bad = (s.substring(0, oe.start()) + array + s.substring(oe.end()))
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> Verifier.builder().formats(PdfVerification.format())
        .offline(true).build().verify(bad, "malformed-oe.pdf"))
        .isInstanceOf(DocumentException.class)
        .hasMessageContaining("encrypted with an unknown or damaged method")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("org.apache").doesNotContain("cast"));
  }
}
