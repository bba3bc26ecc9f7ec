/** {@code kyso serve}: the HTTP service. Public: {@code org.kyso.server}; {@code org.kyso.server.internal} is sealed. */
module kyso.server {
  requires transitive kyso.core;
  requires kyso.token;
  requires kyso.pdf;
  requires kyso.xml;
  requires kyso.registers;
  requires org.slf4j;
  requires java.desktop;
  requires java.naming;
  requires java.net.http; // job callbacks (Jobs)
  requires org.apache.pdfbox;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;
  requires org.eclipse.jetty.server;
  requires org.eclipse.jetty.http;
  requires org.eclipse.jetty.io;
  requires org.eclipse.jetty.util;
  requires org.yaml.snakeyaml;

  exports org.kyso.server;
}
