package org.kyso.pdf.internal.verify;

import eu.europa.esig.dss.diagnostic.PDFRevisionWrapper;
import eu.europa.esig.dss.diagnostic.jaxb.XmlObjectModification;
import eu.europa.esig.dss.enumerations.PdfObjectModificationType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kyso.core.internal.verify.Messages;
import org.kyso.core.verify.Finding;

/**
 * Reads DSS's analysis of what changed in a PDF after one signed revision and says it in plain words, deciding
 * which changes are acceptable: a later signature or document timestamp, validation data (the /DSS dictionary),
 * metadata. Anything else — pages, content, annotations, form values, appended bytes — is a change after signing
 * that makes kyso report the signature INDETERMINATE at least.
 *
 * <p>DSS puts changes in four groups: extension (DSS dictionary, document timestamps, metadata), signature or
 * form fill, annotation, and undefined. A new signature shows up in "signature or form fill" with the type
 * {@code Sig}; a form value change shows up in the same group without it. kyso groups the changes by the
 * annotation or field object they belong to, so that a later signature's widget, appearance and value count as
 * that signature.
 */
public final class PdfChanges {
  private static final Pattern FIELD_OBJECT = Pattern.compile("/(?:Annots|Fields) (\\d+) 0 R");
  /** The path of a field or widget object itself (its creation: a new field), not of something inside it. */
  private static final Pattern FIELD_ITSELF = Pattern.compile("/(?:Annots|Fields) \\d+ 0 R$");
  private static final Pattern CONTENTS_OBJECT = Pattern.compile("/Contents (\\d+) 0 R");
  private static final Pattern XOBJECT = Pattern.compile("/XObject /([^ ]+) (\\d+) 0 R");
  private static final Pattern WIDGET_APPEARANCE = Pattern.compile("/Annots \\d+ 0 R /AP \\d+ 0 R /[NRD]\\b");
  private static final Pattern FONT_OBJECT = Pattern.compile("/Font /[^ ]+ (\\d+) 0 R");
  private static final Set<String> SIGNATURE_TYPES = Set.of("Sig", "DocTimeStamp");
  private static final Set<String> BENIGN_ACROFORM_KEYS = Set.of("DR", "DA", "SigFlags", "NeedAppearances");

  /** What was found: the changes in plain words, warnings, and whether any change is unacceptable. */
  /**
   * What changed after a signature.
   *
   * @param formFillOnly true when every change is a form field or its widget (filled or added), with no other
   *     annotation, no page and no content change: the kind of change a later signer can vouch for (DocMDP
   *     level 2 allows no more), as the issuance signature does for the number and date it stamps
   */
  public record Result(List<Finding> modifications, List<Finding> warnings, boolean suspicious,
      boolean formFillOnly, Set<String> changedFields) {
    public Result(List<Finding> modifications, List<Finding> warnings, boolean suspicious, boolean formFillOnly) {
      this(modifications, warnings, suspicious, formFillOnly, Set.of());
    }
  }

  private static final java.util.Set<String> FORM_FILL_CODES = java.util.Set.of("modification.annotationAdded",
      "modification.annotationChanged", "modification.annotationOverlay", "modification.formChanged",
      "modification.formFieldChanged", "modification.formFieldAppearance",
      "modification.formFieldChangedUnnamed", "modification.formFieldAdded");

  private PdfChanges() {}

  /** True for the codes of a form field filled, added or changed (with its widget). */
  static boolean isFormFill(String code) {
    return FORM_FILL_CODES.contains(code);
  }

  /**
   * Analyses one revision.
   *
   * @param rev DSS's view of the signed revision
   * @param tail what follows the revision in the file
   * @param appendedAfterLastRevision bytes after the last %%EOF of the file (junk appended), 0 when none; they
   *     count against every revision, since no revision explains them
   */
  public static Result analyse(PDFRevisionWrapper rev, FileTail.Info tail, long appendedAfterLastRevision) {
    return analyse(rev, tail, appendedAfterLastRevision, n -> null);
  }

