package org.kyso.pdf.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTailTest {
  private static FileTail.Source src(String s) {
    return FileTail.Source.of(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void nothingAfterTheSignedEndIsNoTail() throws Exception {
    String pdf = "%PDF-1.7\n...\n%%EOF\n";
    assertThat(FileTail.after(src(pdf), pdf.length(), List.of((long) pdf.length())).bytes()).isZero();
    assertThat(FileTail.junkAfterLastEof(src(pdf), pdf.length())).isZero();
    // trailing whitespace is not a change
    assertThat(FileTail.after(src(pdf + "\r\n  \n"), pdf.length(), List.of()).bytes()).isZero();
  }

  @Test
  void bytesAfterTheLastEofAreJunk() throws Exception {
    String signed = "%PDF-1.7\nsigned\n%%EOF\n";
    String file = signed + "garbage appended";
    assertThat(FileTail.junkAfterLastEof(src(file), signed.length())).isEqualTo("garbage appended".length());
    String update = signed + "1 0 obj\n<<>>\nendobj\nxref\ntrailer\n<<>>\nstartxref\n9\n%%EOF\n";
    assertThat(FileTail.junkAfterLastEof(src(update), signed.length())).isZero();
    assertThat(FileTail.junkAfterLastEof(src(update + "x"), signed.length())).isEqualTo(1);
  }

  @Test
  void laterRevisionsEndingAtASignatureAreExplained() throws Exception {
    String signed = "%PDF-1.7\nsigned\n%%EOF\n";
    String dss = "1 0 obj\n<< /DSS >>\nendobj\n%%EOF\n";
    String sig2 = "2 0 obj\n<< /Type /Sig >>\nendobj\n%%EOF\n";
    String file = signed + dss + sig2;
    long sig2End = file.length();
    FileTail.Info info = FileTail.after(src(file), signed.length(), List.of((long) signed.length(), sig2End));
    assertThat(info.bytes()).isEqualTo(dss.length() + sig2.length() - 1); // the final newline is not counted
    assertThat(info.unexplainedBytes()).isEqualTo(dss.length() - 1); // up to and with its %%EOF
    // a range that ends just before its own %%EOF leaves no unexplained section
    String own = "%PDF-1.7\nsigned\n";
    FileTail.Info justEof = FileTail.after(src(own + "%%EOF\n"), own.length(), List.of((long) own.length()));
    assertThat(justEof.unexplainedBytes()).isZero();
  }

  @Test
  void findsMarkersAcrossChunkBoundariesInFiles(@TempDir Path dir) throws Exception {
    byte[] big = new byte[200_000];
    java.util.Arrays.fill(big, (byte) 'a');
    byte[] marker = "/ByteRange".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(marker, 0, big, 64 * 1024 - 4, marker.length); // straddles the first chunk boundary
    Path f = dir.resolve("big.pdf");
    Files.write(f, big);
    assertThat(FileTail.containsAny(FileTail.Source.of(f), List.of("/Nothing", "/ByteRange"))).isTrue();
    assertThat(FileTail.containsAny(FileTail.Source.of(f), List.of("/Type /Sig "))).isFalse();
    byte[] eof = "%%EOF".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(eof, 0, big, 2 * 64 * 1024 - 2, eof.length);
    Files.write(f, big);
    assertThat(FileTail.junkAfterLastEof(FileTail.Source.of(f), 1000)).isEqualTo(big.length - (2 * 64 * 1024 + 3));
  }

  @Test
  void theOneScanIndexAnswersAsAfterDoesForEveryOffset() throws Exception {
    java.util.Random random = new java.util.Random(20);
    String[] pieces = {"%%EOF", "%%EOF\n", "%%EOF\r\n", "obj ", "\n", "  ", "%%EO", "x", "%%EOF%%EOF"};
    for (int round = 0; round < 200; round++) {
      StringBuilder b = new StringBuilder("%PDF-1.7\n");
      int n = 1 + random.nextInt(30);
      for (int i = 0; i < n; i++) {
        b.append(pieces[random.nextInt(pieces.length)]);
      }
      String file = b.toString();
      List<Long> known = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        known.add((long) random.nextInt(file.length() + 3));
      }
      FileTail.Index index = FileTail.index(src(file), known);
      for (long offset = 0; offset <= file.length() + 1; offset++) {
        assertThat(index.after(offset)).as(file + " @" + offset + " " + known)
            .isEqualTo(FileTail.after(src(file), offset, known));
      }
    }
  }

  @Test
  void dataBetweenARevisionAndTheNextUpdateIsCounted() throws Exception {
    String signed = "%PDF-1.7\nsigned\n%%EOF\n";
    String comment = "%" + "x".repeat(100) + "\n";
    String update = "12 0 obj\n<<>>\nendobj\nxref\n0 1\ntrailer\n<<>>\nstartxref\n9\n%%EOF\n";
    String clean = signed + update;
    String dirty = signed + comment + update;
    assertThat(FileTail.index(src(clean), List.of()).dataBetweenRevisionsAfter(signed.length())).isZero();
    assertThat(FileTail.index(src(dirty), List.of()).dataBetweenRevisionsAfter(signed.length()))
        .isEqualTo(comment.length());
    // a revision after the data: nothing between it and the end
    assertThat(FileTail.index(src(dirty), List.of()).dataBetweenRevisionsAfter(dirty.length())).isZero();
    // a range that ends just before its own %%EOF
    assertThat(FileTail.index(src(dirty), List.of()).dataBetweenRevisionsAfter(signed.length() - 6))
        .isEqualTo(comment.length());
  }
}
