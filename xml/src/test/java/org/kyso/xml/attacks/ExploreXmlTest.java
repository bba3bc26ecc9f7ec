package org.kyso.xml.attacks;

import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kyso.core.TrustAnchors;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.internal.dss.DssVerifiers;
import org.kyso.core.testing.TestPki;

class ExploreXmlTest {
  @Test
  void explore() throws Exception {
    try (TestPki pki = TestPki.start()) {
      DevPki.Identity an = pki.pki().person("Nguyen Van An");
      byte[] xades = XmlFixtures.xadesInvoice(pki.pki(), an, SignatureLevel.XAdES_BASELINE_B);
      byte[] dsig = XmlFixtures.xmldsigInvoice(an.privateKey(), an.chain(), false);
      byte[] dsig1 = XmlFixtures.xmldsigInvoice(an.privateKey(), an.chain(), true);
      Map<String, byte[]> cases = new LinkedHashMap<>();
      cases.put("xades", xades);
      cases.put("xadesRT", XmlAttacks.roundTrip(xades));
      cases.put("xadesLT", XmlFixtures.xadesInvoice(pki.pki(), an, SignatureLevel.XAdES_BASELINE_LTA));
      cases.put("dsig", dsig);
      cases.put("dsigsha1", dsig1);
      cases.put("value", XmlAttacks.changeSignedValue(xades));
      cases.put("moveIn", XmlAttacks.moveSignedElementIntoSignature(xades));
      cases.put("moveOut", XmlAttacks.moveSignedElementElsewhere(xades));
      cases.put("dupId", XmlAttacks.duplicateId(xades));
      cases.put("extraObj", XmlAttacks.extraUnsignedObject(xades));
      cases.put("dsigMoveIn", XmlAttacks.moveSignedElementIntoSignature(dsig));
      cases.put("dsigExtraObj", XmlAttacks.extraUnsignedObject(dsig));
      Path dir = Path.of("target/explore");
      Files.createDirectories(dir);
      for (var e : cases.entrySet()) {
        Files.write(dir.resolve(e.getKey() + ".xml"), e.getValue());
        SignedDocumentValidator v = SignedDocumentValidator.fromDocument(new InMemoryDocument(e.getValue(), e.getKey() + ".xml"));
        v.setCertificateVerifier(DssVerifiers.create(TrustAnchors.of(pki.pki().root().certificate()), true));
        Reports r = v.validateDocument();
        System.out.println("===== " + e.getKey());
        for (SignatureWrapper s : r.getDiagnosticData().getSignatures()) {
          System.out.println(" sig " + s.getId() + " DA=" + s.getDAIdentifier() + " " + r.getSimpleReport().getIndication(s.getId()) + " " + r.getSimpleReport().getSubIndication(s.getId()) + " " + r.getSimpleReport().getSignatureFormat(s.getId()));
          r.getSimpleReport().getAdESValidationErrors(s.getId()).forEach(m -> System.out.println("   E " + m.getKey() + " " + m.getValue()));
          r.getSimpleReport().getAdESValidationWarnings(s.getId()).forEach(m -> System.out.println("   W " + m.getKey() + " " + m.getValue()));
          r.getSimpleReport().getAdESValidationInfo(s.getId()).forEach(m -> System.out.println("   I " + m.getKey() + " " + m.getValue()));
          s.getSignatureScopes().forEach(sc -> System.out.println("   scope " + sc.getScope() + " " + sc.getName() + " " + sc.getDescription()));
          s.getDigestMatchers().forEach(d -> System.out.println("   dm " + d.getType() + " " + d.getUri() + " " + d.getId() + " found=" + d.isDataFound() + " intact=" + d.isDataIntact() + " dup=" + d.isDuplicated() + " " + d.getDigestMethod()));
          System.out.println("   alg " + s.getDigestAlgorithm() + " " + s.getEncryptionAlgorithm() + " " + s.getKeyLengthUsedToSignThisToken());
        }
      }
    }
  }
}
