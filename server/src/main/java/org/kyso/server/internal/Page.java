package org.kyso.server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kyso.core.verify.Finding;
import org.kyso.core.verify.ReportFormats;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.TimestampResult;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.internal.json.Json;

/**
 * The verification page: the HTML (Vietnamese by default, English with {@code ?lang=en}) and the data its script
 * draws from ({@code POST /v1/inspect}): the verdict in words a clerk understands, each signature, each page as an
 * image with the signature boxes and the areas changed after the last signature.
 */
final class Page {
  private final int maxPages;

  Page(int maxPages) {
    this.maxPages = maxPages;
  }

  private static boolean vi(Locale l) {
    return !l.getLanguage().equals("en");
  }

  byte[] html(Locale lang) throws ApiException {
    String template;
    try (InputStream in = Page.class.getResourceAsStream("/org/kyso/server/page.html")) {
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new ApiException(500, "internal_error", "A resource of the service cannot be read.");
    }
    boolean vi = vi(lang);
    Map<String, String> t = texts(vi);
    String html = template;
    for (Map.Entry<String, String> e : t.entrySet()) {
      html = html.replace("{{" + e.getKey() + "}}", escape(e.getValue()));
    }
    html = html.replace("{{lang}}", vi ? "vi" : "en")
        .replace("{{strings}}", Json.write(t, Json.Escaping.HTML_SAFE));
    return html.getBytes(StandardCharsets.UTF_8);
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  static Map<String, String> texts(boolean vi) {
    Map<String, String> t = new LinkedHashMap<>();
    t.put("title", vi ? "Kiểm tra chữ ký số văn bản" : "Check the digital signatures of a document");
    t.put("intro", vi ? "Thả tệp PDF hoặc XML vào đây, hoặc bấm để chọn tệp. Tệp chỉ được kiểm tra, không được lưu lại."
        : "Drop a PDF or XML file here, or click to choose one. The file is only checked, never kept.");
    t.put("choose", vi ? "Chọn tệp" : "Choose a file");
    t.put("otherLang", vi ? "English" : "Tiếng Việt");
    t.put("otherLangHref", vi ? "/?lang=en" : "/?lang=vi");
    t.put("checking", vi ? "Đang kiểm tra…" : "Checking…");
    t.put("signatures", vi ? "Chữ ký" : "Signatures");
    t.put("pages", vi ? "Các trang" : "Pages");
    t.put("signer", vi ? "Người ký" : "Signer");
    t.put("organisation", vi ? "Cơ quan, tổ chức" : "Organisation");
    t.put("ca", vi ? "Tổ chức cấp chứng thư (CA)" : "Certificate authority (CA)");
    t.put("time", vi ? "Thời điểm ký" : "Signing time");
    t.put("level", vi ? "Mức chữ ký" : "Signature level");
    t.put("coverage", vi ? "Phạm vi ký" : "What it covers");
    t.put("result", vi ? "Kết quả" : "Result");
    t.put("chain", vi ? "Chuỗi chứng thư" : "Certificate chain");
    t.put("validity", vi ? "Hiệu lực" : "Valid");
    t.put("changes", vi ? "Thay đổi sau khi ký" : "Changes after signing");
    t.put("errors", vi ? "Lỗi" : "Errors");
    t.put("warnings", vi ? "Lưu ý" : "Warnings");
    t.put("download", vi ? "Tải báo cáo JSON" : "Download the JSON report");
    t.put("downloadRecord", vi ? "Tải biên bản kiểm tra (PDF)" : "Download the validation record (PDF)");
    t.put("legendBox", vi ? "Khung chữ ký" : "Signature box");
    t.put("legendChange", vi ? "Vùng bị thay đổi sau khi ký" : "Area changed after signing");
    t.put("page", vi ? "Trang" : "Page");
    t.put("pagesOmitted", vi ? "Các trang sau không được hiển thị." : "Later pages are not shown.");
    t.put("error", vi ? "Không kiểm tra được tệp này" : "This file could not be checked");
    return t;
  }

  /** The verdict in a clerk's words. */
  static String verdictText(String verdict, boolean vi) {
    return switch (verdict) {
      case "TOTAL_PASSED" -> vi ? "HỢP LỆ: văn bản còn nguyên vẹn, mọi chữ ký đều hợp lệ."
          : "VALID: the document is intact and every signature is valid.";
      case "TOTAL_FAILED" -> vi ? "KHÔNG HỢP LỆ: văn bản đã bị sửa hoặc chữ ký bị hỏng. Không dùng văn bản này."
          : "NOT VALID: the document was altered or a signature is broken. Do not rely on it.";
      case "INDETERMINATE" -> vi ? "CHƯA XÁC ĐỊNH: chưa thể khẳng định chữ ký hợp lệ; xem lý do bên dưới."
          : "NOT CONFIRMED: the signatures cannot be confirmed as valid; see why below.";
      case "NO_SIGNATURE" -> vi ? "Văn bản không có chữ ký số." : "The document has no digital signature.";
      default -> vi ? "Không đọc được tệp." : "The file cannot be read.";
    };
  }

  Map<String, Object> inspect(Uploads.Upload f, Verification.Outcome o, Locale lang) {
    boolean vi = vi(lang);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", f.name());
    VerificationReport r = o.report();
    String verdict = r == null ? "UNREADABLE" : r.verdict().name();
    m.put("verdict", verdict);
    m.put("verdictText", verdictText(verdict, vi));
    m.put("report", Json.parse(Verification.json(List.of(o)), Json.Numbers.DECIMAL));
    if (r == null) {
      m.put("error", o.error());
      return m;
    }
    m.put("format", r.format());
    PdfPages.Analysis pdf = r.format().startsWith("PAdES") || r.format().equals("PDF")
        || (f.bytes().length > 4 && f.bytes()[0] == '%' && f.bytes()[1] == 'P')
        ? PdfPages.analyse(f.bytes(), maxPages) : PdfPages.Analysis.none();
    List<Map<String, Object>> sigs = new java.util.ArrayList<>();
    int i = 0;
    for (SignatureResult s : r.signatures()) {
      Map<String, Object> sm = new LinkedHashMap<>();
      sm.put("id", s.id());
      sm.put("indication", s.indication().name());
      sm.put("indicationText", ReportFormats.indication(s.indication(), lang));
      sm.put("subIndication", s.subIndication().orElse(null));
      sm.put("subIndicationText", s.subIndication().map(x -> ReportFormats.subIndication(x, lang)).orElse(null));
      sm.put("level", s.level());
      sm.put("signedBy", s.signedBy());
      sm.put("organisation", dnPart(s.certificateSubject(), "O").orElse(""));
      sm.put("certificateSubject", s.certificateSubject());
      sm.put("claimedSigningTime", s.claimedSigningTime().map(Object::toString).orElse(null));
      sm.put("provenSigningTime", s.provenSigningTime().map(Object::toString).orElse(null));
      sm.put("coversWholeDocument", s.coversWholeDocument());
      sm.put("coverageText", s.coversWholeDocument()
          ? (vi ? "Toàn bộ văn bản như đã nhận" : "The whole document as received")
          : (vi ? "Văn bản như lúc ký; có phần được thêm sau" : "The document as it was then; more was added later"));
      sm.put("timestamps", s.timestamps().stream().map(Page::timestamp).toList());
      sm.put("modificationsAfterSigning", texts(s, Finding.Kind.MODIFICATION, lang));
      sm.put("errors", texts(s, Finding.Kind.ERROR, lang));
      sm.put("warnings", texts(s, Finding.Kind.WARNING, lang));
      PdfPages.Sig ps = pdf.match(s.signedBy(), i);
      if (ps != null) {
        sm.put("box", ps.box());
        sm.put("fieldName", ps.fieldName());
        sm.put("chain", ps.chain());
        if (!ps.chain().isEmpty() && ps.chain().size() > 1) {
          sm.put("ca", dnPart(String.valueOf(ps.chain().get(1).get("subject")), "CN").orElse(""));
        } else if (!ps.chain().isEmpty()) {
          sm.put("ca", dnPart(String.valueOf(ps.chain().get(0).get("issuer")), "CN").orElse(""));
        }
      }
      sigs.add(sm);
      i++;
    }
    m.put("signatures", sigs);
    m.put("pages", pdf.pages());
    m.put("pagesOmitted", pdf.omitted());
    m.put("changedAfterLastSignature", pdf.changed());
    return m;
  }

  private static List<String> texts(SignatureResult s, Finding.Kind kind, Locale lang) {
    return s.findings().stream().filter(f -> f.kind() == kind).map(f -> ReportFormats.finding(f, lang)).toList();
  }

  private static Map<String, Object> timestamp(TimestampResult t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", t.type());
    m.put("time", t.time().toString());
    m.put("indication", t.indication().name());
    return m;
  }

  /** One attribute of a distinguished name, e.g. O or CN. */
  static java.util.Optional<String> dnPart(String dn, String key) {
    try {
      javax.naming.ldap.LdapName n = new javax.naming.ldap.LdapName(dn);
      for (javax.naming.ldap.Rdn rdn : n.getRdns()) {
        if (rdn.getType().equalsIgnoreCase(key)) {
          return java.util.Optional.of(String.valueOf(rdn.getValue()));
        }
      }
    } catch (javax.naming.InvalidNameException | IllegalArgumentException e) {
      // not an RFC 2253 name: nothing to show
    }
    return java.util.Optional.empty();
  }
}