  /**
   * As above; {@code names} gives the fully qualified name of the field or widget with that object number (null
   * when unknown), for the changes DSS does not name.
   */
  public static Result analyse(PDFRevisionWrapper rev, FileTail.Info tail, long appendedAfterLastRevision,
      java.util.function.LongFunction<String> names) {
    Set<String> changedFields = new LinkedHashSet<>();
    Set<Finding> mods = new LinkedHashSet<>();
    List<Finding> warnings = new ArrayList<>();
    List<XmlObjectModification> sigForm = rev.getPdfSignatureOrFormFillChanges();
    List<XmlObjectModification> annots = rev.getPdfAnnotationChanges();
    List<XmlObjectModification> undefined = rev.getPdfUndefinedChanges();
    List<XmlObjectModification> extension = rev.getPdfExtensionChanges();

    // pages
    List<BigInteger> pageDiff = rev.getPdfPageDifferenceConcernedPages();
    boolean pagesCreated = anyPage(undefined, PdfObjectModificationType.CREATION)
        || anyPage(annots, PdfObjectModificationType.CREATION);
    boolean pagesDeleted = anyPage(undefined, PdfObjectModificationType.DELETION)
        || anyPage(annots, PdfObjectModificationType.DELETION);
    for (BigInteger p : pageDiff) {
      String code = pagesCreated && !pagesDeleted ? "modification.pageAdded"
          : pagesDeleted && !pagesCreated ? "modification.pageRemoved" : "modification.pageAddedOrRemoved";
      mods.add(mod(code, p.toString()));
    }
    for (BigInteger p : rev.getPdfVisualDifferenceConcernedPages()) {
      mods.add(mod("modification.visual", p.toString()));
    }

    // signature or form fill: grouped by the field/annotation object
    Map<String, List<XmlObjectModification>> groups = new LinkedHashMap<>();
    List<XmlObjectModification> formLevel = new ArrayList<>();
    for (XmlObjectModification m : sigForm) {
      // the innermost field: a path may reach a field through another one (a signature's /Reference /Data leads
      // back to the catalog and its form)
      Matcher fm = FIELD_OBJECT.matcher(value(m));
      String field = null;
      while (fm.find()) {
        field = fm.group(1);
      }
      if (field != null) {
        groups.computeIfAbsent(field, k -> new ArrayList<>()).add(m);
      } else {
        formLevel.add(m);
      }
    }
    boolean laterSignature = false;
    for (Map.Entry<String, List<XmlObjectModification>> ge : groups.entrySet()) {
      List<XmlObjectModification> g = ge.getValue();
      if (g.stream().anyMatch(m -> m.getType() != null && SIGNATURE_TYPES.contains(m.getType()))) {
        laterSignature = true;
        continue;
      }
      String name = g.stream().map(XmlObjectModification::getFieldName).filter(n -> n != null && !n.isBlank())
          .findFirst().orElseGet(() -> names.apply(Long.parseLong(ge.getKey())));
      if (name != null) {
        changedFields.add(name);
      }
      boolean added = g.stream().anyMatch(m -> m.getAction() == PdfObjectModificationType.CREATION
          && FIELD_ITSELF.matcher(value(m)).find());
      mods.add(added ? mod("modification.formFieldAdded", name == null ? "?" : name)
          : name == null ? mod("modification.formFieldChangedUnnamed") : mod("modification.formFieldChanged", name));
    }
    for (XmlObjectModification m : formLevel) {
      if (!isBenignFormLevel(m)) {
        mods.add(mod("modification.formChanged"));
      }
    }
    laterSignature |= extension.stream().anyMatch(m -> m.getType() != null && SIGNATURE_TYPES.contains(m.getType()));

    // annotations that are not signatures
    boolean annotationChanged = false;
    boolean widgetsOnly = true;
    for (XmlObjectModification m : annots) {
      if ("Page".equals(m.getType())) {
        continue;
      }
      annotationChanged = true;
      // a widget of a form field: DSS names its field, or reaches it through the AcroForm
      widgetsOnly &= (m.getFieldName() != null && !m.getFieldName().isBlank()) || value(m).contains("/AcroForm /Fields");
      PdfObjectModificationType a = m.getAction();
      String field = m.getFieldName();
      if (a == PdfObjectModificationType.CREATION && field != null && !field.isBlank()
          && FIELD_ITSELF.matcher(value(m)).find()) {
        // a new form field's widget: DSS files it with annotations; it is a field added, not a comment
        mods.add(mod("modification.formFieldAdded", field));
        changedFields.add(field);
        continue;
      }
      mods.add(mod(a == PdfObjectModificationType.CREATION ? "modification.annotationAdded"
          : a == PdfObjectModificationType.DELETION ? "modification.annotationRemoved"
              : "modification.annotationChanged"));
    }
    for (BigInteger p : rev.getPdfAnnotationsOverlapConcernedPages()) {
      if (annotationChanged) {
        mods.add(mod("modification.annotationOverlay", p.toString()));
      } else {
        warnings.add(Messages.finding(Finding.Kind.WARNING, "warning.overlap", p.toString()));
      }
    }

    // undefined changes: name what they touch. A new appearance for a widget, in a revision that fills form
    // fields, is the filled field's appearance (DSS does not class it as form filling)
    boolean fieldsFilled = groups.values().stream().anyMatch(g -> g.stream()
        .noneMatch(m -> m.getType() != null && SIGNATURE_TYPES.contains(m.getType())));
    for (XmlObjectModification m : undefined) {
      String v = value(m);
      if (fieldsFilled && WIDGET_APPEARANCE.matcher(v).find()) {
        mods.add(mod("modification.formFieldAppearance"));
        continue;
      }
      if ("Page".equals(m.getType()) || (v.endsWith("/Count") && !pageDiff.isEmpty())) {
        if (pageDiff.isEmpty()) {
          mods.add(mod(m.getAction() == PdfObjectModificationType.DELETION ? "modification.pageRemoved"
              : "modification.pageAdded", "?"));
        }
        continue;
      }
      Matcher x = XOBJECT.matcher(v);
      Matcher c = CONTENTS_OBJECT.matcher(v);
      Matcher f = FONT_OBJECT.matcher(v);
      if (x.find()) {
        mods.add(mod("modification.xobjectReplaced", x.group(1), x.group(2)));
      } else if (f.find()) {
        mods.add(mod("modification.fontReplaced", f.group(1)));
      } else if (c.find()) {
        mods.add(mod("modification.contentReplaced", c.group(1)));
      } else if (v.contains("/Contents")) {
        mods.add(mod("modification.contentReplaced", "?"));
      } else if (v.contains("/Annots")) {
        mods.add(mod("modification.annotationChanged"));
      } else {
        mods.add(mod("modification.objectChanged", shorten(v)));
      }
    }

    // bytes: junk after the last revision, or an update DSS did not report at all
    if (appendedAfterLastRevision > 0) {
      mods.add(mod("modification.bytesAppended", Long.toString(appendedAfterLastRevision)));
    }
    // a later revision that is neither a signature nor a timestamp must be validation data (DSS reports it as an
    // extension change) or a change DSS named above; anything else is a change DSS does not report (e.g. an
    // annotation's /F flag set to hidden)
    if (tail != null && tail.unexplainedBytes() > 0 && extension.isEmpty() && mods.isEmpty()) {
      mods.add(mod("modification.unanalysedUpdate", Long.toString(tail.unexplainedBytes())));
    }
    boolean suspicious = !mods.isEmpty();
    if (!suspicious && tail != null && tail.bytes() > 0 && (laterSignature || !extension.isEmpty())) {
      warnings.add(Messages.finding(Finding.Kind.WARNING, "warning.laterRevisions"));
    }
    boolean formFillOnly = widgetsOnly && mods.stream().allMatch(f -> FORM_FILL_CODES.contains(f.code()));
    return new Result(new ArrayList<>(mods), warnings, suspicious, formFillOnly, changedFields);
  }

  private static boolean anyPage(List<XmlObjectModification> list, PdfObjectModificationType action) {
    return list.stream().anyMatch(m -> "Page".equals(m.getType()) && m.getAction() == action);
  }

  private static boolean isBenignFormLevel(XmlObjectModification m) {
    String v = value(m);
    if (!v.contains("/AcroForm")) {
      return false;
    }
    for (String k : BENIGN_ACROFORM_KEYS) {
      if (v.contains("/AcroForm /" + k) || v.matches(".*/AcroForm \\d+ 0 R /" + k + "( .*)?")) {
        return true;
      }
    }
    return false;
  }

  private static String value(XmlObjectModification m) {
    return m.getValue() == null ? "" : m.getValue();
  }

  private static String shorten(String path) {
    String p = path.replaceAll(" \\d+ 0 R", "");
    return p.length() > 120 ? p.substring(0, 120) + "…" : p;
  }

  private static Finding mod(String code, String... args) {
    return Messages.finding(Finding.Kind.MODIFICATION, code, args);
  }
}
