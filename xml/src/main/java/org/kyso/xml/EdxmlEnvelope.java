package org.kyso.xml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;
import org.kyso.xml.internal.Layouts;
import org.kyso.xml.internal.SecureXml;

/**
 * edXML messages (QCVN 102:2016/BTTTT).
 *
 * <p>The standard's form, as exchanged between document systems: a root {@code edXML} holding {@code edXMLEnvelope}
 * (header and manifest) and, beside it, {@code AttachmentEncoded/Attachment} with each attachment inline in base64,
 * named by a {@code ContentId} such as {@code cid:209}: {@link #build}, {@link #inlineAttachments}, {@link #unpack}.
 *
 * <p>kyso's earlier form, kept for compatibility (the standard does not describe it): a root {@code edXMLEnvelope}
 * whose attachments travel as separate files named by their content id: {@link #attachmentIds}, {@link
 * #readAttachments}.
 */
public final class EdxmlEnvelope {
  /** The namespace of QCVN 102:2016. */
  public static final String NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016";
  private static final java.time.format.DateTimeFormatter DMY = java.time.format.DateTimeFormatter
      .ofPattern("dd/MM/yyyy");
  private static final java.time.format.DateTimeFormatter YMD = java.time.format.DateTimeFormatter
      .ofPattern("yyyy/MM/dd");
  private static final java.time.format.DateTimeFormatter STAMP = java.time.format.DateTimeFormatter
      .ofPattern("yyyy/MM/dd HH:mm:ss");

  private EdxmlEnvelope() {}

  /**
   * An unsigned edXML message in the standard's form: {@code edXML/edXMLEnvelope/edXMLHeader/MessageHeader} from
   * {@code header} (dates as the standard's samples write them: {@code 30/10/2020} in PromulgationInfo,
   * {@code 2020/10/30} in DocumentId, {@code 2020/10/30 09:15:00} in TraceHeader), a manifest listing each attachment,
   * and each attachment inline in {@code AttachmentEncoded}. Sign it with the {@code EDXML} profile.
   *
   * @throws IllegalArgumentException if two attachments share a content id
   */
  public static byte[] build(EdxmlHeader header, java.util.List<EdxmlAttachment> attachments) {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(attachments, "attachments");
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (EdxmlAttachment a : attachments) {
      if (!ids.add(a.contentId())) {
        throw new IllegalArgumentException("Two attachments share the content id " + a.contentId() + ".");
      }
    }
    org.w3c.dom.Document doc;
    try {
      javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      doc = f.newDocumentBuilder().newDocument();
    } catch (javax.xml.parsers.ParserConfigurationException e) {
      throw new IllegalStateException("no XML document builder", e);
    }
    org.w3c.dom.Element root = doc.createElementNS(NS, "edXML");
    root.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns", NS);
    doc.appendChild(root);
    org.w3c.dom.Element env = el(root, "edXML:edXMLEnvelope");
    env.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:edXML", NS);
    org.w3c.dom.Element hdr = el(env, "edXML:edXMLHeader");
    org.w3c.dom.Element mh = el(hdr, "edXML:MessageHeader");
    organ(el(mh, "edXML:From"), header.from());
    for (EdxmlHeader.Organ o : header.to()) {
      organ(el(mh, "edXML:To"), o);
    }
    String code = header.codeNumber() + "/" + header.codeNotation();
    text(mh, "edXML:DocumentId", header.from().id() + "," + YMD.format(header.promulgationDate()) + "," + code);
    org.w3c.dom.Element c = el(mh, "edXML:Code");
    text(c, "edXML:CodeNumber", header.codeNumber());
    text(c, "edXML:CodeNotation", header.codeNotation());
    org.w3c.dom.Element pi = el(mh, "edXML:PromulgationInfo");
    text(pi, "edXML:Place", header.place());
    text(pi, "edXML:PromulgationDate", DMY.format(header.promulgationDate()));
    org.w3c.dom.Element dt = el(mh, "edXML:DocumentType");
    text(dt, "edXML:Type", Integer.toString(header.documentType()));
    text(dt, "edXML:TypeName", header.documentTypeName());
    text(mh, "edXML:Subject", header.subject());
    text(mh, "edXML:Content", header.content());
    org.w3c.dom.Element trace = el(hdr, "edXML:TraceHeaderList");
    org.w3c.dom.Element th = el(trace, "edXML:TraceHeader");
    text(th, "edXML:OrganId", header.from().id());
    header.timestamp().ifPresent(t -> text(th, "edXML:Timestamp", STAMP.format(t)));
    org.w3c.dom.Element body = el(env, "edXML:edXMLBody");
    org.w3c.dom.Element manifest = el(body, "edXML:edXMLManifest");
    manifest.setAttribute("version", "1.0");
    for (EdxmlAttachment a : attachments) {
      org.w3c.dom.Element r = el(manifest, "edXML:Reference");
      text(r, "edXML:ContentId", a.contentId());
      text(r, "edXML:ContentType", a.contentType());
      text(r, "edXML:Description", a.name());
      text(r, "edXML:AttachmentName", a.name());
    }
    org.w3c.dom.Element enc = el(root, "AttachmentEncoded");
    for (EdxmlAttachment a : attachments) {
      org.w3c.dom.Element at = el(enc, "Attachment");
      text(at, "ContentId", a.contentId());
      text(at, "AttachmentName", a.name());
      text(at, "Description", a.name());
      text(at, "ContentType", a.contentType());
      text(at, "edXML:ContentTransferEncoded", java.util.Base64.getEncoder().encodeToString(a.content()));
    }
    return SecureXml.write(doc);
  }

