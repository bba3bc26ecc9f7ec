package org.kyso.registers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.Normalizer;
import org.junit.jupiter.api.Test;
import org.kyso.registers.internal.Fold;

class DomainTest {
  @Test
  void foldsVietnameseForSearching() {
    assertThat(Fold.fold("Quyết Định")).isEqualTo("quyet dinh");
    assertThat(Fold.fold("ĐIỆN BIÊN  phủ")).isEqualTo("dien bien phu");
    assertThat(Fold.fold(Normalizer.normalize("Hỏa tốc", Normalizer.Form.NFD))).isEqualTo("hoa toc");
    assertThat(Fold.fold("Thượng khẩn, ưu tiên")).isEqualTo("thuong khan, uu tien");
    assertThat(Fold.nfc(Normalizer.normalize("Đà Nẵng", Normalizer.Form.NFD))).isEqualTo("Đà Nẵng");
  }

  @Test
  void parsesDocumentTypesByAbbreviationNameOrWithoutDiacritics() throws Exception {
    assertThat(DocumentType.parse("QĐ")).isEqualTo(DocumentType.QUYET_DINH);
    assertThat(DocumentType.parse("QD")).isEqualTo(DocumentType.QUYET_DINH);
    assertThat(DocumentType.parse("quyết định")).isEqualTo(DocumentType.QUYET_DINH);
    assertThat(DocumentType.parse("TTr")).isEqualTo(DocumentType.TO_TRINH);
    assertThat(DocumentType.parse("CV")).isEqualTo(DocumentType.CONG_VAN);
    assertThat(DocumentType.parse("HD")).isEqualTo(DocumentType.HUONG_DAN);
    assertThat(DocumentType.parse("HĐ")).isEqualTo(DocumentType.HOP_DONG);
    assertThat(DocumentType.CONG_VAN.key()).isEqualTo("CV");
    assertThat(DocumentType.parse("hd")).isEqualTo(DocumentType.HUONG_DAN); // plain ASCII is taken literally
    assertThat(DocumentType.parse("dự án")).isEqualTo(DocumentType.DU_AN);
    assertThat(DocumentType.parse("de an")).isEqualTo(DocumentType.DE_AN);
  }

  @Test
  void readsTheTypeFromANotation() {
    assertThat(DocumentType.fromNotation("15/QĐ-UBND")).isEqualTo(DocumentType.QUYET_DINH);
    assertThat(DocumentType.fromNotation("12/2026/NQ-HĐND")).isEqualTo(DocumentType.NGHI_QUYET);
    assertThat(DocumentType.fromNotation("05/UBND-VP")).isEqualTo(DocumentType.CONG_VAN);
    assertThat(DocumentType.fromNotation("không số")).isEqualTo(DocumentType.CONG_VAN);
  }

  @Test
  void buildsNotationsAsDecree30Writes() {
    assertThat(EntryRules.notation(15, 2026, Series.ADMINISTRATIVE, DocumentType.QUYET_DINH, "UBND", ""))
        .isEqualTo("15/QĐ-UBND");
    assertThat(EntryRules.notation(5, 2026, Series.ADMINISTRATIVE, DocumentType.CONG_VAN, "UBND", "VP"))
        .isEqualTo("05/UBND-VP");
    assertThat(EntryRules.notation(12, 2026, Series.normative("NQ"), DocumentType.NGHI_QUYET, "HĐND", ""))
        .isEqualTo("12/2026/NQ-HĐND");
    assertThat(EntryRules.notation(123, 2026, Series.COUNCIL, DocumentType.BIEN_BAN, "HĐTĐ", ""))
        .isEqualTo("123/BB-HĐTĐ");
  }

  @Test
  void parsesSeriesUrgencyAndConfidentiality() throws Exception {
    assertThat(Series.parse("administrative")).isEqualTo(Series.ADMINISTRATIVE);
    assertThat(Series.parse("Mật")).isEqualTo(Series.CONFIDENTIAL);
    assertThat(Series.parse("hội đồng")).isEqualTo(Series.COUNCIL);
    assertThat(Series.parse("normative:NQ").code()).isEqualTo("normative:NQ");
    assertThat(Series.parse("qppl:QD")).isEqualTo(Series.normative("QĐ"));
    assertThatThrownBy(() -> Series.parse("normative:TB")).isInstanceOf(InvalidEntryException.class);
    assertThat(Urgency.parse("hỏa tốc")).isEqualTo(Urgency.FLASH);
    assertThat(Urgency.parse("thuong-khan")).isEqualTo(Urgency.VERY_URGENT);
    assertThat(Confidentiality.parse("tuyet-mat")).isEqualTo(Confidentiality.TOP_SECRET);
    assertThat(Confidentiality.parse("Tối mật").label()).isEqualTo("Tối mật");
    assertThatThrownBy(() -> Urgency.parse("gấp lắm")).isInstanceOf(InvalidEntryException.class);
    assertThat(RegisterKind.parse("đến")).isEqualTo(RegisterKind.INCOMING);
  }
}
