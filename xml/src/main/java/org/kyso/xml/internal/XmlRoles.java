package org.kyso.xml.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Who signed, named from where the signature sits in the Vietnamese tax layouts (Decree 123/2020, Decision
 * 1450/QĐ-TCT): {@code DSCKS/NBan} the seller, {@code DSCKS/NMua} the buyer, {@code DSCKS/CQT} the tax authority
 * (and {@code DSCKS/TTCQT} its head, who signs notices in person),
 * {@code DSCKS/NNT} the taxpayer, {@code DSCKS/CCKSKhac} another signer; and what was signed: the invoice's
 * series, number, date, seller's tax code, the tax authority's code and total, the message type of a {@code TDiep},
 * a notice ({@code TBao}) or minutes ({@code BBan}).
 */
public final class XmlRoles {
  /**
   * A signature's role.
   *
   * @param code a stable code: {@code seller}, {@code buyer}, {@code taxAuthority}, {@code taxpayer}, {@code other},
   *     or the element's own name when kyso does not know it
   * @param place where it was found, e.g. {@code HDon/DSCKS/NBan} or {@code TDiep 202/HDon/DSCKS/CQT}
   */
  public record Role(String code, String place) {}

  private XmlRoles() {}

  static Optional<Role> of(Element sig) {
    if (!(sig.getParentNode() instanceof Element slot) || !(slot.getParentNode() instanceof Element dscks)
        || !Layouts.SIGNATURES.equals(dscks.getLocalName())) {
      return Optional.empty();
    }
    String code = switch (slot.getLocalName()) {
      case "NBan" -> "seller";
      case "NMua" -> "buyer";
      case "CQT" -> "taxAuthority";
      case "TTCQT" -> "taxAuthorityHead";
      case "NNT" -> "taxpayer";
      case "CCKSKhac" -> "other";
      default -> slot.getLocalName();
    };
    StringBuilder place = new StringBuilder("DSCKS/").append(slot.getLocalName());
    Node n = dscks.getParentNode();
    if (n instanceof Element doc) {
      place.insert(0, doc.getLocalName() + "/");
      for (Node up = doc.getParentNode(); up instanceof Element e; up = e.getParentNode()) {
        if ("TDiep".equals(e.getLocalName())) {
          String type = text(e, "TTChung", "MLTDiep");
          place.insert(0, "TDiep" + (type == null ? "" : " " + type) + "/");
          break;
        }
      }
    }
    return Optional.of(new Role(code, place.toString()));
  }

  /**
   * What the document says it is: for an invoice ({@code HDon}) its series ({@code KHMSHDon}, {@code KHHDon}), number
   * ({@code SHDon}), date ({@code NLap}), seller's name and tax code, total ({@code TgTTTBSo}) and currency, the tax
   * authority's code ({@code MCCQT}); for a tax message ({@code TDiep}) its type, id, sender and receiver; for a
   * notice its number and date. Keys are the element names of the layout (stable), in document order.
   */
  public static Map<String, String> documentFields(Document doc) {
    Map<String, String> out = new LinkedHashMap<>();
    Element root = doc.getDocumentElement();
    if (root == null) {
      return out;
    }
    if ("edXML".equals(root.getLocalName()) || Layouts.EDXML_ENVELOPE.equals(root.getLocalName())) {
      edxml(root, out);
      return out;
    }
    if ("TDiep".equals(root.getLocalName())) {
      put(out, "MLTDiep", text(root, "TTChung", "MLTDiep"));
      put(out, "MTDiep", text(root, "TTChung", "MTDiep"));
      put(out, "MNGui", text(root, "TTChung", "MNGui"));
      put(out, "MNNhan", text(root, "TTChung", "MNNhan"));
    }
    Element invoice = "HDon".equals(root.getLocalName()) ? root : first(root, "HDon");
    if (invoice != null) {
      Element data = childNamed(invoice, Layouts.INVOICE_DATA);
      if (data != null) {
        put(out, "KHMSHDon", text(data, "TTChung", "KHMSHDon"));
        put(out, "KHHDon", text(data, "TTChung", "KHHDon"));
        put(out, "SHDon", text(data, "TTChung", "SHDon"));
        put(out, "NLap", text(data, "TTChung", "NLap"));
        put(out, "NBan.Ten", text(data, "NDHDon", "NBan", "Ten"));
        put(out, "NBan.MST", text(data, "NDHDon", "NBan", "MST"));
        put(out, "NMua.MST", text(data, "NDHDon", "NMua", "MST"));
        put(out, "TgTTTBSo", text(data, "NDHDon", "TToan", "TgTTTBSo"));
        put(out, "DVTTe", text(data, "TTChung", "DVTTe"));
      }
      put(out, "MCCQT", text(invoice, "MCCQT"));
      return out;
    }
    Element notice = "TBao".equals(root.getLocalName()) ? root : first(root, "TBao");
    if (notice != null) {
      Element data = childNamed(notice, "DLTBao");
      if (data != null) {
        put(out, "MSo", text(data, "MSo"));
        put(out, "So", text(data, "So"));
        put(out, "NTBao", text(data, "NTBao"));
        put(out, "MST", text(data, "MST"));
      }
    }
    return out;
  }

