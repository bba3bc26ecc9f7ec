package org.kyso.xml.attacks;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.kyso.xml.XmlFixtures;

/**
 * The XML signature wrapping steps of the attack corpus, each applied to a signed e-invoice shaped document whose
 * signature references {@code #data} (the {@code DLHDon} element).
 */
final class XmlAttacks {
  private XmlAttacks() {}

  /** Changes the signed amount in place. */
  static byte[] changeSignedValue(byte[] signed) {
    String s = XmlFixtures.text(signed);
    if (!s.contains("<TgTTTBSo>100</TgTTTBSo>")) {
      throw new IllegalStateException("fixture text not found");
    }
    return XmlFixtures.bytes(s.replace("<TgTTTBSo>100</TgTTTBSo>", "<TgTTTBSo>900</TgTTTBSo>"));
  }

  /**
   * Wrapping: moves the signed DLHDon into a new ds:Object of the signature and puts a forged DLHDon (no Id,
   * amount 9,000,000) where the application reads it.
   */
  static byte[] moveSignedElementIntoSignature(byte[] signed) throws Exception {
    Document doc = XmlFixtures.parse(signed);
    Element original = dlhdon(doc);
    Element forged = forge(original);
    forged.removeAttribute("Id");
    original.getParentNode().replaceChild(forged, original);
    Element sig = signature(doc);
    Element obj = doc.createElementNS(XmlFixtures.DS, sig.getPrefix() == null ? "Object" : sig.getPrefix() + ":Object");
    obj.appendChild(original);
    sig.appendChild(obj);
    return XmlFixtures.serialize(doc);
  }

  /** Wrapping: moves the signed DLHDon into an unrelated wrapper element and puts a forged one in its place. */
  static byte[] moveSignedElementElsewhere(byte[] signed) throws Exception {
    Document doc = XmlFixtures.parse(signed);
    Element original = dlhdon(doc);
    Element forged = forge(original);
    forged.setAttribute("Id", "data2");
    original.getParentNode().replaceChild(forged, original);
    Element wrapper = doc.createElement("PhuLuc");
    wrapper.appendChild(original);
    doc.getDocumentElement().appendChild(wrapper);
    return XmlFixtures.serialize(doc);
  }

  /** Duplicated Id: a forged DLHDon with the same Id "data" placed before the signed one. */
  static byte[] duplicateId(byte[] signed) throws Exception {
    Document doc = XmlFixtures.parse(signed);
    Element original = dlhdon(doc);
    Element forged = forge(original);
    original.getParentNode().insertBefore(forged, original);
    return XmlFixtures.serialize(doc);
  }

  /** An extra, unsigned ds:Object in the signature carrying another signing time. */
  static byte[] extraUnsignedObject(byte[] signed) throws Exception {
    Document doc = XmlFixtures.parse(signed);
    Element sig = signature(doc);
    String p = sig.getPrefix() == null ? "" : sig.getPrefix() + ":";
    Element obj = doc.createElementNS(XmlFixtures.DS, p + "Object");
    obj.setAttribute("Id", "SigningTime2");
    Element time = doc.createElement("SigningTime");
    time.setTextContent("2019-01-01T08:00:00");
    obj.appendChild(time);
    sig.appendChild(obj);
    return XmlFixtures.serialize(doc);
  }

  /** Parses and writes back without changes (to show the round trip itself breaks nothing). */
  static byte[] roundTrip(byte[] signed) throws Exception {
    return XmlFixtures.serialize(XmlFixtures.parse(signed));
  }

  private static Element forge(Element original) {
    Element forged = (Element) original.cloneNode(true);
    Node amount = forged.getElementsByTagName("TgTTTBSo").item(0);
    amount.setTextContent("9000000");
    return forged;
  }

  private static Element dlhdon(Document doc) {
    return (Element) doc.getElementsByTagName("DLHDon").item(0);
  }

  private static Element signature(Document doc) {
    return (Element) doc.getElementsByTagNameNS(XmlFixtures.DS, "Signature").item(0);
  }
}
