package org.kyso.xml;

/**
 * Ready-made layouts for common Vietnamese XML documents.
 *
 * <ul>
 *   <li>{@link #PLAIN}: no assumption about the document; XAdES by default.
 *   <li>{@link #EINVOICE}: e-invoices (Circular 78/2021): an XMLDSig signature inside {@code HDon/DSCKS/NBan}
 *       over the Id of {@code HDon/DLHDon}, with a signed {@code SigningTime} property.
 *   <li>{@link #EDXML}: edXML messages exchanged between document systems (QCVN 102:2016): an XMLDSig signature in
 *       {@code edXMLHeader} over the envelope and each attachment.
 *   <li>{@link #TDIEP}: the taxpayer's documents inside a tax message ({@code TDiep/DLieu/TKhai}, {@code TBao},
 *       {@code BTHDLieu}…): the signature in the document's {@code DSCKS/NNT} over its {@code DL…} data element (an
 *       invoice inside a TDiep is signed as {@link #EINVOICE}).
 *   <li>{@link #BBAN}: minutes between seller and buyer ({@code BBan}): the signature in {@code DSCKS/NBan}, or
 *       {@code NMua} for the buyer, over {@code DLBBan}.
 * </ul>
 * The e-invoice, TDiep and BBan profiles write the providers' layout (unprefixed Signature, SigningTime Object
 * without namespace, X509SubjectName).
 */
public enum XmlProfile {
  PLAIN,
  EINVOICE,
  EDXML,
  TDIEP,
  BBAN;

  /** Parses {@code plain}, {@code einvoice} (or {@code e-invoice}), {@code edxml}, {@code tdiep}, {@code bban}. */
  public static XmlProfile parse(String text) {
    String t = text.trim().replace("-", "").replace("_", "");
    for (XmlProfile p : values()) {
      if (p.name().equalsIgnoreCase(t)) {
        return p;
      }
    }
    throw new IllegalArgumentException("Unknown XML profile '" + text + "': use plain, einvoice, edxml, tdiep or bban.");
  }
}
