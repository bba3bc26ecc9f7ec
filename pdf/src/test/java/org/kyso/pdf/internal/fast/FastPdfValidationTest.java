package org.kyso.pdf.internal.fast;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.pades.validation.PDFDocumentValidator;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationSquareCircle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.KeySelector;
import org.kyso.core.PinSource;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.internal.dss.DssVerifiers;
import org.kyso.core.testing.TestPki;
import org.kyso.token.pkcs12.Pkcs12Token;

/**
 * kyso's faster PDF validation service must give exactly the reports plain DSS gives: the same diagnostic data
 * (revisions, byte ranges, signature dictionary consistency, modifications found) and the same verdicts, on
 * intact documents, on documents changed after signing, and on documents with several signatures.
 */
class FastPdfValidationTest {
  static TestPki pki;
  static Pkcs12Token token;
  static SigningKey key;
  static final Date AT = new Date();

  @TempDir Path dir;

  @BeforeAll
  static void keys(@TempDir Path keys) throws Exception {
    pki = TestPki.start();
    DevPki.Identity an = pki.pki().person("Nguyễn Văn An");
    Path p12 = TestPki.writeP12(an, keys.resolve("an.p12"), "pw");
    token = Pkcs12Token.open(p12, PinSource.of("pw".toCharArray()));
    key = token.key(KeySelector.any());
  }

  @AfterAll
  static void close() {
    key.close();
    token.close();
    pki.close();
  }

  /** Plain DSS, cookbook flow, B-B. */
  static byte[] dssSign(byte[] pdf) throws Exception {
    PAdESService service = new PAdESService(new CommonCertificateVerifier());
    PAdESSignatureParameters p = new PAdESSignatureParameters();
    p.setSignatureLevel(SignatureLevel.PAdES_BASELINE_B);
    p.setDigestAlgorithm(DigestAlgorithm.SHA256);
    p.setSigningCertificate(new CertificateToken(key.certificate()));
    DSSDocument doc = new InMemoryDocument(pdf);
    ToBeSigned tbs = service.getDataToSign(doc, p);
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(tbs.getBytes());
    SignatureValue v = new SignatureValue(eu.europa.esig.dss.enumerations.SignatureAlgorithm.RSA_SHA256,
        key.signDigest(SignatureAlgorithm.RSA_SHA256, digest));
    DSSDocument signed = service.signDocument(doc, p, v);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    signed.writeTo(out);
    return out.toByteArray();
  }

  static byte[] fastSign(byte[] pdf) throws Exception {
    return FastPadesSigner.builder(key).build().sign(pdf);
  }

  static byte[] pdf(int pages) throws IOException {
    Path tmp = Files.createTempFile("kyso-test", ".pdf");
    try {
      FastPadesSignerTest.pdf(tmp, pages, pages % 2 == 0);
      return Files.readAllBytes(tmp);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static byte[] incremental(byte[] pdf, java.util.function.Consumer<PDDocument> change) throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      change.accept(doc);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.saveIncremental(out);
      return out.toByteArray();
    }
  }

  static Reports validate(Path file, boolean fast) {
    FileDocument doc = new FileDocument(file.toFile());
    // the fast engine's validator (its validation context indexes the certificates) against DSS's own
    SignedDocumentValidator v = fast ? FastPdfValidator.of(doc) : SignedDocumentValidator.fromDocument(doc);
    v.setCertificateVerifier(DssVerifiers.create(TrustAnchors.of(pki.pki().root().certificate()), false));
    v.setValidationTime(AT);
    if (fast) {
      ((PDFDocumentValidator) v).setPdfObjFactory(new FastPdfObjFactory());
      return v.validateDocument(org.kyso.core.internal.fast.DefaultPolicy.get());
    }
    return v.validateDocument();
  }

  private void assertSameReports(String name, byte[] pdf) throws IOException {
    Path file = dir.resolve(name + ".pdf");
    Files.write(file, pdf);
    Reports plain = validate(file, false);
    Reports fast = validate(file, true);
    assertThat(fast.getXmlDiagnosticData()).as(name + ": diagnostic data").isEqualTo(plain.getXmlDiagnosticData());
    assertThat(fast.getXmlSimpleReport()).as(name + ": simple report").isEqualTo(plain.getXmlSimpleReport());
    assertThat(fast.getXmlDetailedReport()).as(name + ": detailed report").isEqualTo(plain.getXmlDetailedReport());
  }

