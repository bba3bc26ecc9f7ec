package org.kyso.pdf;

/**
 * A certification (DocMDP) signature: what may still change in the document after it. Only the first signature
 * of a document can certify it; kyso certifies only when asked, so that later signatures (the issuance after the
 * approval) stay possible.
 */
public enum CertificationLevel {
  /** No change at all: no later signature can be added (DocMDP P=1). */
  NO_CHANGES(1),
  /** Filling in forms and adding signatures (P=2). */
  FORM_FILLING(2),
  /** Form filling, signatures and annotations (P=3). */
  ANNOTATIONS(3);

  private final int permission;

  CertificationLevel(int permission) {
    this.permission = permission;
  }

  /** The DocMDP {@code /P} value. */
  public int permission() {
    return permission;
  }
}
