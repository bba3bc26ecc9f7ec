package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.DocumentException;
import org.kyso.core.Level;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.SignerCertificateException;
import org.kyso.core.SigningKey;
import org.kyso.core.TimestampService;
import org.kyso.core.TrustAnchors;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.ExternalTools;
import org.kyso.core.testing.TestPki;
import org.kyso.core.testing.TestTsa;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verdict;
import org.kyso.core.verify.Verifier;
import org.kyso.pdf.testing.TestKeys;
import org.kyso.pdf.testing.SampleLetter;

/** PAdES B-T, B-LT and B-LTA with a loopback TSA, CRL and OCSP: levels, failover, revocation, extension. */
class LevelsTest {
  static TestPki pki;
  static TestTsa tsa;
  static TrustAnchors trust;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    pki = TestPki.start();
    tsa = TestTsa.start(pki.pki());
    trust = TrustAnchors.of(pki.pki().root().certificate());
  }

  @AfterAll
  static void stop() {
    tsa.close();
    pki.close();
  }

  private Path letter(String name) throws Exception {
    Path in = dir.resolve(name);
    Files.write(in, SampleLetter.create());
    return in;
  }

  private static PdfSigner.Builder signer(SigningKey key, Level level, TimestampService tsas) {
    return PdfSigner.builder(key).level(level).timestamps(tsas).trust(trust);
  }

  private static VerificationReport verify(Path pdf, boolean offline) throws Exception {
    return Verifier.builder().formats(PdfVerification.format()).trust(trust).offline(offline).build().verify(pdf);
  }

  private static SignatureResult only(VerificationReport r) {
    assertThat(r.signatures()).hasSize(1);
    return r.signatures().get(0);
  }

  @Test
  void eachLevelIsReportedExactlyAndLongTermLevelsPassOffline() throws Exception {
    tsa.mode(TestTsa.Mode.NORMAL);
    Path in = letter("letter.pdf");
    try (SigningKey key = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      for (Level level : List.of(Level.B_T, Level.B_LT, Level.B_LTA)) {
        Path out = dir.resolve("letter." + level.label() + ".pdf");
        signer(key, level, TimestampService.of(tsa.url())).build().sign(in, out);

        SignatureResult online = only(verify(out, false));
        assertThat(online.level()).isEqualTo("PAdES-BASELINE-" + level.label().substring(2));
        assertThat(online.indication()).as("%s online: %s", level, online.errors()).isEqualTo(Indication.TOTAL_PASSED);
        assertThat(online.provenSigningTime()).as("a timestamp proves the time").isPresent();
        if (level != Level.B_T) {
          VerificationReport offline = verify(out, true);
          assertThat(only(offline).level()).isEqualTo(online.level());
          assertThat(offline.verdict()).as("%s offline: %s", level, only(offline).errors())
              .isEqualTo(Verdict.TOTAL_PASSED);
        }
      }
    }
  }

  @Test
  void bTWithoutRevocationDataIsNotConclusiveOffline() throws Exception {
    tsa.mode(TestTsa.Mode.NORMAL);
    Path out = dir.resolve("bt.pdf");
    try (SigningKey key = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      signer(key, Level.B_T, TimestampService.of(tsa.url())).build().sign(letter("in.pdf"), out);
    }
    assertThat(verify(out, true).verdict()).isEqualTo(Verdict.INDETERMINATE);
  }

  @Test
  void theNextTsaIsUsedWhenTheFirstFails() throws Exception {
    try (TestTsa bad = TestTsa.start(pki.pki());
        SigningKey key = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      tsa.mode(TestTsa.Mode.NORMAL);
      Path in = letter("in.pdf");
      List<Object> failures = List.of("refused", TestTsa.Mode.HTTP_500, TestTsa.Mode.WRONG_IMPRINT,
          TestTsa.Mode.WRONG_NONCE);
      for (Object failure : failures) {
        var first = failure instanceof TestTsa.Mode m ? bad.mode(m).url() : TestTsa.refusedUrl();
        int before = tsa.requests();
        Path out = dir.resolve("failover-" + failure + ".pdf");
        signer(key, Level.B_T, TimestampService.of(first, tsa.url())).build().sign(in, out);
        assertThat(tsa.requests()).as("%s: the second TSA answered", failure).isEqualTo(before + 1);
        SignatureResult s = only(verify(out, false));
        assertThat(s.level()).isEqualTo("PAdES-BASELINE-T");
        assertThat(s.indication()).as("%s: %s", failure, s.errors()).isEqualTo(Indication.TOTAL_PASSED);
      }
    }
  }

  @Test
  void whenEveryTsaFailsNothingIsWritten() throws Exception {
    try (TestTsa broken = TestTsa.start(pki.pki());
        SigningKey key = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      broken.mode(TestTsa.Mode.WRONG_NONCE);
      Path out = dir.resolve("never.pdf");
      PdfSigner s = signer(key, Level.B_T, TimestampService.of(TestTsa.refusedUrl(), broken.url())).build();
      assertThatThrownBy(() -> s.sign(letter("in.pdf"), out)).isInstanceOf(ServiceUnavailableException.class)
          .hasMessageContaining(broken.url().toString()).hasMessageContaining("nonce");
      assertThat(out).doesNotExist();
      try (var files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
      }
    }
  }

  @Test
  void aRevokedCertificateCannotSign() throws Exception {
    try (TestPki withOcsp = TestPki.startWithOcsp()) {
      for (TestPki p : List.of(pki, withOcsp)) {
        DevPki.Identity binh = p.pki().person("Trần Thị Bình");
        p.revoke(binh.certificate(), Instant.now().minus(Duration.ofHours(1)));
        Path out = dir.resolve("revoked.pdf");
        try (SigningKey key = TestKeys.p12(binh, dir, "binh")) {
          PdfSigner s = PdfSigner.builder(key).build();
          assertThatThrownBy(() -> s.sign(letter("in.pdf"), out)).isInstanceOf(SignerCertificateException.class)
              .hasMessageContaining("Trần Thị Bình").hasMessageContaining("revoked");
        }
        assertThat(out).doesNotExist();
      }
    }
  }

  @Test
  void aSignatureTimestampedBeforeTheRevocationStaysValidOneMadeAfterDoesNot() throws Exception {
    DevPki.Identity chi = pki.pki().person("Phạm Văn Chí");
    tsa.mode(TestTsa.Mode.NORMAL);
    Instant now = Instant.now();
    Clock tenMinutesAgo = Clock.fixed(now.minus(Duration.ofMinutes(10)), ZoneOffset.UTC);
    Path before = dir.resolve("before.pdf");
    Path after = dir.resolve("after.pdf");
    try (SigningKey key = TestKeys.p12(chi, dir, "chi")) {
      tsa.clock(tenMinutesAgo);
      try {
        signer(key, Level.B_T, TimestampService.of(tsa.url())).clock(tenMinutesAgo).build()
            .sign(letter("in.pdf"), before);
      } finally {
        tsa.clock(Clock.systemUTC());
      }
      pki.revoke(chi.certificate(), now.minus(Duration.ofMinutes(5)));
      // the CA cannot be reached, so the pre-signing check only warns and the signature is made
      pki.unavailable(true);
      try {
        signer(key, Level.B_T, TimestampService.of(tsa.url())).build().sign(letter("in.pdf"), after);
      } finally {
        pki.unavailable(false);
      }
    }
    SignatureResult b = only(verify(before, false));
    assertThat(b.indication()).as("signed before: %s", b.errors()).isEqualTo(Indication.TOTAL_PASSED);
    SignatureResult a = only(verify(after, false));
    assertThat(a.indication()).isNotEqualTo(Indication.TOTAL_PASSED);
    assertThat(a.subIndication()).contains("REVOKED_NO_POE");
  }

  @Test
  void anAlreadySignedPdfIsExtendedToBLta() throws Exception {
    tsa.mode(TestTsa.Mode.NORMAL);
    Path signed = dir.resolve("signed-bb.pdf");
    Path extended = dir.resolve("signed-lta.pdf");
    try (SigningKey key = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      PdfSigner.builder(key).build().sign(letter("in.pdf"), signed);
    }
    assertThat(only(verify(signed, false)).level()).isEqualTo("PAdES-BASELINE-B");
    PdfSigner lta = PdfSigner.builder(List.of(pki.pki().person("Chỉ có chứng thư").certificate()))
        .level(Level.B_LTA).timestamps(TimestampService.of(tsa.url())).trust(trust).build();
    lta.extend(signed, extended);
    VerificationReport r = verify(extended, true);
    assertThat(only(r).level()).isEqualTo("PAdES-BASELINE-LTA");
    assertThat(r.verdict()).as("%s", only(r).errors()).isEqualTo(Verdict.TOTAL_PASSED);

    // extending again adds another archive timestamp and stays B-LTA
    Path again = dir.resolve("signed-lta2.pdf");
    lta.extend(extended, again);
    VerificationReport r2 = verify(again, true);
    assertThat(only(r2).level()).isEqualTo("PAdES-BASELINE-LTA");
    assertThat(r2.verdict()).isEqualTo(Verdict.TOTAL_PASSED);
    assertThat(r2.documentTimestamps().size() + only(r2).timestamps().size())
        .isGreaterThan(r.documentTimestamps().size() + only(r).timestamps().size());
  }

  @Test
  void extendingAnUnsignedPdfIsRefused() throws Exception {
    PdfSigner lta = PdfSigner.builder(List.of(pki.pki().person("An").certificate()))
        .level(Level.B_LTA).timestamps(TimestampService.of(tsa.url())).trust(trust).build();
    Path out = dir.resolve("out.pdf");
    assertThatThrownBy(() -> lta.extend(letter("in.pdf"), out)).isInstanceOf(DocumentException.class)
        .hasMessageContaining("no signature");
    assertThat(out).doesNotExist();
  }

  @Test
  void everyTimestampTokenInABLtaPdfVerifiesWithOpenssl() throws Exception {
    Path openssl = ExternalTools.require("openssl", "openssl");
    tsa.mode(TestTsa.Mode.NORMAL);
    Path out = dir.resolve("lta.pdf");
    try (SigningKey key = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      signer(key, Level.B_LTA, TimestampService.of(tsa.url())).build().sign(letter("in.pdf"), out);
    }
    Path ca = dir.resolve("tsa-ca.pem");
    Files.writeString(ca, DevPki.pem(pki.pki().issuingCa().certificate()) + DevPki.pem(pki.pki().root().certificate()));
    List<byte[][]> tokens = new ArrayList<>(); // {token, the data it timestamps}
    byte[] pdf = Files.readAllBytes(out);
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      for (PDSignature sig : doc.getSignatureDictionaries()) {
        byte[] contents = sig.getContents(pdf);
        if ("ETSI.RFC3161".equals(sig.getSubFilter())) {
          tokens.add(new byte[][] {contents, byteRange(pdf, sig.getByteRange())});
        } else {
          SignerInformation si = new CMSSignedData(contents).getSignerInfos().getSigners().iterator().next();
          var attr = si.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
          byte[] token = attr.getAttrValues().getObjectAt(0).toASN1Primitive().getEncoded("DER");
          tokens.add(new byte[][] {token, si.getSignature()});
        }
      }
    }
    assertThat(tokens).hasSize(2); // the signature timestamp and the archive (document) timestamp
    int i = 0;
    for (byte[][] t : tokens) {
      Path token = dir.resolve("token" + i + ".der");
      Path data = dir.resolve("token" + i++ + ".data");
      Files.write(token, t[0]);
      Files.write(data, t[1]);
      var r = ExternalTools.run(List.of(openssl.toString(), "ts", "-verify", "-token_in", "-in", token.toString(),
          "-data", data.toString(), "-CAfile", ca.toString()));
      assertThat(r.exitCode()).as(r.all()).isZero();
      assertThat(r.all()).contains("Verification: OK");
    }
  }

  private static byte[] byteRange(byte[] pdf, int[] br) {
    byte[] out = new byte[br[1] + br[3]];
    System.arraycopy(pdf, br[0], out, 0, br[1]);
    System.arraycopy(pdf, br[2], out, br[1], br[3]);
    return out;
  }
}
