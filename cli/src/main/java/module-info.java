/**
 * The {@code kyso} command. An application, not a library: it exports nothing. kyso.jar is a shaded jar run on the
 * class path (module descriptors are left out of it); this descriptor makes javac hold the command to the libraries'
 * exports.
 */
module kyso.cli {
  requires kyso.core;
  requires kyso.token;
  requires kyso.pdf;
  requires kyso.xml;
  requires kyso.registers;
  requires kyso.server;
  requires kyso.testing; // kyso demo's throw-away PKI (DevPki)
  requires info.picocli;
  requires org.apache.pdfbox;
  requires java.desktop;
  requires java.logging;
  requires java.management;
  requires jdk.httpserver;

  // picocli reads and sets the annotated fields of the commands by reflection
  opens org.kyso.cli to info.picocli;
  opens org.kyso.cli.register to info.picocli;
  opens org.kyso.cli.demo to info.picocli;
}
