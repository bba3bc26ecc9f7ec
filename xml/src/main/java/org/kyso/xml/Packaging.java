package org.kyso.xml;

/** Where the signature sits relative to what it signs. */
public enum Packaging {
  /** Inside the signed XML document (the document's own elements stay where they are). */
  ENVELOPED,
  /** The signature is the new document and carries the signed content inside it (any file, base64-encoded). */
  ENVELOPING,
  /** The signature is a separate XML file that refers to the signed file by name. */
  DETACHED;

  /** Parses {@code enveloped}, {@code enveloping} or {@code detached}, case-insensitively. */
  public static Packaging parse(String text) {
    for (Packaging p : values()) {
      if (p.name().equalsIgnoreCase(text.trim())) {
        return p;
      }
    }
    throw new IllegalArgumentException("Unknown packaging '" + text + "': use enveloped, enveloping or detached.");
  }
}
