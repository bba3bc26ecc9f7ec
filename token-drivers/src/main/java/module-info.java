/**
 * Keys on PKCS#12 files, PKCS#11 tokens and remote signing services. Public: {@code org.kyso.token} and one package
 * per kind of key; {@code org.kyso.token.internal…} is sealed (no other kyso module needs it).
 */
module kyso.token {
  requires transitive kyso.core;
  requires org.slf4j;
  requires java.net.http;
  requires java.sql; // pending remote transactions (SQLite, PostgreSQL through JDBC)
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.util;
  requires ipkcs11wrapper; // automatic module (no Automatic-Module-Name): named after its jar

  exports org.kyso.token;
  exports org.kyso.token.csc;
  exports org.kyso.token.pkcs11;
  exports org.kyso.token.pkcs12;
  exports org.kyso.token.remote;
}
