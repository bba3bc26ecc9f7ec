package org.kyso.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Circular 15/2025 fields of a signature in the text (vi, en) and JSON reports. */
class SignerDetailsReportTest {
  private static final OffsetDateTime SIGNED = OffsetDateTime.of(2025, 7, 1, 9, 30, 0, 0, ZoneOffset.ofHours(7));

  private static SignerDetails details(SignerDetails.Revocation revocation) {
    return new SignerDetails(Optional.of("CN=VNPT-CA SHA2,O=VNPT,C=VN"), Optional.of("VNPT-CA SHA2"),
        Optional.of("UBND phường Điện Biên"), Optional.of("Văn phòng"), List.of("MST:0101234567", "CCCD:001090001234"),
        Optional.of("5402BC5C"), Optional.of(SIGNED.minusYears(1)), Optional.of(SIGNED.plusYears(2)), revocation,
        Optional.of(true), Optional.of("CN=Vietnam National Root CA,C=VN"), Optional.of("vn-public"));
  }

  private static SignatureResult signature(SignerDetails d) {
    return ReportFormatsTest.passed("Nguyễn Văn An").withDetails(d);
  }

  @Test
  void readsTaxCodePersonalIdAndProfile() {
    SignerDetails d = details(SignerDetails.Revocation.NOT_CHECKED);
    assertThat(d.taxCode()).contains("0101234567");
    assertThat(d.personalId()).contains("CCCD:001090001234");
    assertThat(d.trustProfile()).contains("vn-public");
    SignerDetails file = new SignerDetails(d.issuer(), d.issuerName(), d.organisation(), d.organisationalUnit(),
        List.of(), d.serialNumber(), d.validFrom(), d.validTo(), d.revocation(), d.intact(), d.trustAnchor(),
        Optional.of("roots/vn.pem"));
    assertThat(file.trustProfile()).isEmpty();
    assertThat(file.taxCode()).isEmpty();
  }

  @Test
  void validAtSigningTimeFollowsThePeriodAndTheRevocationDate() {
    var good = signature(details(new SignerDetails.Revocation(SignerDetails.Revocation.Status.GOOD,
        Optional.of("OCSP"), Optional.of("VNPT-CA OCSP"), Optional.of(SIGNED.plusHours(1)), Optional.empty(),
        Optional.empty())));
    assertThat(good.validAtSigningTime()).contains(true); // proven time 09:31, inside the period
    var revokedAfter = signature(details(new SignerDetails.Revocation(SignerDetails.Revocation.Status.REVOKED,
        Optional.of("CRL"), Optional.of("VNPT-CA SHA2"), Optional.of(SIGNED.plusDays(2)),
        Optional.of(SIGNED.plusDays(1)), Optional.of("KEY_COMPROMISE"))));
    assertThat(revokedAfter.validAtSigningTime()).contains(true);
    var revokedBefore = signature(details(new SignerDetails.Revocation(SignerDetails.Revocation.Status.REVOKED,
        Optional.of("CRL"), Optional.of("VNPT-CA SHA2"), Optional.of(SIGNED), Optional.of(SIGNED.minusDays(1)),
        Optional.of("KEY_COMPROMISE"))));
    assertThat(revokedBefore.validAtSigningTime()).contains(false);
    assertThat(ReportFormatsTest.passed("An").validAtSigningTime()).isEmpty(); // no certificate known
  }

  @Test
  void textAndJsonShowEveryField() {
    var s = signature(details(new SignerDetails.Revocation(SignerDetails.Revocation.Status.GOOD, Optional.of("OCSP"),
        Optional.of("VNPT-CA OCSP"), Optional.of(SIGNED.plusHours(1)), Optional.empty(), Optional.empty())));
    var report = new VerificationReport("hop-dong.pdf", "PAdES", List.of(s), List.of(), Optional.empty());
    String vi = ReportFormats.text(List.of(report), ReportFormats.VIETNAMESE);
    assertThat(vi).contains("Tổ chức cung cấp dịch vụ chứng thực (CA cấp chứng thư): VNPT-CA SHA2 (CN=VNPT-CA SHA2,O=VNPT,C=VN)")
        .contains("Cơ quan, tổ chức: UBND phường Điện Biên").contains("Đơn vị: Văn phòng")
        .contains("Mã số thuế (MST): 0101234567").contains("Số định danh cá nhân: CCCD:001090001234")
        .contains("Số hiệu chứng thư số: 5402BC5C")
        .contains("Thời hạn hiệu lực của chứng thư số: từ 2024-07-01 09:30:00 +07:00 đến 2027-07-01 09:30:00 +07:00")
        .contains("Chứng thư số còn hiệu lực tại thời điểm ký: có")
        .contains("Trạng thái thu hồi: chưa bị thu hồi, theo nguồn OCSP, do VNPT-CA OCSP cung cấp, lúc 2025-07-01 10:30:00 +07:00")
        .contains("Tính toàn vẹn: nội dung được ký còn nguyên vẹn")
        .contains("Tin cậy qua: CN=Vietnam National Root CA,C=VN (hồ sơ tin cậy vn-public)")
        .contains("Thời điểm ký (được chứng minh bằng dấu thời gian): 2025-07-01 09:31:00 +07:00")
        .contains("do kyso TSA cấp");
    String en = ReportFormats.text(List.of(report), Locale.ENGLISH);
    assertThat(en).contains("Issuing CA: VNPT-CA SHA2 (CN=VNPT-CA SHA2,O=VNPT,C=VN)")
        .contains("Tax code (MST): 0101234567").contains("Personal ID: CCCD:001090001234")
        .contains("Certificate valid at signing time: yes")
        .contains("Revocation status: not revoked, from OCSP, by VNPT-CA OCSP, at 2025-07-01 10:30:00 +07:00")
        .contains("Trusted through: CN=Vietnam National Root CA,C=VN (trust profile vn-public)");
    String json = ReportFormats.json(List.of(report));
    assertThat(json).contains("\"issuerName\": \"VNPT-CA SHA2\"").contains("\"taxCode\": \"0101234567\"")
        .contains("\"personalId\": \"CCCD:001090001234\"").contains("\"certificateSerial\": \"5402BC5C\"")
        .contains("\"certificateValidFrom\": \"2024-07-01T09:30:00+07:00\"").contains("\"validAtSigningTime\": true")
        .contains("\"status\": \"GOOD\"").contains("\"source\": \"OCSP\"").contains("\"producedBy\": \"VNPT-CA OCSP\"")
        .contains("\"intact\": true").contains("\"trustProfile\": \"vn-public\"")
        .contains("\"signedBy\": \"Nguyễn Văn An\"").contains("\"producedBy\": \"kyso TSA\"");

    var none = signature(details(SignerDetails.Revocation.none(
        "no revocation data: verified offline and the document embeds none")));
    String viNone = ReportFormats.text(List.of(new VerificationReport("x.pdf", "PAdES", List.of(none), List.of(),
        Optional.empty())), ReportFormats.VIETNAMESE);
    assertThat(viNone).contains("Trạng thái thu hồi: không có trạng thái — không có dữ liệu thu hồi: kiểm tra ngoại tuyến");
  }
}
