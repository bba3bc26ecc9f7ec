package org.kyso.pdf.internal;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.kyso.pdf.internal.verify.PdfFieldInventory;

/**
 * Lists the signed fields of a PDF by walking its form (the /Fields tree of the AcroForm, /Kids followed, each
 * node once), with PDFBox's lenient parser. Used by {@link org.kyso.pdf.internal.verify.PdfChecks}.
 */
public final class PdfFieldReader implements PdfFieldInventory {
  /** Bounds the walk on hostile files. */
  private static final int MAX_NODES = 100_000;

  @Override
  public List<Field> fields(DSSDocument pdf, char[] password) {
    String pw = password == null ? "" : new String(password);
    List<Field> found;
    try (PDDocument doc = load(pdf, pw)) {
      found = walk(doc);
    } catch (IOException | RuntimeException | StackOverflowError e) {
      found = List.of();
    }
    return found.isEmpty() ? rawScan(pdf) : found;
  }

  private static final java.util.regex.Pattern RAW_RANGE = java.util.regex.Pattern.compile(
      "/ByteRange\\s*\\[([-0-9\\s]{0,200})\\]");
  private static final java.util.regex.Pattern RAW_CONTENTS = java.util.regex.Pattern.compile(
      "/Contents\\s*(<([0-9A-Fa-f\\s]*)>|.)");

