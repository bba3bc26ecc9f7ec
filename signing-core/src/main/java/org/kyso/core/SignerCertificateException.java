package org.kyso.core;

/**
 * The signer's certificate cannot produce a signature that will verify: expired, not yet valid, revoked,
 * or without the key usage the task needs. Raised before anything is signed.
 */
public class SignerCertificateException extends KysoException {
  private static final long serialVersionUID = 1L;

  public SignerCertificateException(String message) {
    super(message);
  }

  public SignerCertificateException(String message, Throwable cause) {
    super(message, cause);
  }
}
