package org.kyso.core.internal.verify;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.kyso.core.verify.Finding;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Looks for XML signature wrapping around each signature of an XML document: the same Id on several elements, an
 * unsigned element with the same name as the signed one (the original moved away and a forged one put where the
 * application reads), content carried in a {@code ds:Object} that no reference covers, and references to content
 * outside the document. DSS checks the digests; these checks look at what the digests do not cover.
 *
 * <p>Parses with DTDs and external entities disabled.
 */
public final class XmlWrapping {
  static final String DS = "http://www.w3.org/2000/09/xmldsig#";
  private static final Set<String> SIGNATURE_NAMESPACES = Set.of(DS, "http://uri.etsi.org/01903/v1.3.2#",
      "http://uri.etsi.org/01903/v1.4.1#", "http://uri.etsi.org/01903/v1.1.1#",
      "http://www.w3.org/2009/xmldsig11#");
  private static final Pattern XPOINTER_ID = Pattern.compile("#xpointer\\(id\\(['\"]([^'\"]+)['\"]\\)\\)");

  /** What was found around one signature; {@code id} is the ds:Signature's Id attribute (empty when none). */
  public record Result(String id, int index, List<Finding> modifications, List<Finding> errors) {
    public boolean suspicious() {
      return !modifications.isEmpty() || !errors.isEmpty();
    }
  }

  private XmlWrapping() {}

  /** Analyses every (non-counter) signature in document order; an empty list when the bytes are not XML. */
  public static List<Result> analyse(byte[] xml) {
    Document doc;
    try {
      doc = parse(xml);
    } catch (Exception e) {
      return List.of();
    }
    Map<String, List<Element>> byId = new HashMap<>();
    List<Element> all = new ArrayList<>();
    collect(doc.getDocumentElement(), byId, all);
    List<Element> signatures = new ArrayList<>();
    for (Element e : all) {
      if (DS.equals(e.getNamespaceURI()) && "Signature".equals(e.getLocalName())
          && !(e.getParentNode() instanceof Element p && "CounterSignature".equals(p.getLocalName()))) {
        signatures.add(e);
      }
    }
    // every element some signature references: those are signed, wherever they are
    Set<Element> signedAnywhere = new HashSet<>();
    for (Element e : all) {
      if (DS.equals(e.getNamespaceURI()) && "Reference".equals(e.getLocalName())) {
        String id = idOf(e.getAttribute("URI"));
        if (id != null && byId.containsKey(id)) {
          signedAnywhere.addAll(byId.get(id));
        }
      }
    }
    List<Result> out = new ArrayList<>();
    for (int i = 0; i < signatures.size(); i++) {
      out.add(analyse(signatures.get(i), i, byId, all, signedAnywhere));
    }
    return out;
  }

