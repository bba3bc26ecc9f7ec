package org.kyso.bench;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.xml.Packaging;
import org.kyso.xml.XmlProfile;
import org.kyso.xml.XmlSigner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * XAdES baseline B-B enveloped signing of an e-invoice-like XML document (50 lines, about 10 KB) held in memory:
 * plain DSS (cookbook flow), kyso's {@link XmlSigner} (XAdES, enveloped; DSS underneath), kyso's e-invoice profile
 * (plain XMLDSig at {@code HDon/DSCKS/NBan}), and the floor.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SignXmlBench {
  private Fixtures fixtures;
  private DssPlain dss;
  private byte[] xml;
  private DSSDocument dssDoc;
  private XmlSigner kysoXades;
  private XmlSigner kysoInvoice;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path dir = Fixtures.dir();
    fixtures = Fixtures.create(dir.resolve("keys"));
    dss = new DssPlain(fixtures.dssToken, fixtures.dssKey);
    xml = Files.readAllBytes(Inputs.invoiceXml(dir, 50));
    dssDoc = new InMemoryDocument(xml, "invoice.xml");
    kysoXades = XmlSigner.builder(fixtures.kysoKey).profile(XmlProfile.PLAIN).packaging(Packaging.ENVELOPED).build();
    kysoInvoice = XmlSigner.builder(fixtures.kysoKey).profile(XmlProfile.EINVOICE).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fixtures.close();
  }

  @Benchmark
  public DSSDocument dss() {
    return dss.signXades(dssDoc);
  }

  @Benchmark
  public byte[] kyso() throws Exception {
    return kysoXades.sign(xml);
  }

  @Benchmark
  public byte[] kysoEinvoice() throws Exception {
    return kysoInvoice.sign(xml);
  }

  @Benchmark
  public byte[] floor() throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(xml);
    return fixtures.kysoKey.signDigest(SignatureAlgorithm.RSA_SHA256, digest);
  }
}
