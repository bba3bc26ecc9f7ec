package org.kyso.xml.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import javax.xml.xpath.XPathFactoryConfigurationException;
import org.kyso.core.DocumentException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Where the e-invoice, edXML and plain profiles put an XMLDSig signature and what it references. */
public final class Layouts {
  /** The local names of the Vietnamese e-invoice layout (Circular 78/2021, Decision 1450/QĐ-TCT). */
  public static final String INVOICE = "HDon";
  public static final String INVOICE_DATA = "DLHDon";
  public static final String SIGNATURES = "DSCKS";
  public static final String SELLER = "NBan";
  public static final String BUYER = "NMua";
  public static final String EDXML_ENVELOPE = "edXMLEnvelope";
  public static final String EDXML_HEADER = "edXMLHeader";

  private static final Pattern CID = Pattern.compile("cid:([^\\s\"'<>]+)");

  private Layouts() {}

  /** Plain XMLDSig: under the XPath's element (default: the root), over the Id or the whole document. */
  public static XmlDsigEngine.Placement plain(Document doc, String parentXPath, String referenceId)
      throws DocumentException {
    Element parent = parentXPath == null ? doc.getDocumentElement() : select(doc, parentXPath);
    return new XmlDsigEngine.Placement(parent, referenceId, referenceId == null, Map.of(), null);
  }

  /**
   * The e-invoice layout: the reference is the Id of {@code HDon/DLHDon} (or {@code referenceId}), the signature goes
   * into {@code HDon/DSCKS/NBan} (created when missing) or under {@code parentXPath}.
   */
  public static XmlDsigEngine.Placement einvoice(Document doc, String parentXPath, String referenceId)
      throws DocumentException {
    return einvoice(doc, parentXPath, referenceId, false);
  }

  /**
   * As {@link #einvoice(Document, String, String)}; {@code buyer} puts the signature into {@code HDon/DSCKS/NMua}
   * (created after {@code NBan} when missing) instead of {@code NBan}. An empty {@code <Signature/>} placeholder that
   * the template holds there (in any namespace or none) is replaced by the signature rather than kept beside it.
   */
  public static XmlDsigEngine.Placement einvoice(Document doc, String parentXPath, String referenceId,
      boolean buyer) throws DocumentException {
    Element data;
    String id = referenceId;
    if (id == null) {
      List<Element> all = byLocalName(doc, INVOICE_DATA);
      if (all.size() != 1) {
        throw new DocumentException(all.isEmpty()
            ? "The document has no invoice data element DLHDon; it is not an e-invoice (use the plain profile)."
            : "The document has " + all.size() + " DLHDon elements; give the one to sign with --reference-id.");
      }
      data = all.get(0);
      id = data.getAttribute("Id");
      if (id.isEmpty()) {
        throw new DocumentException("The invoice data DLHDon has no Id attribute; add one (e.g. Id=\"data\")"
            + " or give --reference-id.");
      }
    } else {
      data = XmlIds.declareUnique(doc, id);
    }
    Element parent;
    if (parentXPath != null) {
      parent = select(doc, parentXPath);
    } else {
      Node invoice = data.getParentNode();
      if (!(invoice instanceof Element inv) || !INVOICE.equals(inv.getLocalName())) {
        throw new DocumentException("The invoice data is not a child of an HDon element; give --parent-xpath.");
      }
      Element dscks = child(inv, SIGNATURES);
      if (dscks == null) {
        dscks = doc.createElementNS(inv.getNamespaceURI(), qualified(inv, SIGNATURES));
        inv.appendChild(dscks);
      }
      Element seller = child(dscks, SELLER);
      if (seller == null) {
        seller = doc.createElementNS(inv.getNamespaceURI(), qualified(inv, SELLER));
        dscks.insertBefore(seller, dscks.getFirstChild());
      }
      parent = seller;
      if (buyer) {
        parent = child(dscks, BUYER);
        if (parent == null) {
          parent = doc.createElementNS(inv.getNamespaceURI(), qualified(inv, BUYER));
          dscks.insertBefore(parent, seller.getNextSibling());
        }
      }
    }
    return inSlot(parent, id, "invoice");
  }