  private static Result analyse(Element sig, int index, Map<String, List<Element>> byId, List<Element> all,
      Set<Element> signedAnywhere) {
    Set<Finding> mods = new LinkedHashSet<>();
    Set<Finding> errors = new LinkedHashSet<>();
    Set<String> referencedIds = new HashSet<>();
    for (Element ref : descendants(sig, DS, "Reference")) {
      if (!ref.hasAttribute("URI")) {
        errors.add(Messages.finding(Finding.Kind.ERROR, "error.xmlExternalReference", "(no URI)"));
        continue;
      }
      String uri = ref.getAttribute("URI");
      if (uri.isEmpty() || "#xpointer(/)".equals(uri)) {
        continue;
      }
      String id = idOf(uri);
      if (id == null) {
        errors.add(Messages.finding(Finding.Kind.ERROR, "error.xmlExternalReference", shorten(uri)));
        continue;
      }
      referencedIds.add(id);
      List<Element> targets = byId.getOrDefault(id, List.of());
      if (targets.size() > 1) {
        mods.add(Messages.finding(Finding.Kind.MODIFICATION, "modification.xmlDuplicateId", id,
            Integer.toString(targets.size())));
        continue;
      }
      if (targets.size() == 1) {
        Element target = targets.get(0);
        if (target.getNamespaceURI() != null && SIGNATURE_NAMESPACES.contains(target.getNamespaceURI())) {
          continue;
        }
        for (Element other : all) {
          if (other != target && Objects.equals(other.getNamespaceURI(), target.getNamespaceURI())
              && Objects.equals(other.getLocalName(), target.getLocalName()) && !signedAnywhere.contains(other)
              && !related(other, target)) {
            mods.add(Messages.finding(Finding.Kind.MODIFICATION, "modification.xmlUnsignedTwin",
                target.getLocalName()));
            break;
          }
        }
      }
    }
    for (Node n = sig.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element o && DS.equals(o.getNamespaceURI()) && "Object".equals(o.getLocalName())
          && !coversAny(o, referencedIds)) {
        String oid = o.getAttribute("Id");
        mods.add(Messages.finding(Finding.Kind.MODIFICATION, "modification.xmlUnsignedObject",
            oid.isEmpty() ? "" : "Id=\"" + oid + "\""));
      }
    }
    return new Result(sig.getAttribute("Id"), index, new ArrayList<>(mods), new ArrayList<>(errors));
  }

  /** The Id a same-document reference points to, or null when it points outside the document. */
  static String idOf(String uri) {
    if (uri == null || !uri.startsWith("#")) {
      return null;
    }
    Matcher m = XPOINTER_ID.matcher(uri);
    if (m.matches()) {
      return m.group(1);
    }
    return uri.startsWith("#xpointer(") ? null : uri.substring(1);
  }

  private static boolean coversAny(Element o, Set<String> ids) {
    if (ids.contains(idAttribute(o))) {
      return true;
    }
    for (Node n = o.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && coversAny(e, ids)) {
        return true;
      }
    }
    return false;
  }

  private static boolean related(Element a, Element b) {
    for (Node n = a; n != null; n = n.getParentNode()) {
      if (n == b) {
        return true;
      }
    }
    for (Node n = b; n != null; n = n.getParentNode()) {
      if (n == a) {
        return true;
      }
    }
    return false;
  }

  private static void collect(Element e, Map<String, List<Element>> byId, List<Element> all) {
    // iterative: hostile documents may nest deeply
    List<Element> stack = new ArrayList<>();
    stack.add(e);
    while (!stack.isEmpty()) {
      Element cur = stack.remove(stack.size() - 1);
      all.add(cur);
      String id = idAttribute(cur);
      if (!id.isEmpty()) {
        byId.computeIfAbsent(id, k -> new ArrayList<>()).add(cur);
      }
      List<Element> kids = new ArrayList<>();
      for (Node n = cur.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element k) {
          kids.add(k);
        }
      }
      for (int i = kids.size() - 1; i >= 0; i--) {
        stack.add(kids.get(i));
      }
    }
  }

  private static String idAttribute(Element e) {
    NamedNodeMap attrs = e.getAttributes();
    for (int i = 0; i < attrs.getLength(); i++) {
      Attr a = (Attr) attrs.item(i);
      String name = a.getLocalName() == null ? a.getName() : a.getLocalName();
      boolean plain = a.getNamespaceURI() == null && ("Id".equals(name) || "ID".equals(name) || "id".equals(name));
      boolean xmlId = XMLConstants.XML_NS_URI.equals(a.getNamespaceURI()) && "id".equals(name);
      if (plain || xmlId) {
        return a.getValue();
      }
    }
    return "";
  }

  private static List<Element> descendants(Element root, String ns, String local) {
    List<Element> out = new ArrayList<>();
    var list = root.getElementsByTagNameNS(ns, local);
    for (int i = 0; i < list.getLength(); i++) {
      out.add((Element) list.item(i));
    }
    return out;
  }

  private static String shorten(String s) {
    return s.length() > 100 ? s.substring(0, 100) + "…" : s;
  }

  static Document parse(byte[] xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature("http://xml.org/sax/features/external-general-entities", false);
    f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    DocumentBuilder b = f.newDocumentBuilder();
    b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
      @Override
      public void error(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
        throw e;
      }
    });
    return b.parse(new ByteArrayInputStream(xml));
  }
}