  /** The edXML header fields (QCVN 102:2016 MessageHeader) and the attachments, keys as the standard names them. */
  private static void edxml(Element root, Map<String, String> out) {
    Element envelope = "edXML".equals(root.getLocalName()) ? childNamed(root, Layouts.EDXML_ENVELOPE) : root;
    if (envelope == null) {
      return;
    }
    Element mh = childNamed(envelope, Layouts.EDXML_HEADER);
    mh = mh == null ? null : childNamed(mh, "MessageHeader");
    if (mh != null) {
      put(out, "From.OrganId", text(mh, "From", "OrganId"));
      put(out, "From.OrganName", text(mh, "From", "OrganName"));
      StringBuilder to = new StringBuilder();
      for (Node n = mh.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e && "To".equals(e.getLocalName())) {
          String name = text(e, "OrganName");
          if (name != null) {
            to.append(to.length() == 0 ? "" : "; ").append(name);
          }
        }
      }
      put(out, "To.OrganName", to.length() == 0 ? null : to.toString());
      put(out, "DocumentId", text(mh, "DocumentId"));
      String number = text(mh, "Code", "CodeNumber");
      String notation = text(mh, "Code", "CodeNotation");
      put(out, "Code", number == null ? null : notation == null || notation.isEmpty() ? number
          : number + "/" + notation);
      put(out, "PromulgationDate", text(mh, "PromulgationInfo", "PromulgationDate"));
      put(out, "DocumentType", text(mh, "DocumentType", "TypeName"));
      put(out, "Subject", text(mh, "Subject"));
      put(out, "StatusCode", text(mh, "StatusCode"));
      put(out, "Description", text(mh, "Description"));
      put(out, "Timestamp", text(mh, "Timestamp"));
    }
    Element encoded = childNamed(root, "AttachmentEncoded");
    if (encoded != null) {
      StringBuilder list = new StringBuilder();
      for (Node n = encoded.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element a && "Attachment".equals(a.getLocalName())) {
          list.append(list.length() == 0 ? "" : "; ").append(text(a, "ContentId")).append(' ')
              .append(String.valueOf(text(a, "AttachmentName")));
        }
      }
      put(out, "Attachments", list.length() == 0 ? null : list.toString());
    }
  }

  private static void put(Map<String, String> out, String key, String value) {
    if (value != null) {
      out.put(key, value);
    }
  }

  /** The first element named {@code localName} below {@code root} (any depth, document order). */
  private static Element first(Element root, String localName) {
    var nl = root.getElementsByTagNameNS("*", localName);
    return nl.getLength() == 0 ? null : (Element) nl.item(0);
  }

  private static Element childNamed(Element parent, String localName) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && localName.equals(e.getLocalName())) {
        return e;
      }
    }
    return null;
  }

  /** The trimmed text at a path of child names, or null. */
  private static String text(Element from, String... path) {
    Element e = from;
    for (String p : path) {
      e = childNamed(e, p);
      if (e == null) {
        return null;
      }
    }
    return e.getTextContent().strip();
  }
}
