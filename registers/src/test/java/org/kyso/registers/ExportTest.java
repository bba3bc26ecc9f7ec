package org.kyso.registers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kyso.core.testing.ExternalTools;

class ExportTest extends DatabaseTestBase {

  /** Fills a register like a commune's first weeks of March. */
  static void sample(Registers r) throws Exception {
    r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Về việc thành lập Tổ công tác chuyển đổi số "
        + "phường Điện Biên năm 2026").date(LocalDate.of(2026, 3, 2)).signer("Nguyễn Văn An")
        .recipients("Như Điều 3; Lưu: VT, VP").filingUnit("Văn phòng HĐND-UBND").copies(8).build());
    r.registerOutgoing(OutgoingDraft.builder(DocumentType.CONG_VAN, "V/v báo cáo tình hình thực hiện Đề án 06 "
        + "(thu thập, \"làm sạch\" dữ liệu dân cư)").date(LocalDate.of(2026, 3, 3)).unitAbbreviation("VP")
        .signer("Trần Thị Bình").recipients("UBND quận Ba Đình; Công an phường").filingUnit("Văn phòng").copies(3)
        .urgency(Urgency.URGENT).build());
    r.registerOutgoing(OutgoingDraft.builder(DocumentType.KE_HOACH, "Kế hoạch phòng, chống thiên tai và tìm kiếm "
        + "cứu nạn năm 2026 trên địa bàn phường").date(LocalDate.of(2026, 3, 4)).signer("Nguyễn Văn An")
        .recipients("Các tổ dân phố; Đà Nẵng, Huế (để phối hợp)").filingUnit("Phòng Kinh tế").copies(25).build());
    r.registerOutgoing(OutgoingDraft.builder(DocumentType.THONG_BAO, "Thông báo lịch tiếp công dân tháng 3").date(
        LocalDate.of(2026, 3, 5)).signer("Lê Quang Đức").recipients("Niêm yết tại trụ sở").copies(2).build());
    r.registerOutgoing(OutgoingDraft.builder(DocumentType.BAO_CAO, "Báo cáo kết quả rà soát hộ nghèo, hộ cận nghèo")
        .date(LocalDate.of(2026, 3, 6)).signer("Trần Thị Bình").recipients("Phòng Lao động - TB&XH")
        .filingUnit("Văn hóa - Xã hội").copies(3).urgency(Urgency.FLASH).build());
    r.registerOutgoing(OutgoingDraft.builder(DocumentType.TO_TRINH, "Tờ trình đề nghị phê duyệt dự toán sửa chữa "
        + "nhà văn hóa tổ dân phố số 7").date(LocalDate.of(2026, 3, 9)).signer("Nguyễn Văn An")
        .recipients("UBND quận").filingUnit("Tài chính - Kế toán").copies(2).build());
    r.registerOutgoing(OutgoingDraft.builder(DocumentType.BAO_CAO, "Báo cáo tình hình an ninh trật tự quý I")
        .date(LocalDate.of(2026, 3, 9)).signer("Nguyễn Văn An").recipients("Quận ủy").copies(1)
        .confidentiality(Confidentiality.CONFIDENTIAL).build());
    r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Quyết định ban hành Quy chế làm việc")
        .series(Series.normative("QĐ")).signer("Nguyễn Văn An").recipients("Như Điều 3").copies(10).build());
    OffsetDateTime at = OffsetDateTime.of(2026, 3, 9, 8, 15, 0, 0, ZoneOffset.ofHours(7));
    r.registerIncoming(IncomingDraft.builder("UBND thành phố Hà Nội", "15/QĐ-UBND", "Về việc giao chỉ tiêu kế hoạch "
        + "phát triển kinh tế - xã hội năm 2026").arrivalDate(LocalDate.of(2026, 3, 9))
        .documentDate(LocalDate.of(2026, 3, 5)).receiver("Chủ tịch UBND phường").dueDate(LocalDate.of(2026, 3, 20))
        .step(new ProcessingStep(at, "Văn thư", "trình Chủ tịch")).build());
    r.registerIncoming(IncomingDraft.builder("Sở Nội vụ", "120/SNV-CCVC", "V/v rà soát, thống kê biên chế công chức "
        + "cấp xã").arrivalDate(LocalDate.of(2026, 3, 10)).documentDate(LocalDate.of(2026, 3, 6))
        .receiver("Văn phòng").urgency(Urgency.VERY_URGENT).build());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void exportsCsvForExcel(TestDatabase.Kind kind) throws Exception {
    Registers r = initialised(kind);
    sample(r);
    Path csv = tmp.resolve("so-di.csv");
    r.exportCsv(SearchQuery.builder().register(RegisterKind.OUTGOING).build(), csv);
    byte[] bytes = Files.readAllBytes(csv);
    assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
    String text = new String(bytes, StandardCharsets.UTF_8).substring(1);
    List<String> lines = List.of(text.split("\r\n"));
    assertThat(lines).hasSize(9);
    assertThat(lines.get(0)).startsWith("Sổ,Năm,Dãy số,Số,\"Số, ký hiệu\",");
    assertThat(lines.get(1)).startsWith("đi,2026,administrative,1,01/QĐ-UBND,2026-03-02,2026-03-02,Quyết định,"
        + "Về việc thành lập Tổ công tác chuyển đổi số phường Điện Biên năm 2026,UBND,Nguyễn Văn An,"
        + "Như Điều 3; Lưu: VT, VP".replace("Như Điều 3; Lưu: VT, VP", "\"Như Điều 3; Lưu: VT, VP\""));
    assertThat(lines.get(2)).contains("\"V/v báo cáo tình hình thực hiện Đề án 06 (thu thập, \"\"làm sạch\"\" dữ liệu "
        + "dân cư)\"").contains(",Khẩn,");
    assertThat(text).doesNotContain("đến,");
    assertThat(tmp).isDirectoryNotContaining("glob:**.tmp").isDirectoryNotContaining("glob:**.part");
  }

  @Test
  void printsTheRegisterBookWithVietnameseTextIntact() throws Exception {
    Path pdftotext = ExternalTools.require("pdftotext", "poppler-utils");
    Registers r = initialised(TestDatabase.Kind.SQLITE);
    sample(r);
    Path out = tmp.resolve("so-di-2026.pdf");
    r.exportBook(RegisterKind.OUTGOING, 2026, out);
    ExternalTools.Result text = ExternalTools.run(List.of(pdftotext.toString(), "-layout", out.toString(), "-"));
    assertThat(text.exitCode()).as(text.stderr()).isZero();
    String t = text.stdout();
    assertThat(t).contains("SỔ ĐĂNG KÝ VĂN BẢN ĐI", "Năm 2026", "UBND PHƯỜNG ĐIỆN BIÊN", "Số, ký hiệu", "Người ký",
        "Nơi nhận văn bản", "Ký nhận", "Ghi chú", "(10)", "01/QĐ-UBND", "02/UBND-VP", "Nguyễn Văn An", "Nẵng, Huế",
        "Hỏa tốc", "Văn bản mật", "Mật", "01/2026/QĐ-UBND", "Văn bản quy phạm pháp luật (QĐ)");

    Path in = tmp.resolve("so-den-2026.pdf");
    r.exportBook(RegisterKind.INCOMING, 2026, in);
    String t2 = ExternalTools.run(List.of(pdftotext.toString(), "-layout", in.toString(), "-")).stdout();
    assertThat(t2).contains("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN", "Ngày đến", "Số đến", "Tác giả", "Đơn vị hoặc",
        "UBND thành phố Hà Nội", "15/QĐ-UBND", "Hạn: 20/03/2026", "Thượng khẩn");

    Path pdffonts = ExternalTools.require("pdffonts", "poppler-utils");
    String fonts = ExternalTools.run(List.of(pdffonts.toString(), out.toString())).stdout();
    assertThat(fonts).contains("DejaVuSansCondensed").doesNotContain(" no  ");
    if (System.getProperty("kyso.bookSample") != null) {
      Files.copy(out, Path.of(System.getProperty("kyso.bookSample")), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Test
  void printsALongRegisterOnSeveralPagesWithHeadingsRepeated() throws Exception {
    Path pdfinfo = ExternalTools.require("pdfinfo", "poppler-utils");
    Registers r = initialised(TestDatabase.Kind.SQLITE);
    for (int i = 0; i < 60; i++) {
      r.registerIncoming(IncomingDraft.builder("Sở Tài nguyên và Môi trường", i + "/STNMT-QLĐĐ", ("Về việc thu hồi đất "
          + "và bồi thường, hỗ trợ tái định cư ").repeat(1 + i % 4)).arrivalDate(LocalDate.of(2026, 3, 10)).build());
    }
    Path out = tmp.resolve("dai.pdf");
    r.exportBook(RegisterKind.INCOMING, 2026, out);
    String info = ExternalTools.run(List.of(pdfinfo.toString(), out.toString())).stdout();
    assertThat(info).containsPattern("Pages:\\s+[3-9]").contains("841.89 x 595.276 pts (A4)");
    String text = ExternalTools.run(List.of(ExternalTools.require("pdftotext", "poppler-utils").toString(),
        out.toString(), "-")).stdout();
    assertThat(text.split("Số đến", -1).length - 1).isGreaterThanOrEqualTo(3);
    assertThat(text).contains("59/STNMT-QLĐĐ", "Trang 3");
  }
}
