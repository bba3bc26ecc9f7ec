package org.kyso.xml.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.kyso.core.DocumentException;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses and writes XML safely: no DTD at all (which refuses external entities and entity-expansion bombs before
 * anything is expanded), no XInclude, no external schema or stylesheet access, JDK secure-processing limits.
 */
public final class SecureXml {
  /** The deepest element nesting kyso accepts. */
  public static final int MAX_DEPTH = 500;
  private static final ThreadLocal<DocumentBuilder> BUILDERS = ThreadLocal.withInitial(SecureXml::newBuilder);

  private SecureXml() {}

  /**
   * Parses {@code bytes} into a namespace-aware DOM.
   *
   * @throws DocumentException if the bytes are not well-formed XML or declare a DTD
   */
  public static Document parse(byte[] bytes, String name) throws DocumentException {
    if (bytes.length == 0) {
      throw new DocumentException("The file " + name + " is empty, not an XML document.");
    }
    DocumentBuilder b = BUILDERS.get();
    b.reset();
    b.setErrorHandler(SILENT);
    try {
      InputSource in = new InputSource(new ByteArrayInputStream(bytes));
      in.setSystemId("");
      return b.parse(in);
    } catch (SAXParseException e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("maxElementDepth") || m.contains("elementAttributeLimit")) {
        throw new DocumentException("The file " + name + " nests elements deeper than " + MAX_DEPTH
            + " levels or has too many attributes on one element; kyso refuses it.", e);
      }
      if (m.contains("DOCTYPE")) {
        throw new DocumentException("The file " + name + " declares a DTD (DOCTYPE); kyso refuses DTDs and entity"
            + " declarations in XML because they allow external-entity and entity-expansion attacks.", e);
      }
      throw new DocumentException("The file " + name + " is not well-formed XML (line " + e.getLineNumber()
          + "): " + oneLine(m), e);
    } catch (SAXException e) {
      throw new DocumentException("The file " + name + " is not well-formed XML: " + oneLine(e.getMessage()), e);
    } catch (IOException e) {
      throw new DocumentException("The file " + name + " cannot be read as XML: " + oneLine(e.getMessage()), e);
    }
  }

  /** Serialises a document (or node) without changing its content: no indentation, UTF-8, XML declaration. */
  public static byte[] write(Node node) {
    try {
      TransformerFactory tf = TransformerFactory.newInstance();
      tf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
      Transformer t = tf.newTransformer();
      t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      t.setOutputProperty(OutputKeys.INDENT, "no");
      t.setOutputProperty(OutputKeys.METHOD, "xml");
      if (node instanceof Document d) {
        d.setXmlStandalone(true);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      t.transform(new DOMSource(node), new StreamResult(out));
      return out.toByteArray();
    } catch (TransformerException e) {
      throw new IllegalStateException("cannot serialise the XML document", e);
    }
  }

  private static DocumentBuilder newBuilder() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      // bounded nesting: deep documents exhaust stacks in DOM walkers (ours and DSS's) long before memory
      f.setAttribute("jdk.xml.maxElementDepth", String.valueOf(MAX_DEPTH));
      f.setAttribute("jdk.xml.elementAttributeLimit", "1000");
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      f.setValidating(false);
      return f.newDocumentBuilder();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK XML parser does not support secure processing", e);
    }
  }

  static String oneLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    // the JDK's parser codes ("JAXP00010002: ") and its double spaces are not for readers
    String l = s.strip().lines().findFirst().orElse("").replaceAll("\\bJAXP\\d+:\\s*", "")
        .replaceAll("\\s{2,}", " ").strip();
    return l.length() > 160 ? l.substring(0, 160) + "…" : l;
  }

  private static final ErrorHandler SILENT = new ErrorHandler() {
    @Override
    public void warning(SAXParseException e) {}

    @Override
    public void error(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }
  };
}
