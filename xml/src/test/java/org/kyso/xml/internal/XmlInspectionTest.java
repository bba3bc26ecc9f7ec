package org.kyso.xml.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kyso.core.DocumentException;

/**
 * The structure checks alone, on hand-written documents (digests and values are DSS's and XmlCoreCheck's business):
 * the analysis that used to live in signing-core ({@code XmlWrapping}) merged with kyso's XML module checks.
 */
class XmlInspectionTest {
  private static final String DS = "xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"";

  private static String signature(String refs, String objects) {
    return "<ds:Signature " + DS + " Id=\"sig\"><ds:SignedInfo>" + refs + "</ds:SignedInfo>"
        + "<ds:SignatureValue>AA==</ds:SignatureValue>" + objects + "</ds:Signature>";
  }

  private static String ref(String uri) {
    return "<ds:Reference URI=\"" + uri + "\"><ds:DigestValue>AA==</ds:DigestValue></ds:Reference>";
  }

  /** The providers' SigningTime Object: no namespace, no offset. */
  private static final String PROVIDER_TIME = "<ds:Object Id=\"st\"><SignatureProperties xmlns=\"\">"
      + "<SignatureProperty Target=\"#sig\"><SigningTime>2025-01-02T16:03:55</SigningTime></SignatureProperty>"
      + "</SignatureProperties></ds:Object>";

