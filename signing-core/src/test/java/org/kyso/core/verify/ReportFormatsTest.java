package org.kyso.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kyso.core.internal.verify.Messages;

class ReportFormatsTest {
  private static final OffsetDateTime T = OffsetDateTime.of(2025, 7, 1, 2, 30, 0, 123_000_000, ZoneOffset.UTC)
      .withOffsetSameInstant(ZoneOffset.ofHours(7));

  static SignatureResult passed(String name) {
    TimestampResult ts = new TimestampResult("T-1", "SIGNATURE_TIMESTAMP", T.plusMinutes(1), Indication.TOTAL_PASSED,
        Optional.empty(), Optional.of("kyso TSA"));
    return SignatureResult.of("S-1", Indication.TOTAL_PASSED, Optional.empty(), "PAdES-BASELINE-T", name,
        "CN=" + name + ",C=VN", Optional.of(T), Optional.of(T.plusMinutes(1)), List.of(ts), true, List.of());
  }

  static SignatureResult failed() {
    return SignatureResult.of("S-2", Indication.TOTAL_FAILED, Optional.of("HASH_FAILURE"), "PAdES-BASELINE-B",
        "Trần Thị Bình", "CN=Trần Thị Bình,C=VN", Optional.of(T), Optional.empty(), List.of(), false,
        List.of(Messages.finding(Finding.Kind.MODIFICATION, "modification.pageAdded", "3"),
            new Finding(Finding.Kind.ERROR, "dss.BBB_CV_IRDOI_ANS", List.of(), "The reference data object is not intact!"),
            new Finding(Finding.Kind.WARNING, "dss.SOMETHING_NEW", List.of(), "A warning DSS added later")));
  }

  @Test
  void jsonHasTheContractShape() {
    VerificationReport r = new VerificationReport("received.pdf", "PAdES", List.of(passed("Nguyễn Văn An")),
        List.of(), Optional.empty());
    String expected = """
        {
          "files": [
            {
              "file": "received.pdf",
              "format": "PAdES",
              "verdict": "TOTAL_PASSED",
              "signatures": [
                {
                  "id": "S-1",
                  "indication": "TOTAL_PASSED",
                  "subIndication": null,
                  "level": "PAdES-BASELINE-T",
                  "signedBy": "Nguyễn Văn An",
                  "certificateSubject": "CN=Nguyễn Văn An,C=VN",
                  "claimedSigningTime": "2025-07-01T09:30:00+07:00",
                  "provenSigningTime": "2025-07-01T09:31:00+07:00",
                  "timestamps": [
                    {
                      "type": "SIGNATURE_TIMESTAMP",
                      "time": "2025-07-01T09:31:00+07:00",
                      "indication": "TOTAL_PASSED",
                      "subIndication": null,
                      "producedBy": "kyso TSA"
                    }
                  ],
                  "coversWholeDocument": true,
                  "modificationsAfterSigning": [],
                  "errors": [],
                  "warnings": [],
                  "issuer": null,
                  "issuerName": null,
                  "organisation": null,
                  "organisationalUnit": null,
                  "identifiers": [],
                  "taxCode": null,
                  "personalId": null,
                  "certificateSerial": null,
                  "certificateValidFrom": null,
                  "certificateValidTo": null,
                  "validAtSigningTime": null,
                  "revocation": {
                    "status": "NONE",
                    "source": null,
                    "producedBy": null,
                    "producedAt": null,
                    "revokedAt": null,
                    "reason": "not checked"
                  },
                  "intact": null,
                  "trustAnchor": null,
                  "trustProfile": null,
                  "trustSource": null
                }
              ],
              "documentTimestamps": []
            }
          ]
        }
        """;
    assertThat(ReportFormats.json(List.of(r))).isEqualTo(expected);
  }

  @Test
  void jsonEscapesStringsAndListsEveryFile() {
    VerificationReport weird = new VerificationReport("a \"quoted\"\\name\n\t\u0001.pdf", "PAdES", List.of(failed()),
        List.of(), Optional.empty());
    VerificationReport none = new VerificationReport("empty.xml", "XML", List.of(), List.of(), Optional.empty());
    String json = ReportFormats.json(List.of(weird, none));
    assertThat(json).contains("\"file\": \"a \\\"quoted\\\"\\\\name\\n\\t\\u0001.pdf\"")
        .contains("\"verdict\": \"TOTAL_FAILED\"", "\"subIndication\": \"HASH_FAILURE\"",
            "\"modificationsAfterSigning\": [\n            \"page 3 added after signing\"\n          ]",
            "\"provenSigningTime\": null", "\"verdict\": \"NO_SIGNATURE\"", "\"signatures\": []",
            "\"coversWholeDocument\": false")
        .endsWith("}\n");
    assertThat(ReportFormats.json(List.of())).isEqualTo("{\n  \"files\": []\n}\n");
  }

