/**
 * Incoming and outgoing registers on SQLite or PostgreSQL. Public: {@code org.kyso.registers};
 * {@code org.kyso.registers.internal…} is sealed.
 */
module kyso.registers {
  requires transitive kyso.core;
  requires transitive java.sql; // Registers takes a DataSource
  requires org.slf4j;
  requires org.xerial.sqlitejdbc;
  requires org.apache.pdfbox; // the printable register book
  requires org.apache.pdfbox.io;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.util;

  exports org.kyso.registers;
  // EntryJson: the one JSON view of an entry and a journal record, for the register commands and the server
  exports org.kyso.registers.internal.view to kyso.server, kyso.cli;
}
