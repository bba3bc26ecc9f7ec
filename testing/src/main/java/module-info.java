/**
 * kyso's test support: a throw-away PKI ({@code DevPki}), loopback TSA, OCSP and CRL servers and helpers for tests.
 * Used by the tests of every module (test scope), by {@code kyso demo} (DevPki only) and by the examples; never by a
 * library module's production code. The packages keep their old {@code org.kyso.core.…} names: only the artifact
 * moved out of signing-core (no kyso module other than this one holds them).
 */
module kyso.testing {
  requires transitive org.bouncycastle.provider; // DevPki.Identity hands out JCA keys; the servers sign with BC
  requires transitive org.bouncycastle.pkix;
  requires org.bouncycastle.util;
  requires jdk.httpserver;
  requires java.management; // TestTsa: the CPU time its handlers spend, for benchmarks
  requires static org.junit.jupiter.api; // ExternalTools, PerClassPki: tests only
  requires static jpms_dss_spi; // InProcessTsa: tests only
  requires static jpms_dss_model;
  requires static jpms_dss_enumerations;

  exports org.kyso.core.devpki;
  exports org.kyso.core.testing;
}
