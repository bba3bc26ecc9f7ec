package org.kyso.cli.archfixture;

/** Deliberately bad for ArchitectureChecksFailTest: a BouncyCastle type in a public constructor. */
public class BadConstructor {
  public BadConstructor(org.bouncycastle.asn1.x500.X500Name name) {
    name.toString();
  }
}