  @Test
  void sameReportsForIntactDocuments() throws Exception {
    Map<String, byte[]> docs = new LinkedHashMap<>();
    docs.put("dss-1", dssSign(pdf(1)));
    docs.put("dss-12", dssSign(pdf(12)));
    docs.put("fast-1", fastSign(pdf(1)));
    docs.put("fast-12", fastSign(pdf(12)));
    docs.put("fast-then-dss", dssSign(fastSign(pdf(2))));
    docs.put("dss-then-fast", fastSign(dssSign(pdf(3))));
    docs.put("fast-twice", fastSign(fastSign(pdf(1))));
    for (Map.Entry<String, byte[]> e : docs.entrySet()) {
      assertSameReports(e.getKey(), e.getValue());
    }
  }

  /**
   * One signer's certificate, carried by each of its signatures' CMS, is checked against its issuer once
   * (issue 20): the reports stay plain DSS's, with another signer's signatures in between.
   */
  @Test
  void sameReportsForOneSignerSigningManyTimes() throws Exception {
    assertThat(IndexedValidationContext.sharesSignerChecks()).as("DSS's token fields found").isTrue();
    DevPki.Identity binh = pki.pki().person("Trần Thị Bình");
    Path p12 = TestPki.writeP12(binh, dir.resolve("binh.p12"), "pw");
    try (Pkcs12Token other = Pkcs12Token.open(p12, PinSource.of("pw".toCharArray()));
        SigningKey otherKey = other.key(KeySelector.any())) {
      byte[] pdf = fastSign(fastSign(pdf(2)));
      pdf = FastPadesSigner.builder(otherKey).build().sign(pdf);
      pdf = dssSign(fastSign(pdf));
      pdf = FastPadesSigner.builder(otherKey).build().sign(pdf);
      assertSameReports("one-signer-many-times", pdf);
      byte[] flipped = pdf.clone();
      flipped[200] ^= 0x01;
      assertSameReports("one-signer-many-times-byte-changed", flipped);
    }
  }

  @Test
  void sameReportsForDocumentsChangedAfterSigning() throws Exception {
    List<String> names = new ArrayList<>();
    Map<String, byte[]> docs = new LinkedHashMap<>();
    byte[] one = dssSign(pdf(1));
    byte[] many = fastSign(pdf(12));
    docs.put("page-added", incremental(one, d -> d.addPage(new PDPage(PDRectangle.A4))));
    docs.put("page-added-many", incremental(many, d -> d.addPage(new PDPage(PDRectangle.A4))));
    docs.put("overlay", incremental(one, d -> addSquare(d, false)));
    docs.put("dss-dictionary-added", incremental(many, d -> {
      COSDictionary dss = new COSDictionary();
      dss.setItem(COSName.getPDFName("Certs"), new COSArray());
      d.getDocumentCatalog().getCOSObject().setItem(COSName.getPDFName("DSS"), dss);
      d.getDocumentCatalog().getCOSObject().setNeedToBeUpdated(true);
    }));
    byte[] appended = java.util.Arrays.copyOf(one, one.length + 40);
    System.arraycopy("\n% appended after signing\n".getBytes(StandardCharsets.US_ASCII), 0, appended, one.length,
        26);
    docs.put("bytes-appended", appended);
    byte[] flipped = one.clone();
    flipped[200] ^= 0x01;
    docs.put("byte-changed", flipped);
    byte[] overlay = incremental(one, d -> addSquare(d, true));
    docs.put("overlay-with-appearance", overlay);
    docs.put("overlay-then-signed", dssSign(overlay));
    docs.put("overlay-then-fast-signed", fastSign(overlay));
    for (Map.Entry<String, byte[]> e : docs.entrySet()) {
      names.add(e.getKey());
      assertSameReports(e.getKey(), e.getValue());
    }
    assertThat(names).hasSize(9);
  }

