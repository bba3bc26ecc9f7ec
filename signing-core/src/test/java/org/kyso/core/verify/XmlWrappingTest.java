package org.kyso.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kyso.core.internal.verify.XmlWrapping;

/** The structure checks alone, on hand-written documents (the digests are DSS's business, see the xml module). */
class XmlWrappingTest {
  private static final String DS = "xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"";

  private static String signature(String refs, String objects) {
    return "<ds:Signature " + DS + " Id=\"sig\"><ds:SignedInfo>" + refs + "</ds:SignedInfo>"
        + "<ds:SignatureValue>AA==</ds:SignatureValue>" + objects + "</ds:Signature>";
  }

  private static String ref(String uri) {
    return "<ds:Reference URI=\"" + uri + "\"><ds:DigestValue>AA==</ds:DigestValue></ds:Reference>";
  }

  private static List<XmlWrapping.Result> analyse(String xml) {
    return XmlWrapping.analyse(xml.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> texts(XmlWrapping.Result r) {
    return java.util.stream.Stream.concat(r.modifications().stream(), r.errors().stream()).map(Finding::text)
        .toList();
  }

  @Test
  void anIntactInvoiceRaisesNothing() {
    String xml = "<HDon><DLHDon Id=\"data\"><X>1</X></DLHDon><DSCKS><NBan>"
        + signature(ref("#data") + ref("#SigningTime"), "<ds:Object Id=\"SigningTime\"><t>now</t></ds:Object>")
        + "</NBan></DSCKS></HDon>";
    List<XmlWrapping.Result> r = analyse(xml);
    assertThat(r).hasSize(1);
    assertThat(r.get(0).id()).isEqualTo("sig");
    assertThat(r.get(0).suspicious()).as(texts(r.get(0)).toString()).isFalse();
  }

  @Test
  void xadesPropertiesObjectCountsAsSigned() {
    String xml = "<Doc>" + signature(ref("") + ref("#xades-1"),
        "<ds:Object><xades:QualifyingProperties xmlns:xades=\"http://uri.etsi.org/01903/v1.3.2#\">"
            + "<xades:SignedProperties Id=\"xades-1\"/></xades:QualifyingProperties></ds:Object>") + "</Doc>";
    assertThat(analyse(xml).get(0).suspicious()).isFalse();
  }

  @Test
  void anUnsignedTwinOfTheSignedElementIsWrapping() {
    String xml = "<HDon><DLHDon><X>9000000</X></DLHDon><DSCKS><NBan>"
        + signature(ref("#data"), "<ds:Object><DLHDon Id=\"data\"><X>1</X></DLHDon></ds:Object>")
        + "</NBan></DSCKS></HDon>";
    XmlWrapping.Result r = analyse(xml).get(0);
    // the ds:Object holds the signed element, so it is not itself unsigned content
    assertThat(texts(r)).containsExactly("signature wrapping: the document holds another <DLHDon> element that is "
        + "not signed; an application may read the unsigned one");
  }

  @Test
  void aDuplicatedIdIsWrapping() {
    String xml = "<HDon><DLHDon Id=\"data\">1</DLHDon><DLHDon Id=\"data\">2</DLHDon>" + signature(
        ref("#xpointer(id('data'))"), "") + "</HDon>";
    assertThat(texts(analyse(xml).get(0))).containsExactly(
        "signature wrapping: 2 elements carry the Id \"data\", so it is ambiguous what was signed");
  }

  @Test
  void anUnsignedObjectIsWrapping() {
    String xml = "<Doc Id=\"d\">" + signature(ref("#d"), "<ds:Object Id=\"SigningTime2\"><t>2019</t></ds:Object>")
        + "</Doc>";
    assertThat(texts(analyse(xml).get(0))).containsExactly(
        "signature wrapping: the signature carries content that is not signed (ds:Object Id=\"SigningTime2\")");
  }

  @Test
  void referencesOutsideTheDocumentAreErrors() {
    String xml = "<Doc>" + signature(ref("http://example.invalid/x") + ref("file:///etc/passwd")
        + ref("#xpointer(/child::x)"), "") + "</Doc>";
    XmlWrapping.Result r = analyse(xml).get(0);
    assertThat(r.errors()).extracting(Finding::code).containsOnly("error.xmlExternalReference");
    assertThat(texts(r)).hasSize(3).anySatisfy(t -> assertThat(t).contains("\"file:///etc/passwd\""));
  }

  @Test
  void counterSignaturesAreNotSeparateSignatures() {
    String xml = "<Doc Id=\"d\">" + signature(ref("#d"), "<ds:Object><xades:QualifyingProperties "
        + "xmlns:xades=\"http://uri.etsi.org/01903/v1.3.2#\"><xades:CounterSignature>"
        + signature(ref("#sv"), "") + "</xades:CounterSignature></xades:QualifyingProperties></ds:Object>")
        + "</Doc>";
    assertThat(analyse(xml)).hasSize(1);
  }

  @Test
  void hostileOrBrokenInputGivesNoFindingsAndNoCrash() {
    assertThat(analyse("not xml")).isEmpty();
    assertThat(analyse("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"))
        .isEmpty();
    String deep = "<a>".repeat(20_000) + signature(ref(""), "") + "</a>".repeat(20_000);
    assertThat(analyse(deep)).hasSizeLessThanOrEqualTo(1);
  }
}
