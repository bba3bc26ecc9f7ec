package org.kyso.xml;

import java.util.Locale;

/** The kind of XML signature: XAdES baseline (ETSI EN 319 132-1) or a plain W3C XML Signature. */
public enum XmlFormat {
  /** XAdES baseline B-B to B-LTA, with signed properties (signing time, signing certificate). */
  XADES,
  /** A plain XML Signature (XMLDSig) without XAdES properties, as e-invoices and edXML envelopes use. */
  XMLDSIG;

  /** Parses {@code xades} or {@code xmldsig}, case-insensitively. */
  public static XmlFormat parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "xades" -> XADES;
      case "xmldsig", "dsig" -> XMLDSIG;
      default -> throw new IllegalArgumentException("Unknown XML signature format '" + text
          + "': use xades or xmldsig.");
    };
  }
}
