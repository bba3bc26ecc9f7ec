package org.kyso.pdf.internal.fast;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.kyso.core.DocumentException;

/**
 * Refuses, before signing, a PDF whose structure would make the signer loop or write an unreadable file: a trailer
 * {@code /Size} beyond the object numbers a PDF can hold, or a page tree that loops back on itself. Reads only the
 * cross-reference data and the page tree nodes. A file this reader cannot follow is left to the general signer,
 * which words its own error.
 */
public final class StructureCheck {
  /** The largest object number PDF readers accept (ISO 32000-1, Annex C). */
  static final long MAX_OBJECT_NUMBER = 8_388_607;

  private StructureCheck() {}

  /** Checks the PDF file {@code in}; {@code name} starts the error sentence ("The file x.pdf"). */
  public static void check(Path in, String name) throws DocumentException {
    onFile(in, src -> check(src, name));
  }

  /** A check of an opened file. */
  private interface SourceCheck {
    void run(RawPdf.Source src) throws DocumentException;
  }

  /** Runs {@code check} on the file {@code in}; a file unreadable here is left to the signer or the validator. */
  private static void onFile(Path in, SourceCheck check) throws DocumentException {
    try (RawPdf.Source src = RawPdf.Source.of(FileChannel.open(in, StandardOpenOption.READ))) {
      check.run(src);
    } catch (IOException e) {
      // unreadable here: the signer or the validator reports it in its words
    }
  }

  /**
   * For verification: refuses only a page tree that loops back on itself, since no reader can show such a document
   * and its pages cannot be compared with what was signed. Everything else (a truncated file among them) is left to
   * the validator, which names it in its report.
   */
  public static void checkPagesToVerify(Path in, String name) throws DocumentException {
    onFile(in, src -> checkPagesToVerify(src, name));
  }

  /** {@link #checkPagesToVerify(Path, String)} for a PDF held in memory. */
  public static void checkPagesToVerify(byte[] pdf, String name) throws DocumentException {
    checkPagesToVerify(RawPdf.Source.of(pdf), name);
  }

  private static void checkPagesToVerify(RawPdf.Source src, String name) throws DocumentException {
    try (RawPdf pdf = RawPdf.open(src)) {
      pageTree(pdf, name, "cannot be shown by any reader nor verified");
    } catch (DocumentException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // a structure this reader does not follow: the validator decides
    }
  }

  /** Checks a PDF held in memory. */
  public static void check(byte[] pdf, String name) throws DocumentException {
    check(RawPdf.Source.of(pdf), name);
  }

  private static void check(RawPdf.Source src, String name) throws DocumentException {
    RawPdf opened;
    try {
      opened = RawPdf.open(src);
    } catch (IOException | RuntimeException e) {
      // a structure this reader does not follow is left to the general signer, unless the file has lost its end:
      // the general signer would append to a truncated file, and the result could not be read
      if (hasPdfHeader(src) && !hasXrefPointer(src)) {
        throw new DocumentException(name + " is truncated or damaged: it has no valid cross-reference pointer"
            + " (startxref) at its end, and kyso does not sign a damaged file; get a complete copy, or repair it"
            + " first (e.g. qpdf in.pdf repaired.pdf).");
      }
      return;
    }
    try (RawPdf pdf = opened) {
      check(pdf, name);
    } catch (DocumentException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // a structure this reader does not follow: the general signer decides
    }
  }

  /**
   * Checks a document the fast signer has open already (one parse for both). An {@link IOException} or unchecked
   * exception means this reader does not follow the structure: the caller hands the document to the general signer,
   * which runs {@link #check(byte[], String)} itself.
   */
  static void check(RawPdf pdf, String name) throws DocumentException, IOException {
    long size = pdf.trailer().get("Size") instanceof RawValue.Num n ? n.longValue() : 0;
    if (size - 1 > MAX_OBJECT_NUMBER || pdf.nextObjectNumber() - 1 > MAX_OBJECT_NUMBER) {
      throw new DocumentException(name + " claims " + Math.max(size, pdf.nextObjectNumber()) + " objects (its "
          + "trailer /Size), more than a PDF can hold (" + (MAX_OBJECT_NUMBER + 1) + "); it is damaged or built to "
          + "attack readers, and cannot be signed.");
    }
    pageTree(pdf, name, "cannot be signed");
    pageCount(pdf, name, size);
  }

