package org.kyso.xml.real;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kyso.core.verify.Finding;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.ReportFormats;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verdict;
import org.kyso.core.verify.Verifier;
import org.kyso.xml.XmlVerification;
import org.kyso.xml.XmlVerifier;

/**
 * The real e-invoices and tax messages of {@code ../shared/data/einvoice-real} (what providers and the tax authority
 * write): each signature gets the answer its README gives (xmlsec1 with the embedded certificate), offline and
 * without trust anchors; the same files with one digit of a signed amount, or one character of a SignatureValue,
 * changed are TOTAL_FAILED.
 */
@Timeout(300)
class RealEInvoiceTest {
  /** One signature as the README describes it: its role, and whether xmlsec1 verifies it (else the bad reference). */
  record Expected(String role, boolean valid, String brokenReference, String claimedTime) {}

  static final Map<String, List<Expected>> README = Map.of(
      "vnpt-hdon-nban.xml", List.of(new Expected("seller", true, null, "2022-07-21T15:26:46+07:00")),
      "ca2-hdon-nban.xml", List.of(new Expected("seller", true, null, "2025-01-02T16:03:55+07:00")),
      "ca2-tdiep202-nban-cqt.xml", List.of(new Expected("seller", true, null, "2025-10-17T15:02:30+07:00"),
          new Expected("taxAuthority", true, null, "2025-10-17T15:02:36+07:00")),
      "bksoft-tdiep202-nban-broken-cqt.xml", List.of(new Expected("seller", false, "'#SigningTime'", null),
          new Expected("taxAuthority", true, null, "2021-11-25T18:11:51+07:00")),
      "tax-authority-tdiep102-cqt.xml", List.of(new Expected("taxAuthority", true, null,
          "2021-11-23T09:23:08+07:00")),
      "vnpt-hdon-reindented-broken.xml", List.of(new Expected("seller", false, "'#DuLieuKy'", null)),
      "tvan-hdon-unsigned-template.xml", List.of());

  private static final XmlVerifier XML = XmlVerifier.builder().offline(true).build();
  private static final Verifier VERIFIER = Verifier.builder().formats(XmlVerification.format()).offline(true).build();

