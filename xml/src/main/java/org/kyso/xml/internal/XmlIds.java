package org.kyso.xml.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kyso.core.DocumentException;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Id attributes ({@code Id}, {@code ID}, {@code id}, no namespace) in a DOM. XML Signature dereferences
 * {@code #value} only through attributes declared as ids; kyso declares them itself and refuses an Id that occurs
 * more than once, the root of signature-wrapping attacks.
 */
public final class XmlIds {
  private XmlIds() {}

  /** Every element carrying each Id value, in document order. */
  public static Map<String, List<Element>> all(Document doc) {
    Map<String, List<Element>> m = new LinkedHashMap<>();
    collect(doc.getDocumentElement(), m);
    return m;
  }

  private static void collect(Element e, Map<String, List<Element>> m) {
    // iterative over siblings, recursive over depth: depth is bounded by the parser's limits
    NamedNodeMap attrs = e.getAttributes();
    for (int i = 0; i < attrs.getLength(); i++) {
      Attr a = (Attr) attrs.item(i);
      if (isIdName(a)) {
        m.computeIfAbsent(a.getValue(), k -> new ArrayList<>()).add(e);
      }
    }
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c) {
        collect(c, m);
      }
    }
  }

  static boolean isIdName(Attr a) {
    String ln = a.getLocalName() != null ? a.getLocalName() : a.getName();
    return a.getNamespaceURI() == null && "id".equalsIgnoreCase(ln);
  }

  /** Declares every Id attribute of the document as an XML id, so that {@code #value} references resolve. */
  public static void declareAll(Document doc) {
    for (Map.Entry<String, List<Element>> e : all(doc).entrySet()) {
      for (Element el : e.getValue()) {
        declare(el, e.getKey());
      }
    }
  }

  private static void declare(Element el, String value) {
    NamedNodeMap attrs = el.getAttributes();
    for (int i = 0; i < attrs.getLength(); i++) {
      Attr a = (Attr) attrs.item(i);
      if (isIdName(a) && a.getValue().equals(value)) {
        el.setIdAttributeNode(a, true);
      }
    }
  }

  /**
   * The one element whose Id is {@code id}, declared as an XML id.
   *
   * @throws DocumentException if no element or more than one element carries it
   */
  public static Element declareUnique(Document doc, String id) throws DocumentException {
    List<Element> found = all(doc).getOrDefault(id, List.of());
    if (found.isEmpty()) {
      throw new DocumentException("No element has the Id '" + id + "'; check the reference id.");
    }
    if (found.size() > 1) {
      throw new DocumentException("The Id '" + id + "' occurs " + found.size()
          + " times; an Id must be unique for a signature to be unambiguous.");
    }
    declare(found.get(0), id);
    return found.get(0);
  }

  /** The element with this Id (which must have been declared unique). */
  public static Element find(Document doc, String id) throws DocumentException {
    return declareUnique(doc, id);
  }
}