  /** True when {@code %PDF-} starts within the first 1024 bytes (else the signer says it is not a PDF at all). */
  private static boolean hasPdfHeader(RawPdf.Source src) {
    try {
      byte[] head = new byte[(int) Math.min(1024, src.length())];
      int n = src.read(0, head, 0, head.length);
      return new String(head, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1).contains("%PDF-");
    } catch (IOException e) {
      return false;
    }
  }

  /** True when the last {@code startxref} of the file names an offset inside it. */
  private static boolean hasXrefPointer(RawPdf.Source src) {
    try {
      long len = src.length();
      byte[] key = "startxref".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      int chunk = 1 << 16;
      byte[] buf = new byte[chunk + key.length + 32];
      // backwards over the file, in overlapping chunks: the last startxref is the one readers use
      for (long end = len; end > 0; end -= chunk) {
        long start = Math.max(0, end - chunk);
        int n = src.read(start, buf, 0, (int) Math.min(buf.length, len - start));
        for (int i = Math.min(n - key.length, (int) (end - start)); i >= 0; i--) {
          if (matches(buf, i, key)) {
            int j = i + key.length;
            while (j < n && (buf[j] == ' ' || buf[j] == '\r' || buf[j] == '\n' || buf[j] == '\t')) {
              j++;
            }
            long off = 0;
            int digits = 0;
            while (j < n && buf[j] >= '0' && buf[j] <= '9' && digits < 19) {
              off = off * 10 + (buf[j++] - '0');
              digits++;
            }
            return digits > 0 && off < len;
          }
        }
      }
      return false;
    } catch (IOException e) {
      return true; // unreadable here: the signer reports it in its words
    }
  }

  private static boolean matches(byte[] b, int at, byte[] key) {
    for (int k = 0; k < key.length; k++) {
      if (b[at + k] != key[k]) {
        return false;
      }
    }
    return true;
  }

  /** A page tree whose root claims more pages than the file has objects (readers would allocate for them all). */
  private static void pageCount(RawPdf pdf, String name, long size) throws IOException, DocumentException {
    if (pdf.resolve(pdf.trailer().get("Root")) instanceof RawValue.Dict catalog
        && pdf.resolve(catalog.get("Pages")) instanceof RawValue.Dict pages
        && pdf.resolve(pages.get("Count")) instanceof RawValue.Num count
        && count.longValue() > Math.max(size, pdf.nextObjectNumber())) {
      throw new DocumentException(name + " claims " + count.longValue() + " pages (its page tree's /Count) but holds"
          + " only " + Math.max(size, pdf.nextObjectNumber()) + " objects; it is damaged or built to attack readers,"
          + " and cannot be signed.");
    }
  }

  /** Depth-first walk: a node met again on its own path is a loop; a node shared by two parents is walked once. */
  private static void pageTree(RawPdf pdf, String name, String consequence) throws IOException, DocumentException {
    if (!(pdf.resolve(pdf.trailer().get("Root")) instanceof RawValue.Dict catalog)
        || !(catalog.get("Pages") instanceof RawValue.Ref pages)) {
      return;
    }
    Set<Long> onPath = new HashSet<>();
    Set<Long> done = new HashSet<>();
    Deque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(pages.number(), kids(pdf, pages)));
    onPath.add(pages.number());
    while (!stack.isEmpty()) {
      Frame f = stack.peek();
      if (!f.kids.hasNext()) {
        stack.pop();
        onPath.remove(f.number);
        done.add(f.number);
        continue;
      }
      RawValue.Ref kid = f.kids.next();
      if (onPath.contains(kid.number())) {
        throw new DocumentException(name + " has a page tree that loops back on itself (object " + kid.number()
            + "); it is damaged or built to attack readers, and " + consequence + ".");
      }
      if (done.contains(kid.number())) {
        continue;
      }
      onPath.add(kid.number());
      stack.push(new Frame(kid.number(), kids(pdf, kid)));
    }
  }

  private record Frame(long number, java.util.Iterator<RawValue.Ref> kids) {}

  private static java.util.Iterator<RawValue.Ref> kids(RawPdf pdf, RawValue.Ref node) throws IOException {
    java.util.List<RawValue.Ref> out = new java.util.ArrayList<>();
    if (pdf.resolve(node) instanceof RawValue.Dict d && pdf.resolve(d.get("Kids")) instanceof RawValue.Arr kids) {
      for (RawValue k : kids.items()) {
        if (k instanceof RawValue.Ref kr) {
          out.add(kr);
        }
      }
    }
    return out.iterator();
  }
}
