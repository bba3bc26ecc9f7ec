package org.kyso.pdf.testing;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.diagnostic.DiagnosticData;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.kyso.core.TrustAnchors;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.internal.dss.DssVerifiers;
import org.kyso.core.testing.ExternalTools;

/** Independent judges of a signed PDF: DSS's validator, poppler's pdfsig and qpdf. */
public final class Judges {
  private Judges() {}

  /** DSS validation with {@code root} trusted and revocation fetched online (the test PKI's loopback CRLs). */
  public static Reports dss(byte[] pdf, X509Certificate root) {
    SignedDocumentValidator v = SignedDocumentValidator.fromDocument(new InMemoryDocument(pdf, "signed.pdf"));
    v.setCertificateVerifier(DssVerifiers.create(TrustAnchors.of(root), true));
    return v.validateDocument();
  }

  /** Asserts that DSS finds {@code count} signatures, all TOTAL_PASSED, the last covering the whole file. */
  public static Reports assertDssPasses(byte[] pdf, X509Certificate root, int count) {
    return assertDssPasses(pdf, root, count, true);
  }

  /**
   * As {@link #assertDssPasses(byte[], X509Certificate, int)}; {@code wholeFile} false for B-LT and up, whose
   * validation data is added in a revision after the signature.
   */
  public static Reports assertDssPasses(byte[] pdf, X509Certificate root, int count, boolean wholeFile) {
    Reports r = dss(pdf, root);
    SimpleReport s = r.getSimpleReport();
    assertThat(s.getSignatureIdList()).hasSize(count);
    for (String id : s.getSignatureIdList()) {
      assertThat(s.getIndication(id))
          .as("DSS indication of %s: %s / errors %s", id, s.getSubIndication(id), s.getAdESValidationErrors(id))
          .isEqualTo(Indication.TOTAL_PASSED);
    }
    DiagnosticData d = r.getDiagnosticData();
    long last = 0;
    for (SignatureWrapper w : d.getSignatures()) {
      List<BigInteger> br = w.getPDFRevision().getSignatureByteRange();
      last = Math.max(last, br.get(2).longValue() + br.get(3).longValue());
    }
    if (wholeFile) {
      assertThat(last).as("the last signature covers the whole file").isEqualTo(pdf.length);
    }
    return r;
  }

  /** The output of {@code pdfsig} with {@code root} trusted in a fresh NSS database. */
  public static String pdfsig(Path pdf, X509Certificate root) throws IOException {
    return pdfsig(pdf, root, List.of());
  }

  /** As {@link #pdfsig(Path, X509Certificate)}, with more options (e.g. {@code -upw PASSWORD}) before the file. */
  public static String pdfsig(Path pdf, X509Certificate root, List<String> options) throws IOException {
    Path pdfsig = ExternalTools.require("pdfsig", "poppler-utils");
    Path certutil = ExternalTools.require("certutil", "libnss3-tools");
    Path dir = Files.createTempDirectory("kyso-nss");
    Path rootPem = dir.resolve("root.pem");
    Files.writeString(rootPem, DevPki.pem(root));
    run(List.of(certutil.toString(), "-N", "--empty-password", "-d", "sql:" + dir));
    run(List.of(certutil.toString(), "-A", "-n", "root", "-t", "CT,C,C", "-i", rootPem.toString(), "-d",
        "sql:" + dir));
    List<String> cmd = new ArrayList<>(List.of(pdfsig.toString(), "-nssdir", "sql:" + dir));
    cmd.addAll(options);
    cmd.add(pdf.toString());
    ExternalTools.Result r = ExternalTools.run(cmd);
    return r.all();
  }

  /** Asserts that pdfsig sees {@code count} valid, trusted signatures, the last covering the whole document. */
  public static void assertPdfsigPasses(Path pdf, X509Certificate root, int count) throws IOException {
    assertPdfsigPasses(pdf, root, count, List.of());
  }

  /** As {@link #assertPdfsigPasses(Path, X509Certificate, int)}, with pdfsig options (a password: {@code -upw}). */
  public static void assertPdfsigPasses(Path pdf, X509Certificate root, int count, List<String> options)
      throws IOException {
    String out = pdfsig(pdf, root, options);
    assertThat(count(out, "Signature is Valid.")).as(out).isEqualTo(count);
    assertThat(count(out, "Certificate is Trusted.")).as(out).isEqualTo(count);
    assertThat(out).as(out).contains("Total document signed");
    List<String> blocks = new ArrayList<>(List.of(out.split("Signature #")));
    assertThat(blocks.get(blocks.size() - 1)).as(out).contains("Total document signed");
  }

  /** Runs {@code qpdf --check}: exit 0, or 3 (warnings, e.g. the trailer /Size of incremental saves), never 2. */
  public static void assertQpdfClean(Path pdf) {
    Path qpdf = ExternalTools.require("qpdf", "qpdf");
    ExternalTools.Result r = ExternalTools.run(List.of(qpdf.toString(), "--check", pdf.toString()));
    assertThat(r.exitCode()).as(r.all()).isIn(0, 3);
    // qpdf's all-clear sentence ("No syntax or stream encoding errors found; the file may still contain errors
    // that qpdf cannot detect", exit 0) is not an error
    String findings = r.all().replace("No syntax or stream encoding errors found; the file may still contain", "")
        .replace("errors that qpdf cannot detect", "");
    assertThat(findings).as(r.all()).doesNotContainIgnoringCase("error");
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  private static void run(List<String> cmd) {
    ExternalTools.Result r = ExternalTools.run(cmd);
    if (r.exitCode() != 0) {
      throw new AssertionError(cmd + " failed: " + r.all());
    }
  }
}