  /**
   * The signature's place in {@code parent}: into its empty {@code <Signature/>} placeholder when it has one, else
   * appended; a signature already there is refused ({@code what} names the document in that sentence).
   */
  private static XmlDsigEngine.Placement inSlot(Element parent, String id, String what) throws DocumentException {
    Element placeholder = null;
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && "Signature".equals(e.getLocalName())) {
        if (isEmpty(e) && placeholder == null) {
          placeholder = e;
        } else {
          throw new DocumentException("The element " + parent.getLocalName()
              + " already holds a signature; the " + what + " is already signed there.");
        }
      }
    }
    return new XmlDsigEngine.Placement(parent, id, false, Map.of(), placeholder);
  }

  /** No child element and no text but white space: a template's {@code <Signature/>} placeholder. */
  private static boolean isEmpty(Element e) {
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element || (n.getNodeType() == Node.TEXT_NODE && !n.getNodeValue().isBlank())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The edXML layout: the signature goes into {@code edXMLEnvelope/edXMLHeader} (or {@code parentXPath}), covers the
   * whole envelope and one {@code cid:} reference per attachment. Every attachment listed in the envelope must be
   * given, and every attachment given must be listed.
   */
  public static XmlDsigEngine.Placement edxml(Document doc, String parentXPath, Map<String, byte[]> attachments)
      throws DocumentException {
    Element root = doc.getDocumentElement();
    if ("edXML".equals(root.getLocalName())) {
      return edxmlMessage(doc, parentXPath, attachments);
    }
    if (!EDXML_ENVELOPE.equals(root.getLocalName())) {
      throw new DocumentException("The document is not an edXML envelope (its root is " + root.getLocalName()
          + ", not edXMLEnvelope).");
    }
    Element parent = parentXPath != null ? select(doc, parentXPath) : child(root, EDXML_HEADER);
    if (parent == null) {
      throw new DocumentException("The edXML envelope has no edXMLHeader to hold the signature.");
    }
    Set<String> listed = listedAttachments(doc);
    for (String cid : attachments.keySet()) {
      if (!listed.contains(cid)) {
        throw new DocumentException("The attachment '" + cid + "' is not listed in the envelope (no cid:" + cid
            + " reference); list it in edXMLBody before signing.");
      }
    }
    for (String cid : listed) {
      if (!attachments.containsKey(cid)) {
        throw new DocumentException("The envelope lists the attachment cid:" + cid
            + " but its content was not given; every attachment must be signed.");
      }
    }
    return new XmlDsigEngine.Placement(parent, null, true, attachments, null);
  }

  /**
   * An edXML message of QCVN 102:2016 (root {@code edXML}, attachments inline in {@code AttachmentEncoded}): the
   * signature goes into {@code edXMLEnvelope/edXMLHeader}, replacing a placeholder {@code Signature} outside the
   * XMLDSig namespace (the standard's samples carry one); one reference covers the envelope, one each attachment.
   */
  private static XmlDsigEngine.Placement edxmlMessage(Document doc, String parentXPath,
      Map<String, byte[]> attachments) throws DocumentException {
    if (!attachments.isEmpty()) {
      throw new DocumentException("This edXML message carries its attachments inline (AttachmentEncoded); do not"
          + " give attachment files.");
    }
    Element root = doc.getDocumentElement();
    Element envelope = child(root, EDXML_ENVELOPE);
    Element parent = parentXPath != null ? select(doc, parentXPath)
        : envelope == null ? null : child(envelope, EDXML_HEADER);
    if (parent == null) {
      throw new DocumentException("The edXML message has no edXMLEnvelope/edXMLHeader to hold the signature.");
    }
    Element placeholder = null;
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && "Signature".equals(e.getLocalName())) {
        if (XmlAlgorithms.DSIG_NS.equals(e.getNamespaceURI())) {
          throw new DocumentException("The edXML header already holds a signature; the message is already signed.");
        }
        placeholder = e;
      }
    }
    List<String> cids = new ArrayList<>();
    Element encoded = child(root, "AttachmentEncoded");
    if (encoded != null) {
      for (Node n = encoded.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element a && "Attachment".equals(a.getLocalName())) {
          Element id = child(a, "ContentId");
          String cid = id == null ? "" : id.getTextContent().strip();
          if (!cid.startsWith("cid:") || cid.contains("'") || cid.contains("\"") || cids.contains(cid)) {
            throw new DocumentException("An inline attachment has no usable ContentId (" + cid
                + "); each needs its own, like cid:209.");
          }
          cids.add(cid);
        }
      }
    }
    return new XmlDsigEngine.Placement(parent, null, false, Map.of(), placeholder, cids);
  }

  /**
   * A document inside a tax message ({@code TDiep/DLieu/X}): an invoice ({@code HDon}) as {@link #einvoice}; any
   * other document (declaration {@code TKhai}, notice {@code TBao}, summary {@code BTHDLieu}…) is signed by the
   * taxpayer in its {@code DSCKS/NNT} over its one {@code DL…} child carrying an Id.
   */
  public static XmlDsigEngine.Placement taxMessage(Document doc, String parentXPath, String referenceId,
      boolean buyer) throws DocumentException {
    Element root = doc.getDocumentElement();
    if (!"TDiep".equals(root.getLocalName())) {
      throw new DocumentException("The document is not a tax message (its root is " + root.getLocalName()
          + ", not TDiep).");
    }
    Element data = child(root, "DLieu");
    Element document = null;
    if (data != null) {
      for (Node n = data.getFirstChild(); n != null && document == null; n = n.getNextSibling()) {
        if (n instanceof Element e) {
          document = e;
        }
      }
    }
    if (document == null) {
      throw new DocumentException("The tax message has no document in TDiep/DLieu to sign.");
    }
    if (INVOICE.equals(document.getLocalName())) {
      return einvoice(doc, parentXPath, referenceId, buyer);
    }
    if (buyer) {
      throw new DocumentException("Only an invoice or minutes have a buyer; this tax message holds "
          + document.getLocalName() + ".");
    }
    return signedDocument(doc, document, parentXPath, referenceId, "NNT");
  }

  /** Minutes between seller and buyer ({@code BBan}): {@code DSCKS/NBan} or {@code NMua} over {@code DLBBan}. */
  public static XmlDsigEngine.Placement minutes(Document doc, String parentXPath, String referenceId,
      boolean buyer) throws DocumentException {
    List<Element> all = byLocalName(doc, "BBan");
    if (all.size() != 1) {
      throw new DocumentException(all.isEmpty() ? "The document holds no minutes element BBan."
          : "The document holds " + all.size() + " BBan elements; give --parent-xpath and --reference-id.");
    }
    return signedDocument(doc, all.get(0), parentXPath, referenceId, buyer ? BUYER : SELLER);
  }

  /** {@code document/DSCKS/slot} (created when missing, a placeholder filled) over its one {@code DL…} child. */
  private static XmlDsigEngine.Placement signedDocument(Document doc, Element document, String parentXPath,
      String referenceId, String slotName) throws DocumentException {
    String id = referenceId;
    if (id == null) {
      Element data = null;
      for (Node n = document.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e && e.getLocalName().startsWith("DL") && e.hasAttribute("Id")) {
          if (data != null) {
            throw new DocumentException("The " + document.getLocalName() + " holds several DL… elements with an Id;"
                + " give the one to sign with --reference-id.");
          }
          data = e;
        }
      }
      if (data == null) {
        throw new DocumentException("The " + document.getLocalName() + " has no data element DL… with an Id; add"
            + " one (e.g. Id=\"data\") or give --reference-id.");
      }
      id = data.getAttribute("Id");
    }
    XmlIds.declareUnique(doc, id);
    Element parent;
    if (parentXPath != null) {
      parent = select(doc, parentXPath);
    } else {
      Element dscks = child(document, SIGNATURES);
      if (dscks == null) {
        dscks = doc.createElementNS(document.getNamespaceURI(), qualified(document, SIGNATURES));
        document.appendChild(dscks);
      }
      parent = child(dscks, slotName);
      if (parent == null) {
        parent = doc.createElementNS(document.getNamespaceURI(), qualified(document, slotName));
        Element seller = BUYER.equals(slotName) ? child(dscks, SELLER) : null;
        dscks.insertBefore(parent, seller != null ? seller.getNextSibling() : BUYER.equals(slotName) ? null
            : dscks.getFirstChild());
      }
    }
    return inSlot(parent, id, "document");
  }

  /** The content ids that the envelope refers to as {@code cid:...} in attribute values and text. */
  public static Set<String> listedAttachments(Document doc) {
    Set<String> out = new LinkedHashSet<>();
    scan(doc.getDocumentElement(), out);
    return out;
  }

  private static void scan(Element e, Set<String> out) {
    if ("Signature".equals(e.getLocalName()) && XmlAlgorithms.DSIG_NS.equals(e.getNamespaceURI())) {
      return;
    }
    var attrs = e.getAttributes();
    for (int i = 0; i < attrs.getLength(); i++) {
      find(attrs.item(i).getNodeValue(), out);
    }
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c) {
        scan(c, out);
      } else if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
        find(n.getNodeValue(), out);
      }
    }
  }

  private static void find(String s, Set<String> out) {
    if (s != null && s.contains("cid:")) {
      Matcher m = CID.matcher(s);
      while (m.find()) {
        out.add(m.group(1));
      }
    }
  }

  /** Evaluates an XPath that must select exactly one element. */
  public static Element select(Document doc, String xpath) throws DocumentException {
    try {
      XPathFactory f = XPathFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      XPath x = f.newXPath();
      NodeList nodes = (NodeList) x.evaluate(xpath, doc, XPathConstants.NODESET);
      List<Element> els = new ArrayList<>();
      for (int i = 0; i < nodes.getLength(); i++) {
        if (nodes.item(i) instanceof Element e) {
          els.add(e);
        }
      }
      if (els.size() != 1) {
        throw new DocumentException("The XPath " + xpath + " selects " + els.size()
            + " elements; it must select exactly one (for namespaced documents use *[local-name()='Name']).");
      }
      return els.get(0);
    } catch (XPathExpressionException e) {
      throw new IllegalArgumentException("The XPath " + xpath + " is not valid: "
          + SecureXml.oneLine(e.getMessage()), e);
    } catch (XPathFactoryConfigurationException e) {
      throw new IllegalStateException("the JDK XPath engine does not support secure processing", e);
    }
  }

  /** Elements with this local name, in document order. */
  public static List<Element> byLocalName(Document doc, String localName) {
    NodeList nl = doc.getElementsByTagNameNS("*", localName);
    List<Element> out = new ArrayList<>(nl.getLength());
    for (int i = 0; i < nl.getLength(); i++) {
      out.add((Element) nl.item(i));
    }
    return out;
  }

  /** The first child element with this local name, or null. */
  public static Element child(Element parent, String localName) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && localName.equals(e.getLocalName())) {
        return e;
      }
    }
    return null;
  }

  private static String qualified(Element like, String localName) {
    return like.getPrefix() == null ? localName : like.getPrefix() + ":" + localName;
  }
}
