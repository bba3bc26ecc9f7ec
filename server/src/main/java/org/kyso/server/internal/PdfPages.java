package org.kyso.server.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;

/**
 * What the verification page shows of a PDF beyond DSS's report: each page as a PNG, each signature field's box,
 * each signature's certificate chain (from its CMS object), and the areas that look different now from the document
 * as the last signature covered it (both rendered, compared pixel by pixel, differing cells merged into boxes).
 * Boxes are fractions of the page (x, y from the top left, w, h), so the page can draw them at any size.
 */
final class PdfPages {
  private static final float DPI = 96f;
  private static final int CELL = 6;

  record Sig(String fieldName, String cn, long end, Map<String, Object> box, List<Map<String, Object>> chain) {}

  record Analysis(List<Map<String, Object>> pages, List<Sig> sigs, int omitted, boolean changed) {
    static Analysis none() {
      return new Analysis(List.of(), List.of(), 0, false);
    }

    /** The PDF signature of a report's signature: the one whose signer has this name, else the i-th in order. */
    Sig match(String signedBy, int i) {
      for (Sig s : sigs) {
        if (s.cn() != null && s.cn().equals(signedBy)) {
          return s;
        }
      }
      return i < sigs.size() ? sigs.get(i) : null;
    }
  }

  private PdfPages() {}

