package org.kyso.pdf.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kyso.core.testing.ExternalTools;

/**
 * The same letter with each kind of cross-reference section a signer meets, and an audit of the incremental
 * updates written on top of them. Inputs are made by PDFBox, by qpdf, or assembled here byte by byte.
 */
public final class XrefKinds {
  private XrefKinds() {}

  /** An input kind and how to make it from the sample letter. */
  public enum Kind {
    /** PDFBox's full save: an xref stream that does not list itself, objects in object streams. */
    PDFBOX_XREF_STREAM,
    /** qpdf, object streams disabled: one classic xref table. */
    CLASSIC_TABLE,
    /** qpdf, object streams generated: an xref stream listing itself, most objects compressed. */
    OBJECT_STREAMS,
    /** A classic table whose trailer's /XRefStm points to an xref stream for the compressed objects. */
    HYBRID,
    /** A classic file with two earlier updates: one adds an object, the next frees it (free-list entries). */
    FREE_LIST_AND_UPDATES
  }

  public static byte[] make(Kind kind, Path dir) throws IOException {
    byte[] letter = SampleLetter.create();
    return switch (kind) {
      case PDFBOX_XREF_STREAM -> letter;
      case CLASSIC_TABLE -> qpdf(letter, dir, "--object-streams=disable");
      case OBJECT_STREAMS -> qpdf(letter, dir, "--object-streams=generate");
      case HYBRID -> hybrid(qpdf(letter, dir, "--object-streams=generate"), dir);
      case FREE_LIST_AND_UPDATES -> freeList(qpdf(letter, dir, "--object-streams=disable"));
    };
  }

