package org.kyso.cli.archfixture;

/** Deliberately bad for ArchitectureChecksFailTest: a Santuario exception in a public method's throws clause. */
public class BadThrows {
  public void sign() throws org.apache.xml.security.exceptions.XMLSecurityException {
  }
}
