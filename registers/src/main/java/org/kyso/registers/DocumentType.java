package org.kyso.registers;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.kyso.registers.internal.Fold;

/**
 * A kind of administrative document and the abbreviation used in its notation (Decree 30/2020, Appendix III):
 * {@code QĐ} for a Quyết định gives {@code 15/QĐ-UBND}. A công văn has no abbreviation ({@code 05/UBND-VP}).
 * Immutable; compare with {@link #equals}.
 *
 * @param name the Vietnamese name, e.g. "Quyết định"
 * @param abbreviation the abbreviation in notations, e.g. "QĐ"; empty for a công văn
 */
public record DocumentType(String name, String abbreviation) {
  public static final DocumentType NGHI_QUYET = new DocumentType("Nghị quyết", "NQ");
  public static final DocumentType QUYET_DINH = new DocumentType("Quyết định", "QĐ");
  public static final DocumentType CHI_THI = new DocumentType("Chỉ thị", "CT");
  public static final DocumentType QUY_CHE = new DocumentType("Quy chế", "QC");
  public static final DocumentType QUY_DINH = new DocumentType("Quy định", "QyĐ");
  public static final DocumentType THONG_CAO = new DocumentType("Thông cáo", "TC");
  public static final DocumentType THONG_BAO = new DocumentType("Thông báo", "TB");
  public static final DocumentType HUONG_DAN = new DocumentType("Hướng dẫn", "HD");
  public static final DocumentType CHUONG_TRINH = new DocumentType("Chương trình", "CTr");
  public static final DocumentType KE_HOACH = new DocumentType("Kế hoạch", "KH");
  public static final DocumentType PHUONG_AN = new DocumentType("Phương án", "PA");
  public static final DocumentType DE_AN = new DocumentType("Đề án", "ĐA");
  public static final DocumentType DU_AN = new DocumentType("Dự án", "DA");
  public static final DocumentType BAO_CAO = new DocumentType("Báo cáo", "BC");
  public static final DocumentType BIEN_BAN = new DocumentType("Biên bản", "BB");
  public static final DocumentType TO_TRINH = new DocumentType("Tờ trình", "TTr");
  public static final DocumentType HOP_DONG = new DocumentType("Hợp đồng", "HĐ");
  public static final DocumentType CONG_DIEN = new DocumentType("Công điện", "CĐ");
  public static final DocumentType BAN_GHI_NHO = new DocumentType("Bản ghi nhớ", "BGN");
  public static final DocumentType BAN_THOA_THUAN = new DocumentType("Bản thỏa thuận", "BTT");
  public static final DocumentType GIAY_UY_QUYEN = new DocumentType("Giấy ủy quyền", "GUQ");
  public static final DocumentType GIAY_MOI = new DocumentType("Giấy mời", "GM");
  public static final DocumentType GIAY_GIOI_THIEU = new DocumentType("Giấy giới thiệu", "GGT");
  public static final DocumentType GIAY_NGHI_PHEP = new DocumentType("Giấy nghỉ phép", "GNP");
  public static final DocumentType PHIEU_GUI = new DocumentType("Phiếu gửi", "PG");
  public static final DocumentType PHIEU_CHUYEN = new DocumentType("Phiếu chuyển", "PC");
  public static final DocumentType PHIEU_BAO = new DocumentType("Phiếu báo", "PB");
  public static final DocumentType BAN_SAO_Y = new DocumentType("Bản sao y", "SY");
  public static final DocumentType BAN_TRICH_SAO = new DocumentType("Bản trích sao", "TS");
  public static final DocumentType BAN_SAO_LUC = new DocumentType("Bản sao lục", "SL");
  /** A công văn: no type abbreviation in its notation. Its key on the command line is {@code CV}. */
  public static final DocumentType CONG_VAN = new DocumentType("Công văn", "");

