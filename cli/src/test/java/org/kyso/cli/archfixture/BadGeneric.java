package org.kyso.cli.archfixture;

import java.util.List;

/** Deliberately bad for ArchitectureChecksFailTest: a DSS type as a generic argument only (the raw type is List). */
public class BadGeneric {
  public List<eu.europa.esig.dss.model.DSSDocument> documents() {
    return List.of();
  }
}
