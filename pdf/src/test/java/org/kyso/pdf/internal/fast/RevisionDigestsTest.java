package org.kyso.pdf.internal.fast;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.pades.validation.ByteRange;
import eu.europa.esig.dss.pades.validation.PdfByteRangeDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20: the digests of many signed ranges computed in one pass over the file are, for every range and
 * algorithm, the ones DSS computes by reading each range on its own ({@link PdfByteRangeDocument}, whose
 * {@code ByteRangeInputStream} defines what a range is); ranges of another shape are left to DSS.
 */
class RevisionDigestsTest {
  @TempDir
  Path dir;

  private static final int LENGTH = 400_000;

  /** Nested revisions as incremental signing makes them, with gaps across the 64 KiB chunks of the pass. */
  private static List<ByteRange> revisions(Random r) {
    List<ByteRange> out = new ArrayList<>();
    int end = 3_000;
    while (end < LENGTH - 10_000) {
      int gapStart = end - 2_000 - r.nextInt(500);
      int gap = 2 + r.nextInt(1_500);
      out.add(new ByteRange(new int[] {0, gapStart, gapStart + gap, end - gapStart - gap}));
      out.add(new ByteRange(new int[] {0, end, end, 0})); // the revision itself, as the scope's document
      end += 1 + r.nextInt(40_000);
    }
    return out;
  }

  private static RevisionDigests assertSameAsDss(DSSDocument doc, List<ByteRange> ranges,
      DigestAlgorithm... algorithms) {
    RevisionDigests digests = new RevisionDigests(doc, LENGTH);
    List<PdfByteRangeDocument> ours = new ArrayList<>();
    for (ByteRange range : ranges) {
      ours.add(digests.signedContent(range));
    }
    for (DigestAlgorithm algorithm : algorithms) {
      for (int i = 0; i < ranges.size(); i++) {
        byte[] dss = new PdfByteRangeDocument(doc, ranges.get(i)).getDigestValue(algorithm);
        assertThat(ours.get(i).getDigestValue(algorithm)).as("%s of %s", algorithm, ranges.get(i)).isEqualTo(dss);
      }
    }
    return digests;
  }

  @Test
  void nestedRevisionsHaveDssDigestsInMemoryAndOnDisk() throws Exception {
    Random r = new Random(20);
    byte[] data = new byte[LENGTH];
    r.nextBytes(data);
    List<ByteRange> ranges = revisions(r);
    assertThat(ranges.size()).isGreaterThan(20);
    RevisionDigests inMemory = assertSameAsDss(new InMemoryDocument(data, "x.pdf"), ranges, DigestAlgorithm.SHA256,
        DigestAlgorithm.SHA1, DigestAlgorithm.SHA512);
    Path file = Files.write(dir.resolve("x.pdf"), data);
    RevisionDigests onDisk = assertSameAsDss(new FileDocument(file.toFile()), ranges, DigestAlgorithm.SHA256);
    // computed by the one pass, not by DSS's fall-back
    assertThat(ranges).allSatisfy(range -> {
      assertThat(inMemory.digest(range, DigestAlgorithm.SHA512)).isNotNull();
      assertThat(onDisk.digest(range, DigestAlgorithm.SHA256)).isNotNull();
    });
  }

  @Test
  void oddRangesAreDssOwn() {
    Random r = new Random(7);
    byte[] data = new byte[LENGTH];
    r.nextBytes(data);
    List<ByteRange> ranges = new ArrayList<>(List.of(
        new ByteRange(new int[] {0, 65_536, 65_600, 100}), // first part ends on a chunk boundary
        new ByteRange(new int[] {0, 1_000, 131_072, 0}), // nothing after the gap
        new ByteRange(new int[] {0, 1_000, 1_000, 500}), // no gap: DSS reads the first part only
        new ByteRange(new int[] {10, 1_000, 2_000, 500}), // not from the start
        new ByteRange(new int[] {0, 1_000, LENGTH - 100, 500}), // beyond the end
        new ByteRange(new int[] {0, 300_000, 300_010, 50_000}), // overlaps the next one without nesting
        new ByteRange(new int[] {0, 250_000, 320_000, 80_000}),
        new ByteRange(new int[] {0, 250_000, 320_000, 80_000}))); // the same range twice
    RevisionDigests digests = assertSameAsDss(new InMemoryDocument(data, "y.pdf"), ranges, DigestAlgorithm.SHA256,
        DigestAlgorithm.SHA384);
    // the three DSS reads otherwise are left to it; the others come from the one pass
    for (int i = 0; i < ranges.size(); i++) {
      boolean dssOwn = i >= 2 && i <= 4;
      assertThat(digests.digest(ranges.get(i), DigestAlgorithm.SHA256) == null).as("range %d", i).isEqualTo(dssOwn);
    }
  }
}
