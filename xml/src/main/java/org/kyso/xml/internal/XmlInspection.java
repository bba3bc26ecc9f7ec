package org.kyso.xml.internal;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * kyso's own structural checks on signed XML, made before and next to DSS's validation: signature wrapping (an Id
 * that occurs twice, a signed element moved into a signature's Object or away from its place in an e-invoice, an
 * Object no reference covers), and limits on references and transforms. Works on a DOM parsed by {@link SecureXml}.
 */
public final class XmlInspection {
  /** More references than this in one signature is refused (Santuario's secure-validation limit). */
  public static final int MAX_REFERENCES = 30;
  /** More transforms than this in one reference is refused (Santuario's secure-validation limit). */
  public static final int MAX_TRANSFORMS = 5;
  /** More signatures than this in one document is refused. */
  public static final int MAX_SIGNATURES = 100;

  private static final String XADES_132 = "http://uri.etsi.org/01903/v1.3.2#";
  private static final String XADES_141 = "http://uri.etsi.org/01903/v1.4.1#";
  private static final Set<String> SIGNATURE_NAMESPACES = Set.of(XmlAlgorithms.DSIG_NS, XADES_132, XADES_141,
      "http://uri.etsi.org/01903/v1.1.1#", "http://www.w3.org/2009/xmldsig11#");
  private static final Set<String> FORBIDDEN_TRANSFORMS = Set.of("http://www.w3.org/TR/1999/REC-xslt-19991116");

  /** One wrapping problem: a stable code (prefixed {@code xml.}), the values it names, and an English sentence. */
  public record Issue(String code, List<String> arguments, String text) {
    public Issue {
      arguments = List.copyOf(arguments);
    }

    Issue(String code, String text) {
      this(code, List.of(), text);
    }
  }

  /** What was found about one {@code ds:Signature}, in document order. */
  public record Findings(int index, Optional<String> id, boolean xades, List<Issue> wrapping,
      List<String> externalReferences, Optional<OffsetDateTime> signingTimeProperty, XmlCoreCheck.Result core,
      Optional<XmlRoles.Role> role, boolean signingTimeWrittenAsUtc, List<String> unsignedTwins,
      List<String> unsignedPropertyObjects, Map<String, String> referenceLabels) {}

  private XmlInspection() {}

