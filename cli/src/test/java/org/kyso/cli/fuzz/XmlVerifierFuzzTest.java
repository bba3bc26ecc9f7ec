package org.kyso.cli.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;
import org.kyso.core.KysoException;
import org.kyso.xml.XmlVerifier;

/**
 * The XML verifier (XAdES, XMLDSig, e-invoices, edXML) on arbitrary bytes, seeded with signed documents
 * ({@code XmlVerifierFuzzTestInputs/verify}): a report or a kyso exception, never anything else.
 */
class XmlVerifierFuzzTest {
  private static final XmlVerifier VERIFIER = XmlVerifier.builder().offline(true).build();

  @FuzzTest(maxDuration = "30s")
  void verify(byte[] xml) {
    try {
      VERIFIER.verify(xml, "fuzz.xml", Map.of());
    } catch (KysoException e) {
      Outcomes.accept(e);
    }
  }
}
