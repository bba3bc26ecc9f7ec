package org.kyso.core.internal.verify;

import eu.europa.esig.dss.model.DSSDocument;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The signature fields of a PDF as its form lists them, read independently of DSS, so that a signature DSS cannot
 * parse (a non-standard /ByteRange, an empty or unreadable /Contents) is still reported. Implemented by the pdf
 * module and found with {@link ServiceLoader}; absent, nothing is added.
 */
public interface PdfFieldInventory {
  /**
   * One signed field.
   *
   * @param name the field's fully qualified name
   * @param type the value dictionary's /Type (Sig, DocTimeStamp) or "" when absent
   * @param subFilter the /SubFilter, or "" when absent
   * @param byteRange the /ByteRange numbers, empty when absent or not an array of integers
   * @param contentsLength the length in bytes of /Contents, -1 when it is not a string
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

  /** The implementation on the class path, if any. */
  static Optional<PdfFieldInventory> find() {
    return Holder.FOUND;
  }

  /** Looked up once. */
  final class Holder {
    private Holder() {}

    static final Optional<PdfFieldInventory> FOUND = ServiceLoader.load(PdfFieldInventory.class,
        PdfFieldInventory.class.getClassLoader()).findFirst();
  }
}
