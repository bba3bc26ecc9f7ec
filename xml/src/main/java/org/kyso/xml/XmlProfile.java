package org.kyso.xml;

/**
 * Ready-made layouts for common Vietnamese XML documents.
 *
 * <ul>
 *   <li>{@link #PLAIN}: no assumption about the document; XAdES by default.
 *   <li>{@link #EINVOICE}: e-invoices (Circular 78/2021): an XMLDSig signature inside {@code HDon/DSCKS/NBan}
 *       over the Id of {@code HDon/DLHDon}, with a signed {@code SigningTime} property.
 *   <li>{@link #EDXML}: edXML envelopes exchanged between document systems: an XMLDSig signature in
 *       {@code edXMLHeader} over the whole envelope and one {@code cid:} reference per attachment.
 * </ul>
 */
public enum XmlProfile {
  PLAIN,
  EINVOICE,
  EDXML;

  /** Parses {@code plain}, {@code einvoice} (or {@code e-invoice}) or {@code edxml}, case-insensitively. */
  public static XmlProfile parse(String text) {
    String t = text.trim().replace("-", "").replace("_", "");
    for (XmlProfile p : values()) {
      if (p.name().equalsIgnoreCase(t)) {
        return p;
      }
    }
    throw new IllegalArgumentException("Unknown XML profile '" + text + "': use plain, einvoice or edxml.");
  }
}