  /** A square annotation over the text, with its own appearance stream or without one. */
  static void addSquare(PDDocument d, boolean appearance) {
    try {
      var sq = new org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationSquare();
      sq.setRectangle(new PDRectangle(50, 700, 300, 80));
      sq.setPrinted(true);
      if (appearance) {
        var form = new org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject(d);
        form.setBBox(new PDRectangle(0, 0, 300, 80));
        try (var out = form.getContentStream().createOutputStream()) {
          out.write("1 1 1 rg 0 0 300 80 re f\n".getBytes(StandardCharsets.US_ASCII));
        }
        var ap = new org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceDictionary();
        ap.setNormalAppearance(new org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream(
            form.getCOSObject()));
        sq.setAppearance(ap);
      }
      PDPage p = d.getPage(0);
      p.getAnnotations().add(sq);
      p.getCOSObject().setNeedToBeUpdated(true);
    } catch (IOException ex) {
      throw new IllegalStateException(ex);
    }
  }

  @Test
  void noPhantomChangesForAWholeFileSignature() throws Exception {
    // an annotation without an appearance stream, then a signature over everything: PDFBox builds the missing
    // appearance in memory while DSS looks at the final document, and DSS then reports changes between two copies
    // of the same bytes; kyso's fast path does not compare a revision with itself, so it reports none
    byte[] doc = dssSign(incremental(dssSign(pdf(1)), d -> addSquare(d, false)));
    Path file = dir.resolve("phantom.pdf");
    Files.write(file, doc);
    String plain = validate(file, false).getXmlDiagnosticData();
    String fast = validate(file, true).getXmlDiagnosticData();
    assertThat(plain).as("DSS's phantom change, if DSS ever stops reporting it this test can go")
        .contains("<ObjectModifications>");
    // the earlier signature's findings are the same in both; only the whole-file signature's phantom goes
    assertThat(fast.split("<ObjectModifications>", -1)).hasSize(plain.split("<ObjectModifications>", -1).length - 1);
    assertThat(strip(fast)).isEqualTo(strip(plain));
  }

  /** DSS 6.4's revision listing rules, byte by byte, as a reference for {@link EofScanner}. */
  static List<Long> reference(byte[] data) {
    List<Long> ends = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    long position = 0;
    int i = 0;
    while (i < data.length) {
      byte b = data[i++];
      position++;
      line.append((char) b);
      if (line.toString().equals("%%EOF")) {
        line.setLength(0);
        long eof = position;
        int c = i < data.length ? data[i++] : -1;
        if (c != -1) {
          position++;
        }
        if (c == '\n') {
          eof++;
        } else if (c == '\r') {
          eof++;
          int d = i < data.length ? data[i++] : -1;
          if (d != -1) {
            position++;
          }
          if (d == '\n') {
            eof++;
          }
        }
        ends.add(eof);
      } else if (b == '\n' || b == '\r' || line.length() > 5) {
        line.setLength(0);
      }
    }
    return ends;
  }

  /** The diagnostic data without any modification-detection block. */
  static String strip(String diag) {
    return diag.replaceAll("(?s)\\s*<ModificationDetection>.*?</ModificationDetection>", "");
  }

  @Test
  void revisionEndsMatchDssRulesOnRandomInput() throws Exception {
    java.util.Random rnd = new java.util.Random(42);
    String alphabet = "%%%EOFx\r\n";
    for (int round = 0; round < 3_000; round++) {
      byte[] data = new byte[rnd.nextInt(300)];
      for (int i = 0; i < data.length; i++) {
        data[i] = (byte) alphabet.charAt(rnd.nextInt(alphabet.length()));
      }
      // short reads, so that markers straddle the scanner's chunks
      int maxRead = 1 + rnd.nextInt(7);
      java.io.InputStream in = new java.io.ByteArrayInputStream(data) {
        @Override
        public synchronized int read(byte[] b, int off, int len) {
          return super.read(b, off, Math.min(len, maxRead));
        }
      };
      assertThat(EofScanner.scan(in)).as(new String(data, StandardCharsets.ISO_8859_1)).isEqualTo(reference(data));
    }
  }

  @Test
  void revisionEndsMatchDssRules() throws Exception {
    // markers at the start of a line, at six bytes from it, elsewhere (ignored), and at the very end
    String text = "%PDF-1.7\n%%EOF\nabcdef%%EOF\r\nab%%EOF\nx%%EOF\r%%EOF";
    List<Long> ends = EofScanner.scan(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
    int first = text.indexOf("%%EOF") + 6;
    int second = text.indexOf("abcdef%%EOF") + 11 + 2;
    int last = text.length();
    assertThat(ends).containsExactly((long) first, (long) second, (long) last);
  }
}
