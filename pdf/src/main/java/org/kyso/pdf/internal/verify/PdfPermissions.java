package org.kyso.pdf.internal.verify;

import eu.europa.esig.dss.diagnostic.PDFRevisionWrapper;
import eu.europa.esig.dss.diagnostic.jaxb.XmlPDFLockDictionary;
import eu.europa.esig.dss.enumerations.CertificationPermission;
import eu.europa.esig.dss.enumerations.PdfLockAction;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.kyso.core.internal.verify.Messages;
import org.kyso.core.verify.Finding;

/**
 * The PDF rules a signature sets for what may follow it: a certification (DocMDP, ISO 32000-2 12.8.2.2: P=1 no
 * change, P=2 form filling and signing, P=3 also annotations; validation data and document timestamps are always
 * allowed, as PAdES requires) and field locks (FieldMDP and the signature field's /Lock).
 */
public final class PdfPermissions {
  private static final Set<String> ANNOTATION_CODES = Set.of("modification.annotationAdded",
      "modification.annotationRemoved", "modification.annotationChanged", "modification.annotationOverlay");

  private PdfPermissions() {}

  /**
   * What the rules of one signature say about what followed it.
   *
   * @param certification the DocMDP level (1-3), 0 when the signature does not certify
   * @param findings a note on the certification, and an error for each rule broken
   * @param violated true when a change after the signature breaks its certification or a field lock
   * @param permitted true when the changes after it are all ones its certification allows
   */
  public record Result(int certification, List<Finding> findings, boolean violated, boolean permitted) {}

  /**
   * @param rev the signature's revision as DSS describes it
   * @param changes kyso's reading of the changes after the signature
   * @param laterSignatures how many signatures (not document timestamps) were added after it
   */
  public static Result check(PDFRevisionWrapper rev, PdfChanges.Result changes, int laterSignatures) {
    List<Finding> out = new ArrayList<>();
    boolean violated = false;
    boolean permitted = false;
    int p = level(rev.getDocMDPPermissions());
    List<String> codes = changes.modifications().stream().map(Finding::code).toList();
    if (p > 0) {
      out.add(Messages.finding(Finding.Kind.WARNING, "warning.certifies", Integer.toString(p)));
      if (p == 1 && (laterSignatures > 0 || !codes.isEmpty())) {
        violated = true;
        out.add(0, Messages.finding(Finding.Kind.ERROR, laterSignatures > 0
            ? "error.docMdpLaterSignature" : "error.docMdpChange", "1"));
      } else if (!codes.isEmpty()) {
        // a new field is not filling in the form (ISO 32000-2 12.8.2.2); a new signature field being signed is
        // a later signature, not in these codes
        boolean fieldAdded = codes.contains("modification.formFieldAdded");
        boolean allowed = !fieldAdded && (p == 2 ? changes.formFillOnly()
            : codes.stream().allMatch(c -> ANNOTATION_CODES.contains(c) || PdfChanges.isFormFill(c)));
        if (allowed) {
          permitted = true;
        } else {
          violated = true;
          out.add(0, Messages.finding(Finding.Kind.ERROR, "error.docMdpChange", Integer.toString(p)));
        }
      }
    }
    Set<String> modified = new LinkedHashSet<>(rev.getModifiedFieldNames() == null ? List.of()
        : rev.getModifiedFieldNames());
    modified.addAll(changes.changedFields()); // DSS names new fields only; kyso names the filled ones too
    for (XmlPDFLockDictionary lock : new XmlPDFLockDictionary[] {rev.getFieldMDP(), rev.getSigFieldLock()}) {
      if (lock == null || lock.getAction() == null) {
        continue;
      }
      List<String> listed = lock.getFields() == null ? List.of() : lock.getFields();
      String kind = lock == rev.getFieldMDP() ? "FieldMDP" : "/Lock";
      String code = switch (lock.getAction()) {
        case ALL -> "warning.fieldLockAll";
        case INCLUDE -> "warning.fieldLockInclude";
        case EXCLUDE -> "warning.fieldLockExclude";
      };
      out.add(Messages.finding(Finding.Kind.WARNING, code, kind, String.join(", ", listed)));
      for (String f : modified) {
        boolean locked = lock.getAction() == PdfLockAction.ALL
            || (lock.getAction() == PdfLockAction.INCLUDE && listed.contains(f))
            || (lock.getAction() == PdfLockAction.EXCLUDE && !listed.contains(f));
        if (locked) {
          violated = true;
          out.add(0, Messages.finding(Finding.Kind.ERROR, "error.fieldMdpViolated", f));
        }
      }
      int lp = level(lock.getPermissions());
      if (lp == 1 && laterSignatures > 0 && !violated) {
        violated = true;
        out.add(0, Messages.finding(Finding.Kind.ERROR, "error.docMdpLaterSignature", "1"));
      }
    }
    return new Result(p, out, violated, permitted && !violated);
  }

  static int level(CertificationPermission p) {
    return p == null ? 0 : p.getCode();
  }
}