  private static final List<DocumentType> KNOWN = List.of(NGHI_QUYET, QUYET_DINH, CHI_THI, QUY_CHE, QUY_DINH,
      THONG_CAO, THONG_BAO, HUONG_DAN, CHUONG_TRINH, KE_HOACH, PHUONG_AN, DE_AN, DU_AN, BAO_CAO, BIEN_BAN, TO_TRINH,
      HOP_DONG, CONG_DIEN, BAN_GHI_NHO, BAN_THOA_THUAN, GIAY_UY_QUYEN, GIAY_MOI, GIAY_GIOI_THIEU, GIAY_NGHI_PHEP,
      PHIEU_GUI, PHIEU_CHUYEN, PHIEU_BAO, BAN_SAO_Y, BAN_TRICH_SAO, BAN_SAO_LUC, CONG_VAN);

  public DocumentType {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(abbreviation, "abbreviation");
    name = Fold.line(name);
    abbreviation = Fold.line(abbreviation);
    if (name.isEmpty()) {
      throw new IllegalArgumentException("A document type needs a name.");
    }
    if (abbreviation.contains("/") || abbreviation.contains("-") || abbreviation.contains(" ")) {
      throw new IllegalArgumentException("A type abbreviation cannot contain '/', '-' or spaces: " + abbreviation);
    }
  }

  /** The types of Decree 30/2020 Appendix III, and the công văn. */
  public static List<DocumentType> known() {
    return KNOWN;
  }

  /** The key used on the command line: the abbreviation, or {@code CV} for a công văn. */
  public String key() {
    return abbreviation.isEmpty() ? "CV" : abbreviation;
  }

  /** True for a công văn (no abbreviation in the notation). */
  public boolean isCongVan() {
    return abbreviation.isEmpty();
  }

  /**
   * Finds a known type by its key ({@code QĐ}, {@code TTr}, {@code CV}...), its Vietnamese name
   * ("Quyết định"), or either written without diacritics ({@code QD}, "quyet dinh") when that is unambiguous.
   *
   * @throws InvalidEntryException if no known type matches, or the text without diacritics fits several
   */
  public static DocumentType parse(String text) throws InvalidEntryException {
    Objects.requireNonNull(text, "text");
    String t = Fold.nfc(text);
    for (DocumentType d : KNOWN) {
      if (d.key().equals(t) || d.name.equalsIgnoreCase(t)) {
        return d;
      }
    }
    for (DocumentType d : KNOWN) {
      if (d.key().equalsIgnoreCase(t)) {
        return d;
      }
    }
    String f = Fold.fold(t);
    List<DocumentType> folded = new ArrayList<>();
    for (DocumentType d : KNOWN) {
      if (Fold.fold(d.key()).equals(f) || Fold.fold(d.name).equals(f)) {
        folded.add(d);
      }
    }
    if (folded.size() == 1) {
      return folded.get(0);
    }
    if (folded.size() > 1) {
      List<String> keys = new ArrayList<>();
      folded.forEach(d -> keys.add(d.key() + " (" + d.name + ")"));
      throw new InvalidEntryException("The document type '" + text + "' is ambiguous without diacritics: write one of "
          + String.join(", ", keys) + ".");
    }
    throw new InvalidEntryException("Unknown document type '" + text + "': use an abbreviation of Decree 30 Appendix III "
        + "(QĐ, TB, KH, BC, TTr, ...) or CV for a công văn.");
  }

  /**
   * The type named by a notation's abbreviation, e.g. {@code QĐ} in {@code 15/QĐ-UBND} or in
   * {@code 12/2026/NQ-HĐND}; a công văn when the notation starts with no known abbreviation.
   */
  public static DocumentType fromNotation(String notation) {
    String n = Fold.nfc(Objects.requireNonNull(notation, "notation"));
    int slash = n.indexOf('/');
    if (slash < 0) {
      return CONG_VAN;
    }
    String rest = n.substring(slash + 1);
    int secondSlash = rest.indexOf('/');
    if (secondSlash >= 0 && rest.substring(0, secondSlash).chars().allMatch(Character::isDigit)) {
      rest = rest.substring(secondSlash + 1); // 12/2026/NQ-HĐND: skip the year of a legal normative document
    }
    String first = rest.split("-", 2)[0].trim();
    for (DocumentType d : KNOWN) {
      if (!d.isCongVan() && d.abbreviation.equals(first)) {
        return d;
      }
    }
    return CONG_VAN;
  }

  @Override
  public String toString() {
    return name + (abbreviation.isEmpty() ? "" : " (" + abbreviation + ")");
  }
}
