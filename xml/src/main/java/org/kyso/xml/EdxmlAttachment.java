package org.kyso.xml;

import java.util.Objects;

/**
 * One attachment of an edXML message, carried inline in {@code AttachmentEncoded/Attachment} (QCVN 102:2016):
 * its content id ({@code cid:209}), file name, MIME type and bytes (base64 in the envelope).
 */
public record EdxmlAttachment(String contentId, String name, String contentType, byte[] content) {
  public EdxmlAttachment {
    Objects.requireNonNull(contentId, "contentId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(content, "content");
    if (!contentId.startsWith("cid:") || contentId.length() < 5 || contentId.contains("'")
        || contentId.contains("\"")) {
      throw new IllegalArgumentException("A content id looks like cid:209 (no quotes): " + contentId);
    }
    content = content.clone();
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  @Override
  public String toString() {
    return "EdxmlAttachment[" + contentId + ", " + name + ", " + contentType + ", " + content.length + " bytes]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EdxmlAttachment a && a.contentId.equals(contentId) && a.name.equals(name)
        && a.contentType.equals(contentType) && java.util.Arrays.equals(a.content, content);
  }

  @Override
  public int hashCode() {
    return Objects.hash(contentId, name, contentType, java.util.Arrays.hashCode(content));
  }
}
