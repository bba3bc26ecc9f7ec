package org.kyso.cli.archfixture;

/** Deliberately bad for ArchitectureChecksFailTest: code that parses XML with the DOM (forbidden in signing-core). */
public final class ReadsDom {
  private ReadsDom() {}

  static int children(byte[] xml) throws Exception {
    org.w3c.dom.Document d = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new java.io.ByteArrayInputStream(xml));
    return d.getChildNodes().getLength();
  }
}
