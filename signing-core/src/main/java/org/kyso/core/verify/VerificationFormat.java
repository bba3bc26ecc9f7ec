package org.kyso.core.verify;

import java.nio.file.Path;
import org.kyso.core.KysoException;

/**
 * One document format a {@link Verifier} judges, given to it explicitly with {@link Verifier.Builder#formats}: the
 * pdf module's {@code org.kyso.pdf.PdfVerification.format()}, the xml module's {@code
 * org.kyso.xml.XmlVerification.format()}. A verifier judges only the formats it was given; a document that none
 * of them claims is refused with a {@link org.kyso.core.DocumentException}.
 *
 * <p>{@code Verifier} checks the file (exists, readable, not empty, not larger than its size limit) before asking
 * a format, and runs {@code verify} under its own deadline; an implementation must apply every other setting it is
 * given, and must be immutable and thread-safe.
 */
public interface VerificationFormat {
  /** How many bytes from the start of a document {@link #claims} is shown (fewer when the document is shorter). */
  int HEAD_BYTES = 1024;

  /** The format's name in messages: "PDF", "XML". */
  String name();

  /** True when this format judges the document that starts with {@code head}. */
  boolean claims(byte[] head);

  /** Verifies a file that {@link #claims} claimed. */
  VerificationReport verify(Path file, VerificationSettings settings) throws KysoException;

  /** Verifies a document held in memory that {@link #claims} claimed; {@code name} is for the report only. */
  VerificationReport verify(byte[] document, String name, VerificationSettings settings) throws KysoException;

  /** The ETSI TS 119 102-2 validation report (XML) of a file that {@link #claims} claimed, by DSS alone. */
  String etsiValidationReport(Path file, VerificationSettings settings) throws KysoException;
}
