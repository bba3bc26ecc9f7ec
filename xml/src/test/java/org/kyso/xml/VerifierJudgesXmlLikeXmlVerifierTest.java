package org.kyso.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.DocumentException;
import org.kyso.core.SigningKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.internal.dss.DssVerification;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.ReportFormats;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verdict;
import org.kyso.core.verify.Verifier;

/**
 * Given this module's format ({@link XmlVerification}), the library's {@link Verifier} judges XML by {@link
 * XmlVerifier}'s rules, with its own settings, and gives the reports {@code kyso verify} gives.
 */
@Timeout(180)
class VerifierJudgesXmlLikeXmlVerifierTest {
  @TempDir static Path dir;
  static XmlFixtures fx;
  static SigningKey seller;
  static byte[] invoice;
  static Path invoiceFile;
  static Clock clock;

  @BeforeAll
  static void setUp() throws Exception {
    fx = new XmlFixtures(dir);
    seller = fx.rsaKey("Công ty TNHH Đà Nẵng Xanh");
    invoice = XmlSigner.builder(seller).profile(XmlProfile.EINVOICE).build()
        .sign(XmlFixtures.resource("einvoice.xml"));
    invoiceFile = fx.write("hoa-don.signed.xml", invoice);
    clock = Clock.fixed(Clock.systemUTC().instant().plusSeconds(5), java.time.ZoneOffset.UTC);
  }

  @AfterAll
  static void tearDown() {
    fx.close();
  }

  private static Verifier.Builder verifier() {
    return Verifier.builder().formats(XmlVerification.format()).trust(fx.trust()).clock(clock);
  }

  /** As {@code kyso verify} builds it for an XML file. */
  private static XmlVerifier.Builder xmlVerifier() {
    return XmlVerifier.builder().trust(fx.trust()).clock(clock).detachedContentsFromFolder(true);
  }

  private static String json(VerificationReport r) {
    // online, each run fetches its revocation data anew (the test CRL is issued on each request): its time differs
    return ReportFormats.json(List.of(r)).replaceAll("\"producedAt\": \"[^\"]*\"", "\"producedAt\": \"…\"");
  }

  private static String english(VerificationReport r) {
    return ReportFormats.text(List.of(r), Locale.ENGLISH);
  }

  private static SignatureResult only(VerificationReport r) {
    assertThat(r.signatures()).hasSize(1);
    return r.signatures().get(0);
  }

  @Test
  void plainXmlDsigEInvoicePassesWithTheRootTrustedAsWithXmlVerifier() throws Exception {
    VerificationReport r = verifier().build().verify(invoiceFile);
    assertThat(r.verdict()).as(english(r)).isEqualTo(Verdict.TOTAL_PASSED);
    assertThat(r.format()).isEqualTo("XMLDSig");
    SignatureResult s = only(r);
    assertThat(s.signedBy()).isEqualTo("Công ty TNHH Đà Nẵng Xanh");
    assertThat(s.claimedSigningTime()).isPresent(); // the signed SigningTime property
    assertThat(s.errors()).isEmpty();

    VerificationReport x = xmlVerifier().build().verify(invoiceFile, Map.of());
    assertThat(json(r)).isEqualTo(json(x));
    assertThat(english(r)).isEqualTo(english(x));
    assertThat(ReportFormats.text(List.of(r), ReportFormats.VIETNAMESE))
        .isEqualTo(ReportFormats.text(List.of(x), ReportFormats.VIETNAMESE));
  }

  @Test
  void theSameInvoiceInMemoryGetsTheSameReport() throws Exception {
    VerificationReport r = verifier().build().verify(invoice, "hoa-don.signed.xml");
    assertThat(r.verdict()).isEqualTo(Verdict.TOTAL_PASSED);
    assertThat(json(r)).isEqualTo(json(xmlVerifier().build().verify(invoice, "hoa-don.signed.xml", Map.of())));
  }

  @Test
  void withoutTheRootTrustedTheInvoiceIsNotPassedByEither() throws Exception {
    VerificationReport r = Verifier.builder().formats(XmlVerification.format())
        .clock(clock).build().verify(invoiceFile);
    assertThat(r.verdict()).isEqualTo(Verdict.INDETERMINATE);
    VerificationReport x = XmlVerifier.builder().clock(clock).detachedContentsFromFolder(true).build()
        .verify(invoiceFile);
    assertThat(json(r)).isEqualTo(json(x));
  }