  @Test
  void vietnameseTextReportReadsCorrectly() {
    VerificationReport r = new VerificationReport("quyết-định.pdf", "PAdES", List.of(passed("Nguyễn Văn An"), failed()),
        List.of(), Optional.empty());
    String vi = ReportFormats.text(List.of(r), ReportFormats.VIETNAMESE);
    assertThat(vi).contains("Tệp: quyết-định.pdf", "Kết luận: KHÔNG HỢP LỆ", "Chữ ký 1:", "Người ký: Nguyễn Văn An",
        "Kết quả: hợp lệ (TOTAL_PASSED)", "Thời điểm ký (do người ký khai): 2025-07-01 09:30:00 +07:00",
        "Thời điểm ký (được chứng minh bằng dấu thời gian): 2025-07-01 09:31:00 +07:00",
        "dấu thời gian của chữ ký, 2025-07-01 09:31:00 +07:00: hợp lệ (do kyso TSA cấp)", "Phạm vi ký: toàn bộ tài liệu",
        "Chữ ký 2:", "Kết quả: không hợp lệ (TOTAL_FAILED)",
        "Lý do: nội dung đã ký bị thay đổi sau khi ký (giá trị băm không khớp) (HASH_FAILURE)",
        "Thay đổi sau khi ký:", "- trang 3 được thêm vào sau khi ký",
        "- Dữ liệu được tham chiếu không còn nguyên vẹn!",
        "- A warning DSS added later");
    // UTF-8 round trip keeps the composed Vietnamese letters
    assertThat(new String(vi.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(vi);
    assertThat(vi).doesNotContain("{0}").doesNotContain("??");
  }

  @Test
  void englishTextReportAndSummary() {
    VerificationReport a = new VerificationReport("a.pdf", "PAdES", List.of(passed("An")), List.of(), Optional.empty());
    VerificationReport b = new VerificationReport("b.xml", "XAdES", List.of(failed()), List.of(), Optional.empty());
    VerificationReport c = new VerificationReport("c.pdf", "PAdES", List.of(), List.of(), Optional.empty());
    String en = ReportFormats.text(List.of(a, b, c), Locale.ENGLISH);
    assertThat(en).contains("Verdict: VALID", "Verdict: INVALID", "Verdict: NO SIGNATURE",
        "No signature was found in this file.", "Reason: the signed content was altered after signing",
        "- page 3 added after signing", "- The reference data object is not intact!",
        "3 file(s): 1 valid, 1 invalid, 0 cannot be confirmed, 1 without signature",
        "Covers: only the signed elements of the document, not the whole file");
    assertThat(ReportFormats.text(List.of(a), Locale.forLanguageTag("fr"))).contains("Verdict: VALID");
  }

  @Test
  void verdictFollowsTheExitCodeOrder() {
    SignatureResult ok = passed("An");
    SignatureResult bad = failed();
    SignatureResult unsure = SignatureResult.of("S-3", Indication.INDETERMINATE,
        Optional.of("NO_CERTIFICATE_CHAIN_FOUND"), "XAdES-BASELINE-B", "X", "CN=X", Optional.empty(),
        Optional.empty(), List.of(), true, List.of());
    assertThat(report(ok).verdict()).isEqualTo(Verdict.TOTAL_PASSED);
    assertThat(report(ok, unsure).verdict()).isEqualTo(Verdict.INDETERMINATE);
    assertThat(report(unsure, bad, ok).verdict()).isEqualTo(Verdict.TOTAL_FAILED);
    assertThat(report().verdict()).isEqualTo(Verdict.NO_SIGNATURE);
    TimestampResult badTs = new TimestampResult("T", "DOCUMENT_TIMESTAMP", T, Indication.INDETERMINATE,
        Optional.of("NO_CERTIFICATE_CHAIN_FOUND"), Optional.empty());
    assertThat(new VerificationReport("f", "PAdES", List.of(ok), List.of(badTs), Optional.empty()).verdict())
        .isEqualTo(Verdict.INDETERMINATE);
    assertThat(List.of(Verdict.TOTAL_PASSED, Verdict.TOTAL_FAILED, Verdict.INDETERMINATE, Verdict.NO_SIGNATURE))
        .extracting(Verdict::exitCode).containsExactly(0, 1, 2, 3);
    assertThat(Verdict.TOTAL_PASSED.worse(Verdict.NO_SIGNATURE)).isEqualTo(Verdict.NO_SIGNATURE);
    assertThat(Verdict.INDETERMINATE.worse(Verdict.TOTAL_FAILED)).isEqualTo(Verdict.TOTAL_FAILED);
  }

  @Test
  void findingsKeepTheEnglishListsInStep() {
    SignatureResult s = failed();
    assertThat(s.modificationsAfterSigning()).containsExactly("page 3 added after signing");
    assertThat(s.errors()).containsExactly("The reference data object is not intact!");
    assertThat(s.warnings()).containsExactly("A warning DSS added later");
    SignatureResult plain = new SignatureResult("S", Indication.TOTAL_PASSED, Optional.empty(), "L", "A", "CN=A",
        Optional.empty(), Optional.empty(), List.of(), true, List.of("m"), List.of("e"), List.of("w"));
    assertThat(plain.findings()).extracting(Finding::text).containsExactly("m", "e", "w");
  }

  private static VerificationReport report(SignatureResult... s) {
    return new VerificationReport("f.pdf", "PAdES", List.of(s), List.of(), Optional.empty());
  }
}
