package org.kyso.pdf.internal.fast;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Set;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;

/**
 * Compares PDF objects of two revisions as written: references by object number (not followed), streams by their
 * raw bytes. Used to tell an object rewritten unchanged from one changed.
 */
final class CosCompare {
  private CosCompare() {}

  /** Whether {@code a} and {@code b} hold the same entries, apart from the keys in {@code ignored}. */
  static boolean sameDict(COSDictionary a, COSDictionary b, Set<COSName> ignored) {
    for (COSName k : a.keySet()) {
      if (!ignored.contains(k) && !same(a.getItem(k), b.getItem(k))) {
        return false;
      }
    }
    for (COSName k : b.keySet()) {
      if (!ignored.contains(k) && !a.containsKey(k)) {
        return false;
      }
    }
    return true;
  }

  /** Whether two values are the same: references by number, direct values by content. */
  static boolean same(COSBase a, COSBase b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof COSObject || b instanceof COSObject) {
      if (!(a instanceof COSObject x) || !(b instanceof COSObject y)) {
        return false;
      }
      return x.getKey() != null && x.getKey().equals(y.getKey());
    }
    if (a instanceof COSStream s) {
      return b instanceof COSStream t && sameDict(s, t, Set.of()) && sameBytes(s, t);
    }
    if (a instanceof COSDictionary d) {
      return b instanceof COSDictionary e && !(b instanceof COSStream) && sameDict(d, e, Set.of());
    }
    if (a instanceof COSArray x) {
      if (!(b instanceof COSArray y) || x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!same(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  private static boolean sameBytes(COSStream a, COSStream b) {
    try (InputStream x = a.createRawInputStream(); InputStream y = b.createRawInputStream()) {
      return Arrays.equals(x.readAllBytes(), y.readAllBytes());
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