  private static List<XmlInspection.Findings> inspect(String xml) throws Exception {
    return XmlInspection.inspect(SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8), "test.xml"));
  }

  private static List<String> codes(XmlInspection.Findings f) {
    return f.wrapping().stream().map(XmlInspection.Issue::code).toList();
  }

  @Test
  void theProvidersSigningTimeObjectIsMetadataNotWrapping() throws Exception {
    String xml = "<HDon><DLHDon Id=\"data\"><X>1</X></DLHDon><DSCKS><NBan>"
        + signature(ref("#data") + ref("#st"), PROVIDER_TIME) + "</NBan><NMua/></DSCKS></HDon>";
    XmlInspection.Findings f = inspect(xml).get(0);
    assertThat(f.wrapping()).isEmpty();
    assertThat(f.unsignedTwins()).isEmpty();
    assertThat(f.signingTimeProperty()).contains(OffsetDateTime.parse("2025-01-02T16:03:55+07:00"));
    assertThat(f.role()).hasValueSatisfying(r -> {
      assertThat(r.code()).isEqualTo("seller");
      assertThat(r.place()).isEqualTo("HDon/DSCKS/NBan");
    });
  }

  @Test
  void theTaxAuthoritysSigningTimeInTheXmlDsigNamespaceIsRead() throws Exception {
    String object = "<ds:Object Id=\"st\"><ds:SignatureProperties><ds:SignatureProperty Target=\"signatureProperties\">"
        + "<ds:SigningTime>2021-11-23T09:23:08</ds:SigningTime></ds:SignatureProperty></ds:SignatureProperties>"
        + "</ds:Object>";
    String xml = "<TDiep><TTChung><MLTDiep>102</MLTDiep></TTChung><DLieu><TBao><DLTBao Id=\"d\"><So>1</So></DLTBao>"
        + "<DSCKS><CQT>" + signature(ref("#d") + ref("#st"), object) + "</CQT></DSCKS></TBao></DLieu></TDiep>";
    XmlInspection.Findings f = inspect(xml).get(0);
    assertThat(f.wrapping()).isEmpty();
    assertThat(f.signingTimeProperty()).contains(OffsetDateTime.parse("2021-11-23T09:23:08+07:00"));
    assertThat(f.role()).hasValueSatisfying(r -> {
      assertThat(r.code()).isEqualTo("taxAuthority");
      assertThat(r.place()).isEqualTo("TDiep 102/TBao/DSCKS/CQT");
    });
  }

  @Test
  void aSigningTimeWithAnOffsetKeepsIt() throws Exception {
    String object = PROVIDER_TIME.replace("2025-01-02T16:03:55", "2025-01-02T09:03:55Z");
    String xml = "<HDon><DLHDon Id=\"data\"/><DSCKS><NBan>" + signature(ref("#data") + ref("#st"), object)
        + "</NBan></DSCKS></HDon>";
    XmlInspection.Findings f = inspect(xml).get(0);
    assertThat(f.signingTimeProperty()).contains(OffsetDateTime.parse("2025-01-02T09:03:55Z"));
    assertThat(f.signingTimeWrittenAsUtc()).isTrue();
  }

  @Test
  void anUnsignedSigningTimeOrOneOfAnotherSignatureIsNotClaimed() throws Exception {
    String xml = "<HDon><DLHDon Id=\"data\"/><DSCKS><NBan>" + signature(ref("#data"), PROVIDER_TIME)
        + "</NBan></DSCKS></HDon>";
    XmlInspection.Findings f = inspect(xml).get(0);
    assertThat(f.signingTimeProperty()).isEmpty();
    // unsigned properties are not document content: noted, not wrapping (xmlsec1 accepts such signatures)
    assertThat(f.wrapping()).isEmpty();
    assertThat(f.unsignedPropertyObjects()).containsExactly("st");
    String other = PROVIDER_TIME.replace("#sig", "#other");
    String two = "<HDon><DLHDon Id=\"data\"/><DSCKS><NBan>" + signature(ref("#data") + ref("#st"), other)
        + "</NBan><CQT><ds:Signature " + DS + " Id=\"other\"><ds:SignedInfo>" + ref("#data")
        + "</ds:SignedInfo></ds:Signature></CQT></DSCKS></HDon>";
    assertThat(inspect(two).get(0).signingTimeProperty()).isEmpty();
  }

  @Test
  void aDocumentElementMovedIntoTheObjectIsStillCaught() throws Exception {
    // the signed DLHDon moved into the signature's Object, a forged one in its place
    String xml = "<HDon><DLHDon><X>9000000</X></DLHDon><DSCKS><NBan>"
        + signature(ref("#data"), "<ds:Object><DLHDon Id=\"data\"><X>1</X></DLHDon></ds:Object>")
        + "</NBan></DSCKS></HDon>";
    XmlInspection.Findings f = inspect(xml).get(0);
    assertThat(codes(f)).contains("xml.signedElementInObject", "xml.invoiceDataNotCovered");
    assertThat(f.unsignedTwins()).containsExactly("DLHDon");
  }

  @Test
  void aDocumentElementHiddenInsideSignaturePropertiesIsStillCaught() throws Exception {
    String hidden = "<ds:Object Id=\"st\"><SignatureProperties xmlns=\"\"><SignatureProperty Target=\"#sig\">"
        + "<DLHDon Id=\"data\"><X>1</X></DLHDon></SignatureProperty></SignatureProperties></ds:Object>";
    String xml = "<HDon><DLHDon><X>9</X></DLHDon><DSCKS><NBan>" + signature(ref("#data"), hidden)
        + "</NBan></DSCKS></HDon>";
    assertThat(codes(inspect(xml).get(0))).contains("xml.signedElementInObject");
    // the whole Object referenced, document data next to the properties
    String mixed = "<ds:Object Id=\"st\"><SignatureProperties xmlns=\"\"><SignatureProperty Target=\"#sig\">"
        + "<SigningTime>2025-01-02T16:03:55</SigningTime></SignatureProperty></SignatureProperties>"
        + "<DLHDon Id=\"x\"><X>1</X></DLHDon></ds:Object>";
    String xml2 = "<Doc Id=\"d\">" + signature(ref("#d") + ref("#st"), mixed) + "</Doc>";
    assertThat(codes(inspect(xml2).get(0))).contains("xml.signedElementInObject");
    // a structured property is metadata; an element inside it that a reference names is not
    String structured = "<ds:Object><SignatureProperties xmlns=\"\"><SignatureProperty Id=\"p\" Target=\"#sig\">"
        + "<SignatureTime><Format>YYYY</Format><Value>2025</Value></SignatureTime><Amount Id=\"a\">1</Amount>"
        + "</SignatureProperty></SignatureProperties></ds:Object>";
    String xml3 = "<Doc Id=\"d\">" + signature(ref("#d") + ref("#p"), structured) + "</Doc>";
    assertThat(inspect(xml3).get(0).wrapping()).isEmpty();
    String xml4 = "<Doc Id=\"d\">" + signature(ref("#d") + ref("#p") + ref("#a"), structured) + "</Doc>";
    assertThat(codes(inspect(xml4).get(0))).contains("xml.signedElementInObject");
  }

  @Test
  void theTaxAuthorityMayCoverTheSellersSigningTimeAndValue() throws Exception {
    String seller = "<ds:Signature " + DS + " Id=\"s1\"><ds:SignedInfo>" + ref("#data") + ref("#st")
        + "</ds:SignedInfo><ds:SignatureValue Id=\"v1\">AA==</ds:SignatureValue>"
        + PROVIDER_TIME.replace("#sig", "#s1") + "</ds:Signature>";
    String xml = "<HDon><DLHDon Id=\"data\"/><DSCKS><NBan>" + seller + "</NBan><CQT>"
        + signature(ref("#data") + ref("#st") + ref("#v1"), "") + "</CQT></DSCKS></HDon>";
    assertThat(inspect(xml)).allSatisfy(f -> assertThat(f.wrapping()).isEmpty());
    // but not a document element hidden in the seller's signature
    String hidden = xml.replace("<ds:SignatureValue Id=\"v1\">AA==</ds:SignatureValue>",
        "<ds:SignatureValue>AA==</ds:SignatureValue><ds:Object><MCCQT Id=\"v1\">X</MCCQT></ds:Object>");
    assertThat(codes(inspect(hidden).get(1))).contains("xml.signedElementInOtherSignature");
  }

  @Test
  void xadesPropertiesObjectCountsAsSigned() throws Exception {
    String xml = "<Doc>" + signature(ref("") + ref("#xades-1"),
        "<ds:Object><xades:QualifyingProperties xmlns:xades=\"http://uri.etsi.org/01903/v1.3.2#\">"
            + "<xades:SignedProperties Id=\"xades-1\"/></xades:QualifyingProperties></ds:Object>") + "</Doc>";
    XmlInspection.Findings f = inspect(xml).get(0);
    assertThat(f.wrapping()).isEmpty();
    assertThat(f.xades()).isTrue();
  }

  @Test
  void aDuplicatedIdIsWrapping() throws Exception {
    String xml = "<HDon><DLHDon Id=\"data\">1</DLHDon><DLHDon Id=\"data\">2</DLHDon>" + signature(
        ref("#xpointer(id('data'))"), "") + "</HDon>";
    XmlInspection.Findings f = inspect(xml).get(0);
    assertThat(codes(f)).containsExactly("xml.duplicateId");
    assertThat(f.wrapping().get(0).arguments()).containsExactly("data", "2");
  }

  @Test
  void anUnsignedObjectIsWrapping() throws Exception {
    String xml = "<Doc Id=\"d\">" + signature(ref("#d"), "<ds:Object Id=\"SigningTime2\"><t>2019</t></ds:Object>")
        + "</Doc>";
    XmlInspection.Findings f = inspect(xml).get(0);
    assertThat(codes(f)).containsExactly("xml.unsignedObject");
    assertThat(f.wrapping().get(0).arguments()).containsExactly("SigningTime2");
  }

  @Test
  void referencesOutsideTheDocumentAreListed() throws Exception {
    String xml = "<Doc>" + signature(ref("http://example.invalid/x") + ref("file:///etc/passwd")
        + ref("cid:209"), "") + "</Doc>";
    assertThat(inspect(xml).get(0).externalReferences())
        .containsExactly("http://example.invalid/x", "file:///etc/passwd", "cid:209");
  }

  @Test
  void counterSignaturesAreNotSeparateSignatures() throws Exception {
    String xml = "<Doc Id=\"d\">" + signature(ref("#d"), "<ds:Object><xades:QualifyingProperties "
        + "xmlns:xades=\"http://uri.etsi.org/01903/v1.3.2#\"><xades:UnsignedProperties><xades:CounterSignature>"
        + signature(ref("#sv"), "").replace("Id=\"sig\"", "Id=\"cs\"")
        + "</xades:CounterSignature></xades:UnsignedProperties></xades:QualifyingProperties></ds:Object>")
        + "</Doc>";
    assertThat(inspect(xml)).hasSize(1);
  }

  @Test
  void hostileInputIsRefusedBeforeAnyAnalysis() {
    assertThatThrownBy(() -> inspect("not xml")).isInstanceOf(DocumentException.class);
    assertThatThrownBy(() -> inspect("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
        + "<x>&e;</x>")).isInstanceOf(DocumentException.class).hasMessageContaining("DTD");
    String deep = "<a>".repeat(20_000) + signature(ref(""), "") + "</a>".repeat(20_000);
    assertThatThrownBy(() -> inspect(deep)).isInstanceOf(DocumentException.class);
  }
}
