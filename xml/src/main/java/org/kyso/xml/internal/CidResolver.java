package org.kyso.xml.internal;

import java.util.Map;
import org.apache.xml.security.signature.XMLSignatureInput;
import org.apache.xml.security.utils.resolver.ResourceResolverContext;
import org.apache.xml.security.utils.resolver.ResourceResolverException;
import org.apache.xml.security.utils.resolver.ResourceResolverSpi;

/** Resolves {@code cid:CONTENT-ID} references to attachment bytes given in memory; nothing else. */
final class CidResolver extends ResourceResolverSpi {
  private final Map<String, byte[]> attachments;

  CidResolver(Map<String, byte[]> attachments) {
    this.attachments = Map.copyOf(attachments);
  }

  @Override
  public boolean engineCanResolveURI(ResourceResolverContext context) {
    String uri = context.uriToResolve;
    return uri != null && uri.startsWith("cid:") && attachments.containsKey(uri.substring(4));
  }

  @Override
  public XMLSignatureInput engineResolveURI(ResourceResolverContext context) throws ResourceResolverException {
    byte[] content = attachments.get(context.uriToResolve.substring(4));
    XMLSignatureInput in = new XMLSignatureInput(content.clone());
    in.setSourceURI(context.uriToResolve);
    return in;
  }
}