  @Test
  void invoiceWithOneChangedCharacterFails() throws Exception {
    String text = new String(invoice, StandardCharsets.UTF_8);
    String changed = text.replaceFirst("<SHDon>123</SHDon>", "<SHDon>124</SHDon>");
    assertThat(changed).isNotEqualTo(text).hasSameSizeAs(text);
    Path file = fx.write("hoa-don.changed.xml", changed.getBytes(StandardCharsets.UTF_8));

    VerificationReport r = verifier().build().verify(file);
    assertThat(r.verdict()).as(english(r)).isEqualTo(Verdict.TOTAL_FAILED);
    SignatureResult s = only(r);
    assertThat(s.indication()).isEqualTo(Indication.TOTAL_FAILED);
    assertThat(s.subIndication()).contains("HASH_FAILURE");
    assertThat(s.errors()).anyMatch(e -> e.contains("#DLHDon-C25TAA-123") && e.contains("does not match"));
    assertThat(json(r)).isEqualTo(json(xmlVerifier().build().verify(file)));
  }

  @Test
  void xadesStillVerifiesAsBefore() throws Exception {
    Path in = fx.write("cong-van.xml", XmlFixtures.resource("einvoice.xml"));
    Path out = dir.resolve("cong-van.xades.xml");
    XmlSigner.builder(seller).build().sign(in, out);

    VerificationReport r = verifier().build().verify(out);
    // what Verifier gave before the SPI: DSS's default policy and the common analysis
    VerificationReport before = new DssVerification(new DssVerification.Settings(fx.trust(), true, false, false,
        clock, Optional.empty(), Duration.ofMinutes(2))).verify(out);
    assertThat(r.verdict()).as(english(r)).isEqualTo(Verdict.TOTAL_PASSED);
    assertThat(before.verdict()).isEqualTo(Verdict.TOTAL_PASSED);
    assertThat(r.format()).isEqualTo("XAdES").isEqualTo(before.format());
    SignatureResult s = only(r);
    SignatureResult b = only(before);
    assertThat(s.indication()).isEqualTo(b.indication());
    assertThat(s.subIndication()).isEqualTo(b.subIndication());
    assertThat(s.level()).isEqualTo("XAdES-BASELINE-B").isEqualTo(b.level());
    assertThat(s.signedBy()).isEqualTo(b.signedBy());
    assertThat(s.claimedSigningTime()).isEqualTo(b.claimedSigningTime());
    assertThat(s.errors()).isEqualTo(b.errors());
    assertThat(json(r)).isEqualTo(json(xmlVerifier().build().verify(out)));
  }

  @Test
  void edxmlAttachmentsAreReadFromTheEnvelopesFolderForAFileOnly() throws Exception {
    byte[] decision = "%PDF-1.7 Quyết định số 15/QĐ-UBND".getBytes(StandardCharsets.UTF_8);
    byte[] appendix = "%PDF-1.7 Phụ lục I".getBytes(StandardCharsets.UTF_8);
    SigningKey office = fx.key(fx.pki.pki().organisation("Ủy ban nhân dân thành phố Đà Nẵng"), "ubnd.p12");
    byte[] envelope = XmlSigner.builder(office).profile(XmlProfile.EDXML).attachment("15-QD-UBND.pdf", decision)
        .attachment("cid:phu-luc-1.pdf", appendix).build().sign(XmlFixtures.resource("edxml-envelope.xml"));
    Path received = Files.createDirectories(dir.resolve("received"));
    Path file = Files.write(received.resolve("envelope.xml"), envelope);
    Files.write(received.resolve("15-QD-UBND.pdf"), decision);
    Files.write(received.resolve("phu-luc-1.pdf"), appendix);

    VerificationReport r = verifier().build().verify(file);
    assertThat(r.verdict()).as(english(r)).isEqualTo(Verdict.TOTAL_PASSED);
    assertThat(json(r)).isEqualTo(json(xmlVerifier().build().verify(file)));

    // in memory there is no folder: the attachments are not found
    VerificationReport inMemory = verifier().build().verify(envelope, "envelope.xml");
    assertThat(only(inMemory).passed()).isFalse();
    assertThat(only(inMemory).errors()).anyMatch(e -> e.contains("cid:phu-luc-1.pdf") && e.contains("not found"));

    // an attachment larger than the verifier's size limit is refused, not read
    Files.write(received.resolve("phu-luc-1.pdf"), new byte[envelope.length + 1]);
    assertThatThrownBy(() -> verifier().maxFileSize(envelope.length).build().verify(file))
        .isInstanceOf(DocumentException.class).hasMessageContaining("phu-luc-1.pdf")
        .hasMessageContaining("size limit");
  }

