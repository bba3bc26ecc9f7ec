package org.kyso.xml.internal;

/**
 * Initialises Apache Santuario once, through DSS's initialiser. Deliberately not {@code org.apache.xml.security.Init}:
 * that one also registers, JVM-wide, resolvers that read local files and fetch HTTP URLs named in a signature's
 * references, and DSS validates with Santuario's secure validation off. DSS's initialiser registers the algorithm
 * tables only. No JCA provider is registered either way.
 */
final class SantuarioInit {
  private SantuarioInit() {}

  static void init() {
    Holder.DONE.hashCode();
  }

  private static final class Holder {
    static final Object DONE;

    static {
      eu.europa.esig.dss.xml.utils.SantuarioInitializer.init();
      // the URI to JCA-name table (idempotent); DSS fills the same table when it validates XAdES
      org.apache.xml.security.algorithms.JCEMapper.registerDefaultAlgorithms();
      DONE = new Object();
    }
  }
}
