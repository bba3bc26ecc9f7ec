package org.kyso.core.internal.revocation;

/** Whether revocation data may be fetched from the network. */
public enum RevocationMode {
  /** OCSP responses and CRLs are fetched from the addresses in the certificates, and cached. */
  ONLINE,
  /** Nothing is fetched: only the revocation data embedded in the document is used. */
  OFFLINE
}
