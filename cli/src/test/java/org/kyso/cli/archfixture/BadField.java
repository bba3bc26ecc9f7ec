package org.kyso.cli.archfixture;

/** Deliberately bad for ArchitectureChecksFailTest: a PDFBox type in a public field. */
public class BadField {
  public org.apache.pdfbox.pdmodel.PDDocument document;
}