  /**
   * When the form cannot be read at all (a damaged file, a signature dictionary PDFBox gives up on), the signature
   * dictionaries found in the raw bytes, so that they are still reported rather than the file called unreadable.
   */
  static List<Field> rawScan(DSSDocument pdf) {
    String s;
    try (InputStream in = pdf.openStream()) {
      s = new String(in.readNBytes(256 << 20), java.nio.charset.StandardCharsets.ISO_8859_1);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    List<Field> out = new ArrayList<>();
    java.util.regex.Matcher m = RAW_RANGE.matcher(s);
    while (m.find() && out.size() < 100) {
      List<Long> range = new ArrayList<>();
      for (String n : m.group(1).trim().split("\\s+")) {
        try {
          range.add(Long.parseLong(n));
        } catch (NumberFormatException e) {
          range.clear();
          break;
        }
      }
      int from = Math.max(0, m.start() - 4096);
      int to = Math.min(s.length(), m.end() + 4096);
      java.util.regex.Matcher c = RAW_CONTENTS.matcher(s.substring(from, to));
      int length = -1;
      boolean zero = false;
      if (c.find()) {
        if (c.group(2) != null) {
          String hex = c.group(2).replaceAll("\\s", "");
          length = hex.length() / 2;
          zero = hex.chars().allMatch(ch -> ch == '0');
        } else {
          length = 1; // present but not a hex string: unreadable
        }
      }
      out.add(new Field("#" + (out.size() + 1), "Sig", "", range, length, zero));
    }
    return out;
  }

  @Override
  public java.util.Optional<byte[]> metadata(DSSDocument pdf, char[] password) {
    String pw = password == null ? "" : new String(password);
    try (PDDocument doc = load(pdf, pw)) {
      if (doc.getDocumentCatalog().getCOSObject().getDictionaryObject(COSName.METADATA)
          instanceof org.apache.pdfbox.cos.COSStream stream) {
        try (InputStream in = stream.createInputStream()) {
          return java.util.Optional.of(in.readNBytes(4 << 20));
        }
      }
      return java.util.Optional.empty();
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  @Override
  public java.util.Map<Long, String> fieldNames(DSSDocument pdf, char[] password) {
    String pw = password == null ? "" : new String(password);
    java.util.Map<Long, String> names = new java.util.HashMap<>();
    try (PDDocument doc = load(pdf, pw)) {
      var form = doc.getDocumentCatalog().getAcroForm(null);
      if (form == null) {
        return names;
      }
      for (var field : form.getFieldTree()) {
        if (names.size() > MAX_NODES) {
          break;
        }
        String name = field.getFullyQualifiedName();
        if (field.getCOSObject().getKey() != null) {
          names.putIfAbsent(field.getCOSObject().getKey().getNumber(), name);
        }
        if (field instanceof org.apache.pdfbox.pdmodel.interactive.form.PDTerminalField t) {
          for (var w : t.getWidgets()) {
            if (w.getCOSObject().getKey() != null) {
              names.putIfAbsent(w.getCOSObject().getKey().getNumber(), name);
            }
          }
        }
      }
    } catch (IOException | RuntimeException | StackOverflowError e) {
      return names;
    }
    return names;
  }

  private static PDDocument load(DSSDocument pdf, String pw) throws IOException {
    if (pdf instanceof FileDocument f) {
      return Loader.loadPDF(f.getFile(), pw);
    }
    try (InputStream in = pdf.openStream()) {
      return Loader.loadPDF(in.readAllBytes(), pw);
    }
  }

  static List<Field> walk(PDDocument doc) {
    List<Field> out = new ArrayList<>();
    Map<COSDictionary, Boolean> seen = new IdentityHashMap<>();
    COSDictionary form = doc.getDocumentCatalog().getCOSObject().getCOSDictionary(COSName.ACRO_FORM);
    COSArray fields = form == null ? null : form.getCOSArray(COSName.FIELDS);
    if (fields != null) {
      for (int i = 0; i < fields.size(); i++) {
        if (fields.getObject(i) instanceof COSDictionary f) {
          visit(f, null, null, seen, out);
        }
      }
    }
    // signature widgets that the form does not list (a damaged or truncated file can lose its AcroForm): the
    // signature is still there, so it is still reported
    int pages = 0;
    for (var page : doc.getPages()) {
      if (++pages > 10_000) {
        break;
      }
      COSArray annots = page.getCOSObject().getCOSArray(COSName.ANNOTS);
      for (int i = 0; annots != null && i < annots.size() && i < 10_000; i++) {
        if (annots.getObject(i) instanceof COSDictionary a && !seen.containsKey(a)
            && COSName.SIG.equals(a.getCOSName(COSName.FT))) {
          visit(a, null, null, seen, out);
        }
      }
    }
    return out;
  }

  private static void visit(COSDictionary node, String parentName, COSName parentType,
      Map<COSDictionary, Boolean> seen, List<Field> out) {
    if (seen.size() >= MAX_NODES || seen.put(node, Boolean.TRUE) != null) {
      return;
    }
    String partial = node.getString(COSName.T);
    COSName ft = node.getCOSName(COSName.FT) != null ? node.getCOSName(COSName.FT) : parentType;
    String name = partial == null ? parentName : parentName == null ? partial : parentName + "." + partial;
    COSArray kids = node.getCOSArray(COSName.KIDS);
    if (kids != null) {
      for (int i = 0; i < kids.size(); i++) {
        if (kids.getObject(i) instanceof COSDictionary k) {
          visit(k, name, ft, seen, out);
        }
      }
    }
    if (ft != null && !COSName.SIG.equals(ft)) {
      return;
    }
    COSBase v = node.getDictionaryObject(COSName.V);
    if (!(v instanceof COSDictionary sig) || (ft == null && !looksLikeSignature(sig))) {
      return;
    }
    List<Long> range = new ArrayList<>();
    if (sig.getDictionaryObject(COSName.BYTERANGE) instanceof COSArray br) {
      for (int i = 0; i < br.size() && i < 64; i++) {
        if (br.getObject(i) instanceof org.apache.pdfbox.cos.COSInteger n) {
          range.add(n.longValue());
        } else {
          range.clear();
          break;
        }
      }
    }
    int length = -1;
    boolean zero = false;
    if (sig.containsKey(COSName.CONTENTS) && !(sig.getDictionaryObject(COSName.CONTENTS) instanceof COSString)) {
      length = 1; // present, but not a string: unreadable
    } else if (sig.getDictionaryObject(COSName.CONTENTS) instanceof COSString s) {
      byte[] b = s.getBytes();
      length = b.length;
      zero = true;
      for (byte x : b) {
        if (x != 0) {
          zero = false;
          break;
        }
      }
    }
    COSName type = sig.getCOSName(COSName.TYPE);
    COSName sub = sig.getCOSName(COSName.SUB_FILTER);
    out.add(new Field(name == null ? "" : name, type == null ? "" : type.getName(), sub == null ? "" : sub.getName(),
        range, length, zero));
  }

  private static boolean looksLikeSignature(COSDictionary v) {
    return v.containsKey(COSName.BYTERANGE) || v.containsKey(COSName.CONTENTS);
  }
}
