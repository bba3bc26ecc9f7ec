package org.kyso.xml.real;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.testing.ExternalTools;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.VerificationReport;
import org.kyso.xml.XmlVerifier;
import org.kyso.xml.internal.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * kyso's verdict on every signature agrees with xmlsec1's (each signature checked with the key of its own
 * certificate, chain not checked): xmlsec1 OK ↔ kyso not TOTAL_FAILED; xmlsec1 FAIL ↔ kyso TOTAL_FAILED. Runs over
 * {@code ../shared/data/einvoice-real}, each file's variants with one digit of a signed amount and one character of
 * a SignatureValue changed, and, when {@code -Dkyso.xmlCorpus=DIR[:DIR...]} is given, every {@code *.xml} below
 * those folders (a larger corpus kept outside the repository). Prints the counts.
 */
@Timeout(1800)
class XmlsecAgreementTest {
  private static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";
  @TempDir Path tmp;

  @Test
  void kysoAgreesWithXmlsec1OnEverySignature() throws Exception {
    Path xmlsec1 = ExternalTools.require("xmlsec1", "xmlsec1");
    List<Path> files = new ArrayList<>();
    Path real = RealData.folder("einvoice-real");
    try (var s = Files.list(real)) {
      s.filter(p -> p.toString().endsWith(".xml")).sorted().forEach(files::add);
    }
    for (Path f : List.copyOf(files)) {
      String xml = Files.readString(f, StandardCharsets.UTF_8);
      if (!xml.contains("SignatureValue")) {
        continue;
      }
      String amount = xml.contains("<TgTTTBSo>") ? "<TgTTTBSo>" : "<So>";
      files.add(write("amount-" + f.getFileName(), RealEInvoiceTest.changeDigitAfter(xml, amount)));
      files.add(write("value-" + f.getFileName(), RealEInvoiceTest.changeSignatureValue(xml, 0)));
    }
    String extra = System.getProperty("kyso.xmlCorpus");
    if (extra != null && !extra.isBlank()) {
      for (String folder : extra.split(java.io.File.pathSeparator)) {
        try (var s = Files.walk(Path.of(folder))) {
          s.filter(p -> p.toString().endsWith(".xml") && Files.isRegularFile(p)).sorted().forEach(files::add);
        }
      }
    }
    XmlVerifier verifier = XmlVerifier.builder().offline(true).build();
    int signatures = 0;
    int broken = 0;
    List<String> disagreements = new ArrayList<>();
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      Document doc;
      try {
        doc = SecureXml.parse(bytes, f.getFileName().toString());
      } catch (Exception e) {
        continue; // not XML kyso reads: nothing to compare
      }
      NodeList sigs = doc.getElementsByTagNameNS(DSIG, "Signature");
      if (sigs.getLength() == 0) {
        continue;
      }
      VerificationReport r = verifier.verify(f);
      List<String> idArgs = idAttributes(doc);
      for (int i = 0; i < sigs.getLength() && i < r.signatures().size(); i++) {
        List<String> cmd = new ArrayList<>(List.of(xmlsec1.toString(), "--verify", "--insecure",
            "--enabled-key-data", "x509"));
        cmd.addAll(idArgs);
        cmd.addAll(List.of("--node-xpath", "(//*[local-name()='Signature' and namespace-uri()='" + DSIG + "'])["
            + (i + 1) + "]", f.toString()));
        ExternalTools.Result x = ExternalTools.run(cmd);
        boolean xmlsecValid = x.exitCode() == 0;
        boolean kysoFailed = r.signatures().get(i).indication() == Indication.TOTAL_FAILED;
        signatures++;
        broken += xmlsecValid ? 0 : 1;
        if (xmlsecValid == kysoFailed) {
          disagreements.add(f.getFileName() + " signature " + (i + 1) + ": xmlsec1 " + (xmlsecValid ? "OK" : "FAIL")
              + ", kyso " + r.signatures().get(i).indication() + " " + r.signatures().get(i).findings());
        }
      }
    }
    System.out.println("xmlsec1 agreement: " + (signatures - disagreements.size()) + "/" + signatures
        + " signatures in " + files.size() + " files (xmlsec1: " + (signatures - broken) + " valid, " + broken
        + " broken)");
    assertThat(signatures).isPositive();
    assertThat(disagreements).isEmpty();
  }

  private Path write(String name, String content) throws Exception {
    Path p = tmp.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  /** {@code --id-attr:Id NAME} for every element name carrying an Id attribute (xmlsec1 needs them declared). */
  private static List<String> idAttributes(Document doc) {
    Set<String> names = new LinkedHashSet<>();
    NodeList all = doc.getElementsByTagNameNS("*", "*");
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      for (String attr : List.of("Id", "ID", "id")) {
        if (e.hasAttributeNS(null, attr)) {
          String ns = e.getNamespaceURI();
          names.add(attr + "\u0000" + (ns == null ? "" : ns + ":") + e.getLocalName());
        }
      }
    }
    List<String> out = new ArrayList<>();
    for (String n : names) {
      String[] parts = n.split("\u0000");
      out.add("--id-attr:" + parts[0]);
      out.add(parts[1]);
    }
    return out;
  }

}
