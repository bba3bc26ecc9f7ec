package org.kyso.pdf.internal.fast;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.pades.validation.ByteRange;
import eu.europa.esig.dss.pades.validation.PdfByteRangeDocument;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The digests of every signed byte range of one file, computed in one pass over the file (issue 20). DSS hashes each
 * signature's byte range on its own: for signatures in their own incremental revisions that reads and hashes every
 * revision, a prefix of the file each time, so 1,000 signatures in a 20 MB file hash about 10 GB. A signed range
 * {@code [0 b c d]} is the file's first {@code b} bytes, then {@code d} bytes from {@code c}: here one digest runs
 * over the file, is copied at each {@code b}, and each copy is given its own {@code [c, c + d)}. The revisions before
 * each signature (DSS's signature scopes, {@code [0 b b 0]}, hashed again for their identifiers) are done alike. The digest is the
 * same value, computed over the same bytes (DSS's {@code ByteRangeInputStream} reads exactly these for such a
 * range); only ranges of that simple shape within the file are computed here, any other is left to DSS.
 *
 * <p>Computed on the first request for a digest algorithm (DSS asks while checking each signature's CMS, after the
 * revisions are listed), for every range registered by then; a range registered later, or any failure, falls back
 * to DSS's own computation.
 */
final class RevisionDigests {
  private static final int CHUNK = 1 << 16;

  private final DSSDocument document;
  private final long length;
  /** Registered ranges by key {a, b, c, d}. */
  private final Map<List<Integer>, long[]> ranges = new LinkedHashMap<>();
  private final Map<DigestAlgorithm, Map<List<Integer>, byte[]>> done = new EnumMap<>(DigestAlgorithm.class);

  /** For {@code document}, whose stream gives exactly {@code length} bytes. */
  RevisionDigests(DSSDocument document, long length) {
    this.document = document;
    this.length = length;
  }

  /**
   * The content of {@code range} (a signature's signed bytes, or a revision), as DSS's {@link PdfByteRangeDocument},
   * with its digest from here.
   */
  PdfByteRangeDocument signedContent(ByteRange range) {
    long a = range.getFirstPartStart();
    long b = range.getFirstPartEnd();
    long c = range.getSecondPartStart();
    long d = range.getSecondPartEnd();
    // the shapes DSS's ByteRangeInputStream reads as the first b bytes, then d bytes from c: a signed range (a gap
    // between the two parts) or a revision [0 b b 0] (the first b bytes only)
    if (a == 0 && b > 0 && (c > b || (c == b && d == 0)) && d >= 0 && c + d <= length) {
      synchronized (this) {
        ranges.putIfAbsent(key(range), new long[] {b, c, c + d});
      }
    }
    return new SignedRange(document, range, this);
  }

  private static List<Integer> key(ByteRange r) {
    return List.of(r.getFirstPartStart(), r.getFirstPartEnd(), r.getSecondPartStart(), r.getSecondPartEnd());
  }

  /** The digest of {@code range} with {@code algorithm}, or null when DSS must compute it. */
  synchronized byte[] digest(ByteRange range, DigestAlgorithm algorithm) {
    List<Integer> k = key(range);
    if (!ranges.containsKey(k)) {
      return null;
    }
    Map<List<Integer>, byte[]> all = done.get(algorithm);
    if (all == null) {
      try {
        all = computeAll(algorithm);
      } catch (IOException | RuntimeException | CloneNotSupportedException
          | java.security.NoSuchAlgorithmException e) {
        all = Map.of();
      }
      done.put(algorithm, all);
    }
    byte[] d = all.get(k);
    return d == null ? null : d.clone();
  }

  /** One pass over the file: the main digest is copied at each range's first end, each copy fed its second part. */
  private Map<List<Integer>, byte[]> computeAll(DigestAlgorithm algorithm)
      throws IOException, CloneNotSupportedException, java.security.NoSuchAlgorithmException {
    record Pending(List<Integer> key, long b, long c, long e) {}
    List<Pending> byB = new ArrayList<>();
    long last = 0;
    for (Map.Entry<List<Integer>, long[]> r : ranges.entrySet()) {
      long[] v = r.getValue();
      byB.add(new Pending(r.getKey(), v[0], v[1], v[2]));
      last = Math.max(last, v[2]);
    }
    byB.sort(Comparator.comparingLong(Pending::b));
    MessageDigest main = algorithm.getMessageDigest();
    record Branch(Pending p, MessageDigest md) {}
    List<Branch> open = new ArrayList<>();
    Map<List<Integer>, byte[]> out = new HashMap<>();
    long maxB = byB.isEmpty() ? 0 : byB.get(byB.size() - 1).b();
    int next = 0;
    byte[] buf = new byte[CHUNK];
    try (InputStream in = document.openStream()) {
      long pos = 0;
      while (pos < last) {
        int n = in.readNBytes(buf, 0, (int) Math.min(CHUNK, last - pos));
        if (n <= 0) {
          return Map.of(); // shorter than its length: DSS computes
        }
        long end = pos + n;
        // the main digest up to each first end in this chunk, copied there
        long fed = pos;
        while (next < byB.size() && byB.get(next).b() <= end) {
          Pending p = byB.get(next++);
          main.update(buf, (int) (fed - pos), (int) (p.b() - fed));
          fed = p.b();
          open.add(new Branch(p, (MessageDigest) main.clone()));
        }
        if (fed < Math.min(end, maxB)) {
          main.update(buf, (int) (fed - pos), (int) (Math.min(end, maxB) - fed));
        }
        // each copy gets the part of [c, e) in this chunk; finished ones are done
        for (Iterator<Branch> it = open.iterator(); it.hasNext();) {
          Branch br = it.next();
          long from = Math.max(br.p().c(), pos);
          long to = Math.min(br.p().e(), end);
          if (from < to) {
            br.md().update(buf, (int) (from - pos), (int) (to - from));
          }
          if (br.p().e() <= end) {
            out.put(br.p().key(), br.md().digest());
            it.remove();
          }
        }
        pos = end;
      }
    }
    for (Branch br : open) {
      out.put(br.p().key(), br.md().digest()); // ranges with d == 0 ending where they were copied
    }
    return out;
  }

  /** DSS's signed content of one range, whose digest comes from the one pass. */
  static final class SignedRange extends PdfByteRangeDocument {
    private static final long serialVersionUID = 1L;
    private final transient RevisionDigests digests;

    SignedRange(DSSDocument pdf, ByteRange range, RevisionDigests digests) {
      super(pdf, range);
      this.digests = digests;
    }

    @Override
    public byte[] getDigestValue(DigestAlgorithm algorithm) {
      byte[] d = digestMap.get(algorithm);
      if (d == null && digests != null) {
        d = digests.digest(getByteRange(), algorithm);
        if (d != null) {
          digestMap.put(algorithm, d);
        }
      }
      return d != null ? d : super.getDigestValue(algorithm);
    }
  }
}