  private static org.w3c.dom.Element el(org.w3c.dom.Element parent, String qname) {
    org.w3c.dom.Element e = parent.getOwnerDocument().createElementNS(NS, qname);
    parent.appendChild(e);
    return e;
  }

  private static void text(org.w3c.dom.Element parent, String qname, String value) {
    el(parent, qname).setTextContent(value);
  }

  private static void organ(org.w3c.dom.Element e, EdxmlHeader.Organ o) {
    text(e, "edXML:OrganId", o.id());
    text(e, "edXML:OrganName", o.name());
  }

  /**
   * The attachments carried inline in {@code AttachmentEncoded/Attachment}, in document order (none for kyso's
   * earlier form).
   *
   * @throws DocumentException if the bytes are not well-formed XML, or an attachment has no content id or its
   *     content is not base64
   */
  public static java.util.List<EdxmlAttachment> inlineAttachments(byte[] message) throws DocumentException {
    org.w3c.dom.Document doc = SecureXml.parse(Objects.requireNonNull(message, "message"), "edXML message");
    java.util.List<EdxmlAttachment> out = new java.util.ArrayList<>();
    for (org.w3c.dom.Element a : Layouts.byLocalName(doc, "Attachment")) {
      if (!(a.getParentNode() instanceof org.w3c.dom.Element p) || !"AttachmentEncoded".equals(p.getLocalName())) {
        continue;
      }
      String cid = childText(a, "ContentId");
      String name = childText(a, "AttachmentName");
      String type = childText(a, "ContentType");
      String data = childText(a, "ContentTransferEncoded");
      if (cid == null || data == null) {
        throw new DocumentException("An inline edXML attachment has no ContentId or no ContentTransferEncoded.");
      }
      byte[] bytes;
      try {
        bytes = java.util.Base64.getMimeDecoder().decode(data.strip());
      } catch (IllegalArgumentException e) {
        throw new DocumentException("The content of the edXML attachment " + cid + " is not base64.", e);
      }
      try {
        out.add(new EdxmlAttachment(cid, name == null ? cid.substring(4) : name,
            type == null ? "application/octet-stream" : type, bytes));
      } catch (IllegalArgumentException e) {
        throw new DocumentException("The edXML attachment id " + cid + " is not usable: " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static String childText(org.w3c.dom.Element parent, String localName) {
    org.w3c.dom.Element e = Layouts.child(parent, localName);
    return e == null ? null : e.getTextContent().strip();
  }

  /**
   * Writes each inline attachment of {@code message} into {@code folder} (created when missing) under its
   * AttachmentName reduced to a plain file name; a name already used gets the content id in front.
   *
   * @return the files written, in document order
   * @throws FileAccessException if the message cannot be read or a file cannot be written
   * @throws DocumentException if the message is not an edXML message kyso can read
   */
  public static java.util.List<Path> unpack(Path message, Path folder) throws KysoException {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(folder, "folder");
    java.util.List<EdxmlAttachment> all = inlineAttachments(read(message));
    java.util.List<Path> out = new java.util.ArrayList<>();
    try {
      Files.createDirectories(folder);
      java.util.Set<String> used = new java.util.HashSet<>();
      for (EdxmlAttachment a : all) {
        String name = plainName(a.name());
        if (!used.add(name)) {
          name = plainName(a.contentId().substring(4) + "-" + name);
          used.add(name);
        }
        Path target = folder.resolve(name);
        org.kyso.core.internal.io.AtomicOutput.write(target, "The attachment", a.content());
        out.add(target);
      }
    } catch (IOException e) {
      throw new FileAccessException("The attachments cannot be written to " + folder + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** A file name without folders or characters file systems refuse; never empty, never hidden. */
  static String plainName(String name) {
    String n = name.replace('\\', '/');
    n = n.substring(n.lastIndexOf('/') + 1).replaceAll("[\\x00-\\x1f:*?\"<>|]", "_").strip();
    while (n.startsWith(".")) {
      n = n.substring(1);
    }
    return n.isEmpty() ? "attachment" : n;
  }

  /**
   * The content ids the envelope refers to as {@code cid:ID} (outside any signature), in document order.
   *
   * @throws DocumentException if the bytes are not well-formed XML (or declare a DTD)
   */
  public static Set<String> attachmentIds(byte[] envelope) throws DocumentException {
    return Layouts.listedAttachments(SecureXml.parse(Objects.requireNonNull(envelope, "envelope"), "envelope"));
  }

  /**
   * Reads every attachment the envelope lists from the envelope's folder.
   *
   * @return content id to bytes, in the envelope's order
   * @throws FileAccessException if the envelope or an attachment file is missing or unreadable
   * @throws DocumentException if the envelope is not XML, or a content id is not a plain file name
   */
  public static Map<String, byte[]> readAttachments(Path envelopeFile) throws KysoException {
    Objects.requireNonNull(envelopeFile, "envelopeFile");
    byte[] envelope = read(envelopeFile);
    Path folder = envelopeFile.toAbsolutePath().getParent();
    Map<String, byte[]> out = new LinkedHashMap<>();
    if ("edXML".equals(SecureXml.parse(envelope, envelopeFile.getFileName().toString()).getDocumentElement()
        .getLocalName())) {
      return out; // the standard's form carries its attachments inline
    }
    for (String id : attachmentIds(envelope)) {
      Path p = folder.resolve(id).normalize();
      if (!folder.equals(p.getParent()) || id.contains("/") || id.contains("\\")) {
        throw new DocumentException("The attachment id '" + id + "' is not a plain file name; kyso reads"
            + " attachments only from the envelope's folder.");
      }
      out.put(id, read(p));
    }
    return out;
  }

  private static byte[] read(Path p) throws FileAccessException {
    try {
      return Files.readAllBytes(p);
    } catch (NoSuchFileException e) {
      throw new FileAccessException("The file " + p + " does not exist.", e);
    } catch (IOException e) {
      throw new FileAccessException("The file " + p + " cannot be read: " + e.getMessage(), e);
    }
  }
}