  @Test
  void theVerifiersSettingsReachTheXmlRules() throws Exception {
    // offline: a B-B signature without embedded revocation data cannot pass, as with XmlVerifier offline
    VerificationReport offline = verifier().offline(true).build().verify(invoiceFile);
    assertThat(offline.verdict()).isEqualTo(Verdict.INDETERMINATE);
    assertThat(json(offline)).isEqualTo(json(xmlVerifier().offline(true).build().verify(invoiceFile)));

    // a caller's policy replaces kyso's plain XMLDSig policy: DSS's default policy wants a XAdES signing time
    Path policy = dir.resolve("constraint.xml");
    try (InputStream in = eu.europa.esig.dss.policy.ValidationPolicyFacade.class
        .getResourceAsStream("/policy/constraint.xml")) {
      Files.write(policy, in.readAllBytes());
    }
    VerificationReport strict = verifier().validationPolicy(policy).build().verify(invoiceFile);
    assertThat(only(strict).indication()).isEqualTo(Indication.INDETERMINATE);
    assertThat(only(strict).subIndication()).contains("SIG_CONSTRAINTS_FAILURE");

    VerificationReport detailed = verifier().detailedReport(true).build().verify(invoiceFile);
    assertThat(detailed.detailedReportXml()).isPresent();

    assertThatThrownBy(() -> verifier().maxFileSize(invoice.length - 1).build().verify(invoiceFile))
        .isInstanceOf(DocumentException.class).hasMessageContaining("larger than");
  }

  @Test
  void unsignedXmlHasNoSignatureAndDtdIsRefused() throws Exception {
    Path unsigned = fx.write("unsigned.xml", XmlFixtures.resource("einvoice.xml"));
    assertThat(verifier().build().verify(unsigned).verdict()).isEqualTo(Verdict.NO_SIGNATURE);
    Path dtd = fx.write("dtd.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE HDon [<!ENTITY x \"x\">]>\n<HDon>&x;</HDon>"
        .getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> verifier().build().verify(dtd)).isInstanceOf(DocumentException.class)
        .hasMessageContaining("DTD");
  }

  @Test
  void onlyXmlIsClaimedNeverAPdf() {
    XmlVerification xml = XmlVerification.format();
    assertThat(xml.claims("%PDF-1.7\n%âãÏÓ\n".getBytes(StandardCharsets.ISO_8859_1))).isFalse();
    assertThat(xml.claims("junk".getBytes(StandardCharsets.US_ASCII))).isFalse();
    assertThat(xml.claims(new byte[0])).isFalse();
    assertThat(xml.claims("<?xml version=\"1.0\"?><a/>".getBytes(StandardCharsets.US_ASCII))).isTrue();
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, ' ', '\n', '<', 'a', '/', '>'};
    assertThat(xml.claims(bom)).isTrue();
  }

  @Test
  void verifiersOfTwoTrustSettingsDoNotShareState() throws Exception {
    Verifier trusting = verifier().build();
    Verifier untrusting = Verifier.builder().formats(XmlVerification.format())
        .clock(clock).trust(TrustAnchors.none()).build();
    assertThat(untrusting.verify(invoiceFile).verdict()).isEqualTo(Verdict.INDETERMINATE);
    assertThat(trusting.verify(invoiceFile).verdict()).isEqualTo(Verdict.TOTAL_PASSED);
    assertThat(untrusting.verify(invoiceFile).verdict()).isEqualTo(Verdict.INDETERMINATE);
  }
}
