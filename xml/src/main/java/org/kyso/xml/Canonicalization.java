package org.kyso.xml;

/** The canonicalisation applied to SignedInfo and to same-document references. */
public enum Canonicalization {
  /** Canonical XML 1.0 (inclusive), {@code http://www.w3.org/TR/2001/REC-xml-c14n-20010315}. */
  INCLUSIVE("http://www.w3.org/TR/2001/REC-xml-c14n-20010315"),
  /** Exclusive XML Canonicalization 1.0, {@code http://www.w3.org/2001/10/xml-exc-c14n#}. */
  EXCLUSIVE("http://www.w3.org/2001/10/xml-exc-c14n#");

  private final String uri;

  Canonicalization(String uri) {
    this.uri = uri;
  }

  /** The algorithm URI. */
  public String uri() {
    return uri;
  }
}
