package org.kyso.cli.archfixture;

import java.util.List;

/**
 * For ArchitectureChecksFailTest: third-party types where they are allowed (private members, method bodies), so the
 * checks must stay silent.
 */
public class GoodApi {
  private org.apache.pdfbox.pdmodel.PDDocument document;

  public List<String> names() {
    return List.of(String.valueOf(document), org.bouncycastle.asn1.x500.X500Name.class.getName());
  }

  private List<eu.europa.esig.dss.model.DSSDocument> documents() {
    return List.of();
  }
}