  private static byte[] qpdf(byte[] in, Path dir, String... args) throws IOException {
    Path qpdf = ExternalTools.require("qpdf", "qpdf");
    Path src = Files.createTempFile(dir, "src", ".pdf");
    Path dst = Files.createTempFile(dir, "dst", ".pdf");
    Files.write(src, in);
    List<String> cmd = new ArrayList<>(List.of(qpdf.toString()));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of(src.toString(), dst.toString()));
    ExternalTools.Result r = ExternalTools.run(cmd);
    assertThat(r.exitCode()).as(r.all()).isIn(0, 3);
    return Files.readAllBytes(dst);
  }

  /** Appends a classic section listing the uncompressed objects, with /XRefStm pointing to the xref stream. */
  private static byte[] hybrid(byte[] withStreams, Path dir) throws IOException {
    Path qpdf = ExternalTools.require("qpdf", "qpdf");
    Path f = Files.createTempFile(dir, "objstm", ".pdf");
    Files.write(f, withStreams);
    String xref = ExternalTools.run(List.of(qpdf.toString(), "--show-xref", f.toString())).stdout();
    TreeMap<Integer, Long> plain = new TreeMap<>();
    Matcher m = Pattern.compile("(?m)^(\\d+)/0: uncompressed; offset = (\\d+)").matcher(xref);
    while (m.find()) {
      plain.put(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)));
    }
    String s = latin1(withStreams);
    long streamAt = lastStartxref(s);
    int size = intAfter(s.substring((int) streamAt), "/Size");
    String root = refAfter(s.substring((int) streamAt), "/Root");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(withStreams);
    long tableAt = out.size();
    StringBuilder t = new StringBuilder("xref\n0 1\n0000000000 65535 f \n");
    for (var e : plain.entrySet()) {
      t.append(e.getKey()).append(" 1\n").append(String.format("%010d 00000 n \n", e.getValue()));
    }
    t.append("trailer\n<< /Size ").append(size).append(" /Root ").append(root).append(" /XRefStm ")
        .append(streamAt).append(" >>\nstartxref\n").append(tableAt).append("\n%%EOF\n");
    out.writeBytes(t.toString().getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }

  /** Two updates on a classic file: object N added, then N freed (generation 1, on the free list). */
  private static byte[] freeList(byte[] classic) {
    String s = latin1(classic);
    long prev = lastStartxref(s);
    String trailer = s.substring((int) prev);
    int size = intAfter(trailer, "/Size");
    String root = refAfter(trailer, "/Root");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(classic);
    int n = size;
    long objAt = out.size();
    out.writeBytes((n + " 0 obj\n<< /Note (an object a later update frees) >>\nendobj\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    long x1 = out.size();
    out.writeBytes(("xref\n0 1\n0000000000 65535 f \n" + n + " 1\n" + String.format("%010d 00000 n \n", objAt)
        + "trailer\n<< /Size " + (n + 1) + " /Root " + root + " /Prev " + prev + " >>\nstartxref\n" + x1
        + "\n%%EOF\n").getBytes(StandardCharsets.ISO_8859_1));
    long x2 = out.size();
    out.writeBytes(("xref\n0 1\n" + String.format("%010d 65535 f \n", n) + n + " 1\n0000000000 00001 f \n"
        + "trailer\n<< /Size " + (n + 1) + " /Root " + root + " /Prev " + x1 + " >>\nstartxref\n" + x2
        + "\n%%EOF\n").getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }

  /** Asserts qpdf --check exits 0 and prints no warning. */
  public static void assertQpdfNoWarning(Path pdf) {
    Path qpdf = ExternalTools.require("qpdf", "qpdf");
    ExternalTools.Result r = ExternalTools.run(List.of(qpdf.toString(), "--check", pdf.toString()));
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.all()).as(r.all()).doesNotContainIgnoringCase("warning");
  }

  /**
   * Asserts that no update reuses the number of an object that an earlier revision used as an xref stream or an
   * object stream, and that no update defines a new object with a number an earlier revision already used for a
   * different purpose without listing it (the numbers every revision allocates only grow).
   */
  public static void assertNoReusedNumbers(byte[] pdf) {
    String s = latin1(pdf);
    List<Integer> eofs = new ArrayList<>();
    for (int i = s.indexOf("%%EOF"); i >= 0; i = s.indexOf("%%EOF", i + 1)) {
      eofs.add(i);
    }
    Map<Integer, Integer> structural = new HashMap<>(); // number -> revision where it was an xref/object stream
    Map<Integer, Integer> first = new HashMap<>(); // number -> first revision that defines it
    Matcher m = Pattern.compile("(?m)(?:^|\\r|\\n)(\\d+) (\\d+) obj\\b").matcher(s);
    while (m.find()) {
      int num = Integer.parseInt(m.group(1));
      int at = m.start(1);
      int rev = 0;
      while (rev < eofs.size() && eofs.get(rev) < at) {
        rev++;
      }
      Integer was = structural.get(num);
      assertThat(was == null || was >= rev)
          .as("object %d, an xref or object stream in revision %s, is redefined in revision %d", num, was, rev)
          .isTrue();
      int end = s.indexOf("stream", at);
      int endobj = s.indexOf("endobj", at);
      if (end > 0 && (endobj < 0 || end < endobj)) {
        String dict = s.substring(at, end);
        if (dict.matches("(?s).*/Type\\s*/(XRef|ObjStm)\\b.*")) {
          structural.putIfAbsent(num, rev);
          assertThat(first.getOrDefault(num, rev)).as("object %d, defined in an earlier revision, becomes an xref"
              + " or object stream in revision %d", num, rev).isEqualTo(rev);
        }
      }
      first.putIfAbsent(num, rev);
    }
  }

  private static String latin1(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  private static long lastStartxref(String s) {
    int i = s.lastIndexOf("startxref");
    Matcher m = Pattern.compile("startxref\\s+(\\d+)").matcher(s);
    m.find(i);
    return Long.parseLong(m.group(1));
  }

  private static int intAfter(String s, String key) {
    Matcher m = Pattern.compile(Pattern.quote(key) + "\\s+(\\d+)").matcher(s);
    if (!m.find()) {
      throw new IllegalStateException(key + " not found");
    }
    return Integer.parseInt(m.group(1));
  }

  private static String refAfter(String s, String key) {
    Matcher m = Pattern.compile(Pattern.quote(key) + "\\s+(\\d+ \\d+ R)").matcher(s);
    if (!m.find()) {
      throw new IllegalStateException(key + " not found");
    }
    return m.group(1);
  }
}