  /** The signatures of the document (not counter-signatures), in document order. */
  public static List<Element> signatures(Document doc) {
    NodeList nl = doc.getElementsByTagNameNS(XmlAlgorithms.DSIG_NS, "Signature");
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < nl.getLength(); i++) {
      Element s = (Element) nl.item(i);
      Node p = s.getParentNode();
      if (p instanceof Element pe && "CounterSignature".equals(pe.getLocalName())) {
        continue;
      }
      out.add(s);
    }
    return out;
  }

  /**
   * Inspects every signature of {@code doc}.
   *
   * @return one {@link Findings} per signature, in document order
   * @throws LimitExceeded if a signature has too many references or transforms, or the document too many signatures
   */
  public static List<Findings> inspect(Document doc) throws LimitExceeded {
    List<Element> sigs = signatures(doc);
    if (sigs.size() > MAX_SIGNATURES) {
      throw new LimitExceeded("The document holds " + sigs.size() + " signatures; kyso verifies at most "
          + MAX_SIGNATURES + ".");
    }
    Map<String, List<Element>> ids = XmlIds.all(doc);
    // every element some reference of some signature points to: those are signed, wherever they are
    Set<Element> signedAnywhere = new HashSet<>();
    for (Element ref : descendants(doc.getDocumentElement(), XmlAlgorithms.DSIG_NS, "Reference")) {
      String uri = ref.getAttribute("URI");
      if (uri.startsWith("#")) {
        signedAnywhere.addAll(ids.getOrDefault(idOf(uri), List.of()));
      }
    }
    List<Findings> out = new ArrayList<>();
    for (int i = 0; i < sigs.size(); i++) {
      out.add(inspect(sigs.get(i), i, ids, signedAnywhere));
    }
    return out;
  }

  private static Findings inspect(Element sig, int index, Map<String, List<Element>> ids,
      Set<Element> signedAnywhere) throws LimitExceeded {
    List<Issue> wrapping = new ArrayList<>();
    List<String> external = new ArrayList<>();
    Element signedInfo = child(sig, XmlAlgorithms.DSIG_NS, "SignedInfo");
    boolean xades = !descendants(sig, XADES_132, "QualifyingProperties").isEmpty()
        || !descendants(sig, XADES_141, "QualifyingProperties").isEmpty();
    String sigId = sig.hasAttribute("Id") ? sig.getAttribute("Id") : null;
    if (signedInfo == null) {
      wrapping.add(new Issue("xml.noSignedInfo", "The signature has no SignedInfo."));
      return new Findings(index, Optional.ofNullable(sigId), xades, wrapping, external, Optional.empty(),
          new XmlCoreCheck.Result(XmlCoreCheck.Value.NOT_CHECKED, Optional.empty(), List.of()), XmlRoles.of(sig),
          false, List.of(), List.of(), Map.of());
    }
    List<Element> refs = children(signedInfo, XmlAlgorithms.DSIG_NS, "Reference");
    if (refs.size() > MAX_REFERENCES) {
      throw new LimitExceeded("A signature has " + refs.size() + " references; kyso verifies at most "
          + MAX_REFERENCES + ".");
    }
    Set<Element> referenced = new java.util.LinkedHashSet<>();
    boolean wholeDocument = false;
    for (Element ref : refs) {
      Element transforms = child(ref, XmlAlgorithms.DSIG_NS, "Transforms");
      if (transforms != null) {
        List<Element> ts = children(transforms, XmlAlgorithms.DSIG_NS, "Transform");
        if (ts.size() > MAX_TRANSFORMS) {
          throw new LimitExceeded("A signature reference has " + ts.size() + " transforms; kyso verifies at most "
              + MAX_TRANSFORMS + ".");
        }
        for (Element t : ts) {
          if (FORBIDDEN_TRANSFORMS.contains(t.getAttribute("Algorithm"))) {
            throw new LimitExceeded("A signature reference uses an XSLT transform, which kyso refuses to run.");
          }
        }
      }
      if (!ref.hasAttribute("URI")) {
        external.add("(a reference without URI)");
        continue;
      }
      String uri = ref.getAttribute("URI");
      if (uri.isEmpty() || uri.equals("#xpointer(/)")) {
        wholeDocument = true;
      } else if (uri.startsWith("#")) {
        String id = idOf(uri);
        List<Element> targets = ids.getOrDefault(id, List.of());
        if (targets.size() > 1) {
          wrapping.add(new Issue("xml.duplicateId", List.of(id, Integer.toString(targets.size())), "The Id '" + id + "' that the signature covers occurs "
              + targets.size() + " times in the document (signature wrapping: a second element carries the signed"
              + " Id)."));
        } else if (targets.size() == 1) {
          Element target = targets.get(0);
          referenced.add(target);
          checkPlacement(sig, target, id, wrapping);
        }
      } else {
        external.add(uri);
      }
    }
    List<String> unsignedProperties = new ArrayList<>();
    checkObjects(sig, referenced, wrapping, unsignedProperties);
    checkInvoiceLayout(sig, referenced, wholeDocument, wrapping);
    Optional<String> time = signingTime(sig, referenced, ids);
    Optional<OffsetDateTime> parsed = time.flatMap(XmlInspection::parseTime);
    boolean utc = parsed.isPresent() && parsed.get().getOffset().getTotalSeconds() == 0;
    return new Findings(index, Optional.ofNullable(sigId), xades, wrapping, external, parsed,
        XmlCoreCheck.check(sig, ids), XmlRoles.of(sig), utc, unsignedTwins(referenced, signedAnywhere),
        unsignedProperties, labels(refs));
  }

  /**
   * What each reference with an Id covers when its URI alone does not say: an edXML message's envelope, or the
   * inline attachment an XPath Filter 2.0 selects by its ContentId ({@code cid:209}).
   */
  private static Map<String, String> labels(List<Element> refs) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (Element ref : refs) {
      String id = ref.getAttribute("Id");
      if (id.isEmpty()) {
        continue;
      }
      NodeList xpaths = ref.getElementsByTagNameNS("http://www.w3.org/2002/06/xmldsig-filter2", "XPath");
      for (int i = 0; i < xpaths.getLength(); i++) {
        String x = xpaths.item(i).getTextContent();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("ContentId\\s*=\\s*'([^']+)'").matcher(x);
        if (m.find()) {
          out.put(id, m.group(1));
        } else if (x.strip().endsWith("edXMLEnvelope")) {
          out.put(id, "edXMLEnvelope");
        }
      }
    }
    return out;
  }

  /**
   * The names of signed elements (outside the signature namespaces) of which the document holds another element of
   * the same name that no signature covers and that is neither inside nor around the signed one: the original moved
   * away and a forged one put where an application reads.
   */
  private static List<String> unsignedTwins(Set<Element> referenced, Set<Element> signedAnywhere) {
    List<String> out = new ArrayList<>();
    for (Element target : referenced) {
      String ns = target.getNamespaceURI();
      if (ns != null && (SIGNATURE_NAMESPACES.contains(ns))) {
        continue;
      }
      NodeList same = target.getOwnerDocument().getElementsByTagNameNS(ns, target.getLocalName());
      for (int i = 0; i < same.getLength(); i++) {
        Element other = (Element) same.item(i);
        if (other != target && !signedAnywhere.contains(other) && !XmlDsigEngine.isAncestor(other, target)
            && !XmlDsigEngine.isAncestor(target, other)) {
          out.add(target.getLocalName());
          break;
        }
      }
    }
    return out;
  }

  /** A referenced element must not sit inside another signature, nor be document data hidden in an Object. */
  private static void checkPlacement(Element sig, Element target, String id, List<Issue> wrapping) {
    Element owner = enclosingSignature(target);
    if (owner != null && owner != sig) {
      // covering another signature's value or its signing-time Object (the tax authority over the seller) is fine
      Element otherObject = enclosing(target, owner, XmlAlgorithms.DSIG_NS, "Object");
      boolean otherMetadata = otherObject != null && isSignatureMetadata(target, otherObject);
      boolean value = XmlAlgorithms.DSIG_NS.equals(target.getNamespaceURI())
          && "SignatureValue".equals(target.getLocalName()) && target.getParentNode() == owner;
      if (otherMetadata || value) {
        return;
      }
      wrapping.add(new Issue("xml.signedElementInOtherSignature", List.of(id), "The element with Id '" + id
          + "' that the signature covers lies inside another signature (signature wrapping: a signed element was"
          + " moved)."));
      return;
    }
    if (owner == sig) {
      Element object = enclosing(target, sig, XmlAlgorithms.DSIG_NS, "Object");
      boolean enveloping = sig.getOwnerDocument().getDocumentElement() == sig;
      if (object != null && !enveloping && !isSignatureMetadata(target, object)) {
        wrapping.add(new Issue("xml.signedElementInObject", List.of(id), "The element with Id '" + id
            + "' that the signature covers lies inside the signature's own Object, not in the document (signature"
            + " wrapping: a signed element was moved)."));
      }
    }
  }

  /**
   * Whether {@code target}, inside the signature's own {@code object}, is signature metadata rather than document
   * data: the Object itself when it holds only metadata, or a SignatureProperties / SignatureProperty (in any
   * namespace or none: providers write {@code <SignatureProperties xmlns="">}), an XAdES SignedProperties or a
   * Manifest. A document element moved into the Object is not: it is neither of these, nor may such metadata
   * hold elements with children of their own other than SignatureProperty.
   */
  private static boolean isSignatureMetadata(Element target, Element object) {
    if (target == object) {
      boolean any = false;
      for (Node n = object.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e) {
          if (!isMetadataElement(e)) {
            return false;
          }
          any = true;
        }
      }
      return any;
    }
    String ln = target.getLocalName();
    if (isXades(target) && ("SignedProperties".equals(ln) || "QualifyingProperties".equals(ln))) {
      return true;
    }
    if (XmlAlgorithms.DSIG_NS.equals(target.getNamespaceURI()) && "Manifest".equals(ln)
        && target.getParentNode() == object) {
      return true;
    }
    if ("SignatureProperties".equals(ln) && target.getParentNode() == object) {
      return isMetadataElement(target);
    }
    if ("SignatureProperty".equals(ln) && target.getParentNode() instanceof Element props
        && props.getParentNode() == object && "SignatureProperties".equals(props.getLocalName())) {
      return true;
    }
    if ("SigningTime".equals(ln) && target.getParentNode() instanceof Element prop
        && "SignatureProperty".equals(prop.getLocalName()) && prop.getParentNode() instanceof Element props
        && "SignatureProperties".equals(props.getLocalName()) && props.getParentNode() == object) {
      return true;
    }
    return false;
  }

  private static boolean isMetadataElement(Element e) {
    String ns = e.getNamespaceURI();
    String ln = e.getLocalName();
    if (XmlAlgorithms.DSIG_NS.equals(ns) && "Manifest".equals(ln)) {
      return true;
    }
    if (isXades(e) && "QualifyingProperties".equals(ln)) {
      return true;
    }
    if (!"SignatureProperties".equals(ln)) {
      return false;
    }
    // SignatureProperties in any namespace: only SignatureProperty children. Their content, whatever it is
    // (SigningTime, a structured time, a role), is the signer's metadata; a document element moved in there is still
    // caught, because a reference to it points at that element itself, which is not metadata
    boolean any = false;
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element p) {
        if (!"SignatureProperty".equals(p.getLocalName())) {
          return false;
        }
        any = true;
      }
    }
    return any;
  }

  private static boolean isXades(Element e) {
    String ns = e.getNamespaceURI();
    return XADES_132.equals(ns) || XADES_141.equals(ns);
  }

  /** Every ds:Object of the signature must be covered by a reference (itself or something inside it). */
  private static void checkObjects(Element sig, Set<Element> referenced, List<Issue> wrapping,
      List<String> metadata) {
    for (Element object : children(sig, XmlAlgorithms.DSIG_NS, "Object")) {
      boolean covered = false;
      for (Element r : referenced) {
        if (XmlDsigEngine.isAncestor(object, r)) {
          covered = true;
          break;
        }
      }
      if (!covered && isSignatureMetadata(object, object)) {
        // unsigned signature properties (a SigningTime no reference covers): not document content, and kyso does
        // not take the time from it; xmlsec1 and the XMLDSig rules do not require every Object to be signed
        metadata.add(object.getAttribute("Id"));
      } else if (!covered) {
        String id = object.hasAttribute("Id") ? " (Id '" + object.getAttribute("Id") + "')" : "";
        wrapping.add(new Issue("xml.unsignedObject", List.of(object.getAttribute("Id")), "The signature carries an Object" + id
            + " that no reference covers: its content is not signed and must not be trusted (possible signature"
            + " wrapping)."));
      }
    }
  }

  /**
   * An e-invoice signature (inside {@code HDon/DSCKS}) must cover the {@code DLHDon} of its own invoice, which must
   * be the invoice's only DLHDon.
   */
  private static void checkInvoiceLayout(Element sig, Set<Element> referenced, boolean wholeDocument,
      List<Issue> wrapping) {
    Element dscks = null;
    for (Node n = sig.getParentNode(); n instanceof Element e; n = n.getParentNode()) {
      if (Layouts.SIGNATURES.equals(e.getLocalName())) {
        dscks = e;
        break;
      }
    }
    if (dscks == null || !(dscks.getParentNode() instanceof Element invoice)
        || !Layouts.INVOICE.equals(invoice.getLocalName())) {
      return;
    }
    List<Element> data = new ArrayList<>();
    for (Node n = invoice.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && Layouts.INVOICE_DATA.equals(e.getLocalName())) {
        data.add(e);
      }
    }
    if (data.size() != 1) {
      wrapping.add(new Issue("xml.invoiceDataCount", List.of(Integer.toString(data.size())), "The invoice holds " + data.size()
          + " DLHDon elements; exactly one is expected (signature wrapping)."));
      return;
    }
    if (wholeDocument) {
      return;
    }
    boolean covers = false;
    for (Element r : referenced) {
      if (r == data.get(0) || XmlDsigEngine.isAncestor(r, data.get(0))) {
        covers = true;
        break;
      }
    }
    if (!covers) {
      wrapping.add(new Issue("xml.invoiceDataNotCovered", "The signature does not cover this invoice's data DLHDon; the"
          + " signed data is elsewhere (signature wrapping: the invoice data was replaced or moved)."));
    }
  }

  /**
   * The text of the SigningTime of a signed SignatureProperty in this signature's own Objects, in any namespace or
   * none (providers: {@code <SignatureProperties xmlns="">}; the tax authority: in the XMLDSig namespace with
   * {@code Target="signatureProperties"}). A property whose Target names another signature is not this one's.
   */
  private static Optional<String> signingTime(Element sig, Set<Element> referenced,
      Map<String, List<Element>> ids) {
    for (Element object : children(sig, XmlAlgorithms.DSIG_NS, "Object")) {
      NodeList props = object.getElementsByTagNameNS("*", "SignatureProperty");
      for (int i = 0; i < props.getLength(); i++) {
        Element prop = (Element) props.item(i);
        if (enclosingSignature(prop) != sig) {
          continue;
        }
        String target = prop.getAttribute("Target").strip();
        if (target.startsWith("#")) {
          List<Element> named = ids.getOrDefault(idOf(target), List.of());
          if (named.size() == 1 && named.get(0) != sig && "Signature".equals(named.get(0).getLocalName())) {
            continue; // the property of another signature
          }
        }
        boolean signed = referenced.stream().anyMatch(r -> XmlDsigEngine.isAncestor(r, prop));
        if (!signed) {
          continue;
        }
        NodeList times = prop.getElementsByTagNameNS("*", "SigningTime");
        if (times.getLength() > 0) {
          return Optional.of(times.item(0).getTextContent().strip());
        }
      }
    }
    return Optional.empty();
  }

  static Optional<OffsetDateTime> parseTime(String s) {
    try {
      return Optional.of(OffsetDateTime.parse(s));
    } catch (DateTimeParseException e) {
      try {
        // e-invoices often write local time without an offset: Vietnam's time
        return Optional.of(java.time.LocalDateTime.parse(s).atOffset(java.time.ZoneOffset.ofHours(7)));
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }

  private static String idOf(String uri) {
    String f = uri.substring(1);
    if (f.startsWith("xpointer(id(") && f.endsWith("))")) {
      f = f.substring("xpointer(id(".length(), f.length() - 2).replace("'", "").replace("\"", "");
    }
    return f;
  }

  private static Element enclosingSignature(Element e) {
    for (Node n = e.getParentNode(); n instanceof Element p; n = n.getParentNode()) {
      if ("Signature".equals(p.getLocalName()) && XmlAlgorithms.DSIG_NS.equals(p.getNamespaceURI())) {
        return p;
      }
    }
    return null;
  }

  private static Element enclosing(Element e, Element stop, String ns, String localName) {
    for (Node n = e; n instanceof Element p && n != stop; n = n.getParentNode()) {
      if (localName.equals(p.getLocalName()) && ns.equals(p.getNamespaceURI())) {
        return p;
      }
    }
    return null;
  }

  static Element child(Element parent, String ns, String localName) {
    List<Element> c = children(parent, ns, localName);
    return c.isEmpty() ? null : c.get(0);
  }

  static List<Element> children(Element parent, String ns, String localName) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && localName.equals(e.getLocalName()) && ns.equals(e.getNamespaceURI())) {
        out.add(e);
      }
    }
    return out;
  }

  private static List<Element> descendants(Element root, String ns, String localName) {
    NodeList nl = root.getElementsByTagNameNS(ns, localName);
    List<Element> out = new ArrayList<>(nl.getLength());
    for (int i = 0; i < nl.getLength(); i++) {
      out.add((Element) nl.item(i));
    }
    return out;
  }

  /** A document beyond kyso's processing limits. */
  public static final class LimitExceeded extends Exception {
    private static final long serialVersionUID = 1L;

    LimitExceeded(String message) {
      super(message);
    }
  }
}
