package org.kyso.cli.archfixture;

import java.util.function.Supplier;

/** Deliberately bad for ArchitectureChecksFailTest: a Santuario type in a supertype's generic argument. */
public abstract class BadSupertype implements Supplier<org.apache.xml.security.signature.XMLSignature> {
}
