package org.kyso.pdf.internal.verify;

import eu.europa.esig.dss.model.DSSDocument;
import java.util.List;

/**
 * The signature fields of a PDF as its form lists them, read independently of DSS, so that a signature DSS cannot
 * parse (a non-standard /ByteRange, an empty or unreadable /Contents) is still reported. Implemented by
 * {@link org.kyso.pdf.internal.PdfFieldReader}.
 */
public interface PdfFieldInventory {
  /**
   * One signed field.
   *
   * @param name the field's fully qualified name
   * @param type the value dictionary's /Type (Sig, DocTimeStamp) or "" when absent
   * @param subFilter the /SubFilter, or "" when absent
   * @param byteRange the /ByteRange numbers, empty when absent or not an array of integers
   * @param contentsLength the length in bytes of /Contents, -1 when absent; a /Contents that is not a string counts
   *     as 1 (present but unreadable)
   * @param contentsAllZero true when /Contents holds only zero bytes (a placeholder never filled)
   */
  record Field(String name, String type, String subFilter, List<Long> byteRange, int contentsLength,
      boolean contentsAllZero) {
    public Field {
      byteRange = List.copyOf(byteRange);
    }
  }

  /** The signed fields (fields whose /V is a dictionary), in form order; empty when the form cannot be read. */
  List<Field> fields(DSSDocument pdf, char[] password);

  /**
   * The fully qualified names of the form's fields by object number: every field node and every widget of a
   * field; empty when the form cannot be read.
   */
  default java.util.Map<Long, String> fieldNames(DSSDocument pdf, char[] password) {
    return java.util.Map.of();
  }

  /** The bytes of the document's XMP metadata stream (catalog /Metadata), decoded, if it has one. */
  default java.util.Optional<byte[]> metadata(DSSDocument pdf, char[] password) {
    return java.util.Optional.empty();
  }
}