  @Test
  void everyRealSignatureGetsTheReadmesAnswer() throws Exception {
    Path dir = RealData.folder("einvoice-real");
    List<String> seen = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".xml")).sorted().toList()) {
        seen.add(f.getFileName().toString());
        List<Expected> expected = README.get(f.getFileName().toString());
        assertThat(expected).as("the README lists %s", f.getFileName()).isNotNull();
        VerificationReport r = XML.verify(f);
        check(r, expected);
        // the library's Verifier judges XML by the same path
        VerificationReport v = VERIFIER.verify(f);
        assertThat(v.signatures()).extracting(SignatureResult::indication)
            .isEqualTo(r.signatures().stream().map(SignatureResult::indication).toList());
      }
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(README.keySet());
  }

  private static void check(VerificationReport r, List<Expected> expected) {
    if (expected.isEmpty()) {
      assertThat(r.verdict()).isEqualTo(Verdict.NO_SIGNATURE);
      return;
    }
    assertThat(r.signatures()).as(r.file()).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      SignatureResult s = r.signatures().get(i);
      Expected e = expected.get(i);
      String what = r.file() + " signature " + (i + 1) + ": " + s.findings();
      assertThat(r.role(s)).as(what).contains(e.role());
      if (e.valid()) {
        // genuine: cannot be confirmed offline only because the Vietnamese chain is not trusted
        assertThat(s.indication()).as(what).isEqualTo(Indication.INDETERMINATE);
        assertThat(s.subIndication()).as(what).contains("NO_CERTIFICATE_CHAIN_FOUND");
        assertThat(errorCodes(s)).as(what).containsExactly("dss.BBB_XCV_CCCBB_SIG_ANS");
        assertThat(s.claimedSigningTime()).as(what).contains(OffsetDateTime.parse(e.claimedTime()));
        assertThat(s.signedBy()).as(what).isNotEqualTo("?");
      } else {
        assertThat(s.indication()).as(what).isEqualTo(Indication.TOTAL_FAILED);
        assertThat(s.findings()).as(what).anySatisfy(f -> {
          assertThat(f.code()).isEqualTo("xml.referenceChanged");
          assertThat(f.arguments()).containsExactly(e.brokenReference());
        });
      }
      // legacy algorithms are warnings naming the rule, never errors
      assertThat(s.findings()).filteredOn(f -> f.code().startsWith("crypto."))
          .allSatisfy(f -> assertThat(f.kind()).isEqualTo(Finding.Kind.WARNING));
    }
  }

  private static List<String> errorCodes(SignatureResult s) {
    return s.findings().stream().filter(f -> f.kind() == Finding.Kind.ERROR).map(Finding::code).toList();
  }

  @Test
  void aDigitChangedInASignedAmountFailsEverySignatureThatCoversIt() throws Exception {
    Path dir = RealData.folder("einvoice-real");
    for (String name : README.keySet()) {
      if (README.get(name).isEmpty()) {
        continue;
      }
      String xml = Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
      String amount = xml.contains("<TgTTTBSo>") ? "TgTTTBSo" : "So";
      String changed = changeDigitAfter(xml, "<" + amount + ">");
      VerificationReport r = XML.verify(changed.getBytes(StandardCharsets.UTF_8), name, Map.of());
      assertThat(r.verdict()).as(name).isEqualTo(Verdict.TOTAL_FAILED);
      assertThat(r.verdict().exitCode()).isEqualTo(1);
      for (SignatureResult s : r.signatures()) {
        assertThat(s.indication()).as(name + " " + s.findings()).isEqualTo(Indication.TOTAL_FAILED);
        assertThat(s.findings()).as(name).anySatisfy(f -> assertThat(f.code()).isEqualTo("xml.referenceChanged"));
      }
    }
  }

  @Test
  void aCharacterChangedInASignatureValueFailsThatSignature() throws Exception {
    Path dir = RealData.folder("einvoice-real");
    for (String name : README.keySet()) {
      String xml = Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
      int count = README.get(name).size();
      for (int i = 0; i < count; i++) {
        String changed = changeSignatureValue(xml, i);
        VerificationReport r = XML.verify(changed.getBytes(StandardCharsets.UTF_8), name, Map.of());
        assertThat(r.verdict()).as(name).isEqualTo(Verdict.TOTAL_FAILED);
        assertThat(r.verdict().exitCode()).isEqualTo(1);
        SignatureResult s = r.signatures().get(i);
        assertThat(s.indication()).as(name + " " + s.findings()).isEqualTo(Indication.TOTAL_FAILED);
        assertThat(s.subIndication()).contains("SIG_CRYPTO_FAILURE");
        assertThat(s.findings()).anySatisfy(f -> assertThat(f.code()).isEqualTo("xml.signatureValueInvalid"));
      }
    }
  }

  @Test
  void theVietnameseReportHasNoEnglishSentenceFromKyso() throws Exception {
    Path dir = RealData.folder("einvoice-real");
    List<VerificationReport> reports = new ArrayList<>();
    for (String name : README.keySet()) {
      reports.add(XML.verify(dir.resolve(name)));
      String xml = Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
      if (!README.get(name).isEmpty()) {
        reports.add(XML.verify(changeSignatureValue(xml, 0).getBytes(StandardCharsets.UTF_8), name, Map.of()));
      }
    }
    String vi = ReportFormats.text(reports, Locale.forLanguageTag("vi"));
    for (String english : List.of("signature", "reference", "signed with", "does not", "wrapping", "was changed",
        "Signed by", "The ")) {
      assertThat(vi).as(vi).doesNotContain(english);
    }
    assertThat(vi).contains("người bán (DSCKS/NBan)", "cơ quan thuế (DSCKS/CQT)", "ký hiệu hóa đơn C25TAC",
        "số hóa đơn 1632", "mã của cơ quan thuế (MCCQT) 00790E97754D9248FC987A5C4A07E52DAC");
    String json = ReportFormats.json(reports);
    assertThat(json).contains("\"role\": \"seller\"", "\"code\": \"xml.signatureValueInvalid\"",
        "\"KHHDon\": \"C25TAC\"", "\"SHDon\": \"1632\"", "\"NBan.MST\": \"3700789868\"", "\"MCCQT\": ");
  }

  /** The text with the first digit after {@code marker} replaced by the next digit. */
  static String changeDigitAfter(String xml, String marker) {
    int at = xml.indexOf(marker);
    assertThat(at).as(marker).isPositive();
    for (int i = at + marker.length(); i < xml.length(); i++) {
      char c = xml.charAt(i);
      if (Character.isDigit(c)) {
        return xml.substring(0, i) + (char) ('0' + (c - '0' + 1) % 10) + xml.substring(i + 1);
      }
    }
    throw new AssertionError("no digit after " + marker);
  }

  /** The text with one character in the middle of the {@code index}-th SignatureValue changed. */
  static String changeSignatureValue(String xml, int index) {
    Matcher m = Pattern.compile("<(?:\\w+:)?SignatureValue[^>]*>([^<]+)<").matcher(xml);
    for (int i = 0; i <= index; i++) {
      assertThat(m.find()).isTrue();
    }
    int at = m.start(1) + (m.end(1) - m.start(1)) / 2;
    while (!Character.isLetterOrDigit(xml.charAt(at))) {
      at++;
    }
    char c = xml.charAt(at);
    char d = c == 'A' ? 'B' : 'A';
    return xml.substring(0, at) + d + xml.substring(at + 1);
  }
}