  static Analysis analyse(byte[] pdf, int maxPages) {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      List<Sig> sigs = signatures(doc);
      int n = doc.getNumberOfPages();
      int shown = Math.min(n, maxPages);
      long lastEnd = sigs.stream().mapToLong(Sig::end).max().orElse(pdf.length);
      List<List<Map<String, Object>>> changes = new ArrayList<>();
      boolean changed = false;
      PDFRenderer now = new PDFRenderer(doc);
      List<BufferedImage> images = new ArrayList<>();
      for (int p = 0; p < shown; p++) {
        images.add(now.renderImageWithDPI(p, DPI, ImageType.RGB));
        changes.add(new ArrayList<>());
      }
      if (!sigs.isEmpty() && lastEnd > 0 && lastEnd < pdf.length) {
        byte[] revision = java.util.Arrays.copyOf(pdf, (int) lastEnd);
        try (PDDocument then = Loader.loadPDF(revision)) {
          PDFRenderer before = new PDFRenderer(then);
          int m = then.getNumberOfPages();
          for (int p = 0; p < shown; p++) {
            if (p >= m) {
              changes.get(p).add(box(0, 0, 1, 1));
              changed = true;
              continue;
            }
            List<Map<String, Object>> diff = diff(before.renderImageWithDPI(p, DPI, ImageType.RGB), images.get(p));
            changed |= !diff.isEmpty();
            changes.get(p).addAll(diff);
          }
        } catch (IOException | RuntimeException e) {
          // the signed revision does not load on its own: nothing to compare against
        }
      }
      List<Map<String, Object>> pages = new ArrayList<>();
      for (int p = 0; p < shown; p++) {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("number", p + 1);
        BufferedImage img = images.get(p);
        pm.put("width", img.getWidth());
        pm.put("height", img.getHeight());
        pm.put("image", "data:image/png;base64," + Base64.getEncoder().encodeToString(png(img)));
        List<Map<String, Object>> boxes = new ArrayList<>();
        for (int k = 0; k < sigs.size(); k++) {
          Map<String, Object> b = sigs.get(k).box();
          if (b != null && b.get("page").equals(p + 1)) {
            Map<String, Object> bb = new LinkedHashMap<>(b);
            bb.put("signature", k);
            bb.put("label", sigs.get(k).cn() == null ? sigs.get(k).fieldName() : sigs.get(k).cn());
            boxes.add(bb);
          }
        }
        pm.put("signatureBoxes", boxes);
        pm.put("changedAreas", changes.get(p));
        pages.add(pm);
      }
      return new Analysis(pages, sigs, n - shown, changed);
    } catch (IOException | RuntimeException e) {
      return Analysis.none();
    }
  }

  private static List<Sig> signatures(PDDocument doc) throws IOException {
    List<Sig> out = new ArrayList<>();
    for (PDSignatureField field : doc.getSignatureFields()) {
      PDSignature sig = field.getSignature();
      if (sig == null) {
        continue;
      }
      int[] br = sig.getByteRange();
      long end = br != null && br.length == 4 ? (long) br[2] + br[3] : -1;
      Map<String, Object> box = null;
      for (PDAnnotationWidget w : field.getWidgets()) {
        PDRectangle r = w.getRectangle();
        if (r == null || r.getWidth() <= 0 || r.getHeight() <= 0) {
          continue;
        }
        int pageNo = pageOf(doc, w);
        if (pageNo < 0) {
          continue;
        }
        PDRectangle media = doc.getPage(pageNo).getCropBox();
        int rot = doc.getPage(pageNo).getRotation();
        if (rot % 360 != 0) {
          continue; // rotated pages: the box would be drawn in the wrong place, so none is drawn
        }
        double x = (r.getLowerLeftX() - media.getLowerLeftX()) / media.getWidth();
        double y = (media.getUpperRightY() - r.getUpperRightY()) / media.getHeight();
        box = box(x, y, r.getWidth() / media.getWidth(), r.getHeight() / media.getHeight());
        box.put("page", pageNo + 1);
        break;
      }
      List<Map<String, Object>> chain = new ArrayList<>();
      String cn = null;
      try {
        byte[] contents = sig.getContents();
        if (contents != null && contents.length > 0) {
          chain = chain(contents);
          if (!chain.isEmpty()) {
            cn = Page.dnPart(String.valueOf(chain.get(0).get("subject")), "CN").orElse(null);
          }
        }
      } catch (Exception e) {
        // an unreadable CMS object: DSS's report says why; the page shows no chain
      }
      out.add(new Sig(field.getFullyQualifiedName(), cn, end, box, chain));
    }
    out.sort(java.util.Comparator.comparingLong(Sig::end));
    return out;
  }

  private static int pageOf(PDDocument doc, PDAnnotationWidget w) throws IOException {
    PDPage p = w.getPage();
    if (p != null) {
      int i = doc.getPages().indexOf(p);
      if (i >= 0) {
        return i;
      }
    }
    for (int i = 0; i < doc.getNumberOfPages(); i++) {
      for (PDAnnotation a : doc.getPage(i).getAnnotations()) {
        if (a.getCOSObject() == w.getCOSObject()) {
          return i;
        }
      }
    }
    return -1;
  }

  /** The signer's certificate first, then its issuers among the certificates the CMS object carries. */
  private static List<Map<String, Object>> chain(byte[] cms) throws Exception {
    CMSSignedData signed = new CMSSignedData(cms);
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    List<X509Certificate> all = new ArrayList<>();
    for (Object o : signed.getCertificates().getMatches(null)) {
      X509CertificateHolder h = (X509CertificateHolder) o;
      all.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(h.getEncoded())));
    }
    X509Certificate signer = null;
    for (SignerInformation si : signed.getSignerInfos().getSigners()) {
      @SuppressWarnings("unchecked")
      Collection<X509CertificateHolder> m = signed.getCertificates().getMatches(si.getSID());
      if (!m.isEmpty()) {
        signer = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(m.iterator().next().getEncoded()));
      }
      break;
    }
    List<Map<String, Object>> out = new ArrayList<>();
    X509Certificate c = signer;
    for (int guard = 0; c != null && guard < 10; guard++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("subject", c.getSubjectX500Principal().getName());
      m.put("issuer", c.getIssuerX500Principal().getName());
      m.put("notBefore", c.getNotBefore().toInstant().toString());
      m.put("notAfter", c.getNotAfter().toInstant().toString());
      m.put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded())));
      out.add(m);
      if (c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
        break;
      }
      X509Certificate next = null;
      for (X509Certificate x : all) {
        if (x.getSubjectX500Principal().equals(c.getIssuerX500Principal()) && !x.equals(c)) {
          next = x;
        }
      }
      c = next;
    }
    return out;
  }

  /** Cells of CELL×CELL pixels that differ, merged into the bounding boxes of their connected groups. */
  static List<Map<String, Object>> diff(BufferedImage a, BufferedImage b) {
    int w = Math.min(a.getWidth(), b.getWidth());
    int h = Math.min(a.getHeight(), b.getHeight());
    int gw = (w + CELL - 1) / CELL;
    int gh = (h + CELL - 1) / CELL;
    boolean[][] cell = new boolean[gh][gw];
    boolean any = false;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        if (p != q && colourDistance(p, q) > 48) {
          cell[y / CELL][x / CELL] = true;
          any = true;
        }
      }
    }
    List<Map<String, Object>> out = new ArrayList<>();
    if (!any) {
      return out;
    }
    boolean[][] seen = new boolean[gh][gw];
    for (int gy = 0; gy < gh; gy++) {
      for (int gx = 0; gx < gw; gx++) {
        if (!cell[gy][gx] || seen[gy][gx]) {
          continue;
        }
        int minX = gx;
        int maxX = gx;
        int minY = gy;
        int maxY = gy;
        ArrayDeque<int[]> todo = new ArrayDeque<>();
        todo.add(new int[] {gx, gy});
        seen[gy][gx] = true;
        while (!todo.isEmpty()) {
          int[] c = todo.poll();
          minX = Math.min(minX, c[0]);
          maxX = Math.max(maxX, c[0]);
          minY = Math.min(minY, c[1]);
          maxY = Math.max(maxY, c[1]);
          // neighbours up to two cells away, so the letters of one changed word become one box
          for (int dy = -2; dy <= 2; dy++) {
            for (int dx = -2; dx <= 2; dx++) {
              int nx = c[0] + dx;
              int ny = c[1] + dy;
              if (nx >= 0 && ny >= 0 && nx < gw && ny < gh && cell[ny][nx] && !seen[ny][nx]) {
                seen[ny][nx] = true;
                todo.add(new int[] {nx, ny});
              }
            }
          }
        }
        out.add(box((double) minX * CELL / w, (double) minY * CELL / h,
            Math.min(1.0, (double) (maxX - minX + 1) * CELL / w), Math.min(1.0, (double) (maxY - minY + 1) * CELL / h)));
      }
    }
    return out;
  }

  private static int colourDistance(int p, int q) {
    return Math.abs(((p >> 16) & 255) - ((q >> 16) & 255)) + Math.abs(((p >> 8) & 255) - ((q >> 8) & 255))
        + Math.abs((p & 255) - (q & 255));
  }

  private static Map<String, Object> box(double x, double y, double w, double h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("x", round(x));
    m.put("y", round(y));
    m.put("w", round(w));
    m.put("h", round(h));
    return m;
  }

  private static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }

  private static byte[] png(BufferedImage img) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }
}
