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
 * Helpers for edXML envelopes whose attachments travel as separate files: which content ids an envelope lists, and
 * reading them from the envelope's folder (a file named as the content id, e.g. {@code cid:15-QD-UBND.pdf} is read
 * from {@code 15-QD-UBND.pdf} next to the envelope). Used by the command line for {@code --profile edxml}.
 */
public final class EdxmlEnvelope {
  private EdxmlEnvelope() {}

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
