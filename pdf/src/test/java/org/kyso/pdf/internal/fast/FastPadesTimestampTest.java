package org.kyso.pdf.internal.fast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.simplereport.SimpleReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.SigningKey;
import org.kyso.core.TimestampService;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.ExternalTools;
import org.kyso.core.testing.TestPki;
import org.kyso.core.testing.TestTsa;
import org.kyso.pdf.testing.CountingKey;
import org.kyso.pdf.testing.Judges;
import org.kyso.pdf.testing.SampleLetter;
import org.kyso.pdf.testing.TestKeys;

/**
 * The fast path's PAdES B-T: the signature timestamp over the SignatureValue is fetched after the key signs, checked,
 * and added as id-aa-signatureTimeStampToken; DSS sees PAdES-BASELINE-T with its timestamp passed, pdfsig a valid
 * signature, and {@code openssl ts -verify} the token over the signature value. A token that is wrong (imprint,
 * nonce) or refused fails the document with one sentence and writes nothing.
 */
class FastPadesTimestampTest {
  static TestPki pki;
  static TestTsa tsa;
  static DevPki.Identity an;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    pki = TestPki.start();
    an = pki.pki().person("Nguyễn Văn An");
    tsa = TestTsa.start(pki.pki());
  }

  @AfterAll
  static void stop() {
    tsa.close();
    pki.close();
  }

  @AfterEach
  void normal() {
    tsa.mode(TestTsa.Mode.NORMAL);
  }

  private static FastPadesSigner.Builder signer(SigningKey key) {
    return FastPadesSigner.builder(key).timestamps(TimestampService.of(tsa.url()));
  }

  @Test
  void aFastPathTimestampedSignatureIsBaselineTInDssPdfsigAndOpenssl() throws Exception {
    Path in = Files.write(dir.resolve("letter.pdf"), SampleLetter.create());
    Path out = dir.resolve("letter.signed.pdf");
    int before = tsa.requests();
    try (SigningKey key = TestKeys.p12(an, dir, "an")) {
      FastPadesSigner s = signer(key).build();
      assertThat(s.timestamps()).isTrue();
      s.sign(in, out);
      assertThat(s.tokenRoom()).as("the room is sized from the token seen").isLessThan(
          FastPadesSigner.DEFAULT_TOKEN_ROOM);
    }
    assertThat(tsa.requests() - before).isEqualTo(1);
    byte[] pdf = Files.readAllBytes(out);
    var reports = Judges.assertDssPasses(pdf, pki.pki().root().certificate(), 1);
    SimpleReport simple = reports.getSimpleReport();
    String id = simple.getFirstSignatureId();
    assertThat(simple.getSignatureFormat(id)).isEqualTo(SignatureLevel.PAdES_BASELINE_T);
    assertThat(simple.getSignatureTimestamps(id)).hasSize(1)
        .allSatisfy(t -> assertThat(t.getIndication()).isEqualTo(Indication.PASSED));
    Judges.assertPdfsigPasses(out, pki.pki().root().certificate(), 1);

    // the token alone, against the signature value it timestamps
    Path openssl = ExternalTools.require("openssl", "openssl");
    byte[] token;
    byte[] value;
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      byte[] contents = doc.getLastSignatureDictionary().getContents(pdf);
      SignerInformation si = new CMSSignedData(contents).getSignerInfos().getSigners().iterator().next();
      var attr = si.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
      token = attr.getAttrValues().getObjectAt(0).toASN1Primitive().getEncoded("DER");
      value = si.getSignature();
    }
    Path tokenFile = Files.write(dir.resolve("token.der"), token);
    Path ca = dir.resolve("tsa-ca.pem");
    Files.writeString(ca, DevPki.pem(pki.pki().issuingCa().certificate())
        + DevPki.pem(pki.pki().root().certificate()));
    String imprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
    var r = ExternalTools.run(List.of(openssl.toString(), "ts", "-verify", "-token_in", "-in", tokenFile.toString(),
        "-digest", imprint, "-CAfile", ca.toString()));
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.all()).contains("Verification: OK");
  }

  @Test
  void aTokenOverAnotherImprintIsRefusedWithASentence() throws Exception {
    refused(TestTsa.Mode.WRONG_IMPRINT, "another message imprint");
  }

  @Test
  void aTokenWithAnotherNonceIsRefusedWithASentence() throws Exception {
    refused(TestTsa.Mode.WRONG_NONCE, "nonce");
  }

  @Test
  void aRefusalOfTheTsaFailsTheDocumentWithASentence() throws Exception {
    refused(TestTsa.Mode.REJECTED, "refused");
  }

  @Test
  void aTsaErrorFailsTheDocumentWithASentence() throws Exception {
    refused(TestTsa.Mode.HTTP_500, "HTTP 500");
  }

  private void refused(TestTsa.Mode mode, String why) throws Exception {
    tsa.mode(mode);
    Path in = Files.write(dir.resolve("letter.pdf"), SampleLetter.create());
    Path out = dir.resolve("letter.signed.pdf");
    try (SigningKey key = TestKeys.p12(an, dir, "an")) {
      FastPadesSigner s = signer(key).build();
      assertThatThrownBy(() -> s.sign(in, out)).isInstanceOf(ServiceUnavailableException.class)
          .hasMessageContaining(why).hasMessageNotContaining("\n").hasMessageNotContaining("Exception");
      assertThatThrownBy(() -> s.sign(Files.readAllBytes(in))).isInstanceOf(ServiceUnavailableException.class)
          .hasMessageContaining(why);
    }
    assertThat(out).doesNotExist();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    }
  }

  @Test
  void aTokenLargerThanTheRoomPlannedMakesTheDocumentPlannedAndSignedAgainOnce() throws Exception {
    Path in = Files.write(dir.resolve("letter.pdf"), SampleLetter.create());
    Path out = dir.resolve("letter.signed.pdf");
    try (CountingKey key = new CountingKey(TestKeys.p12(an, dir, "an"))) {
      // room for 200 bytes: no real token fits, so the first signature cannot be used
      FastPadesSigner s = signer(key).initialTokenRoom(200).build();
      s.sign(in, out);
      assertThat(key.calls()).as("signed again once, with room for the token").isEqualTo(2);
      s.sign(in, dir.resolve("second.pdf"));
      assertThat(key.calls()).as("the next document is planned with room for the token").isEqualTo(3);
    }
    var reports = Judges.assertDssPasses(Files.readAllBytes(out), pki.pki().root().certificate(), 1);
    assertThat(reports.getSimpleReport().getSignatureFormat(reports.getSimpleReport().getFirstSignatureId()))
        .isEqualTo(SignatureLevel.PAdES_BASELINE_T);
    Judges.assertPdfsigPasses(out, pki.pki().root().certificate(), 1);
  }

  @Test
  void aStreamedFileWhoseTokenOutgrowsItsRoomIsPlannedAgainAndVerifies() throws Exception {
    // over the 16 MiB read whole: the file is copied and digested in one pass, then planned again for the token
    Path in = LargePdf.write(dir.resolve("large.pdf"), 20, 1 << 20);
    assertThat(Files.size(in)).isGreaterThan(16L << 20);
    Path out = dir.resolve("large.signed.pdf");
    try (CountingKey key = new CountingKey(TestKeys.p12(an, dir, "an"))) {
      signer(key).initialTokenRoom(200).build().sign(in, out);
      assertThat(key.calls()).isEqualTo(2);
    }
    Judges.assertPdfsigPasses(out, pki.pki().root().certificate(), 1);
    var reports = Judges.assertDssPasses(Files.readAllBytes(out), pki.pki().root().certificate(), 1);
    String id = reports.getSimpleReport().getFirstSignatureId();
    assertThat(reports.getSimpleReport().getSignatureFormat(id)).isEqualTo(SignatureLevel.PAdES_BASELINE_T);
  }

  @Test
  void twoStepSigningWithATimestampIsLeftToTheGeneralSigner() throws Exception {
    try (SigningKey key = TestKeys.p12(an, dir, "an")) {
      FastPadesSigner s = signer(key).build();
      assertThatThrownBy(() -> s.prepare(SampleLetter.create(), java.time.Instant.now()))
          .isInstanceOf(FastPathUnsupportedException.class);
    }
  }
}
