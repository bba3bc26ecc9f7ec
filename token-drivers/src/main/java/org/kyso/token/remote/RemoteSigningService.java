package org.kyso.token.remote;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.kyso.core.KysoException;
import org.kyso.core.SignatureAlgorithm;

/**
 * One account at a remote signing service where the user approves signatures in an app: the QĐ 769 interface,
 * VNPT SmartCA's gateway, Viettel MySign. Implementations only speak the protocol; {@link RemoteSigning} runs the
 * transaction (submit, wait, check, store durably) the same way for all of them.
 *
 * <p>Methods throw {@link org.kyso.core.TokenException} ({@code ACCESS_DENIED} for a refusal by the user, wrong
 * service credentials or a used-up quota), {@link org.kyso.core.ApprovalTimeoutException} when the service says the
 * request expired, and {@link org.kyso.core.ServiceUnavailableException} when it cannot be reached or fails.
 */
public interface RemoteSigningService extends AutoCloseable {

  /** Names the service for messages, e.g. "the QĐ 769 signing service at 127.0.0.1:8080". */
  String describe();

  /** Who signs at which service, without secrets: the key of stored transactions. */
  String identity();

  /**
   * The signer's certificate followed by the issuers the service gave. Empty for a service that issues a certificate
   * per signature and {@link #answersWithCms() answers with a CMS}: the certificate is then known only from the CMS.
   */
  List<X509Certificate> certificateChain();

  /**
   * True when the service is sent the document digest and answers with a complete CMS (PKCS#7) signature over it,
   * instead of a raw signature value over the digest kyso's own signed attributes make. Such keys sign PDFs through
   * {@code PdfCmsSigner}; kyso checks every CMS covers the digest sent, with the certificate it names.
   */
  default boolean answersWithCms() {
    return false;
  }

  /** How many hashes one sign request may carry. */
  int maxHashesPerRequest();

  /** A digest to sign and the name the user sees in the app (a file name). */
  record Hash(String name, byte[] digest) {
    public Hash {
      digest = digest.clone();
    }

    @Override
    public byte[] digest() {
      return digest.clone();
    }
  }

  /**
   * What a sign request gave back.
   *
   * @param reference the service's transaction id, used to ask for the result
   * @param shownCode a code the app shows so the user can match the request, when the service gives one
   * @param signatures the signature values, when the service signed at once
   */
  record Submitted(String reference, Optional<String> shownCode, Optional<List<byte[]>> signatures) {}

  /**
   * Sends one sign request for these hashes.
   *
   * @param ownReference kyso's id for this request, sent where the protocol has a field for it; unique
   * @param description the text the user sees in the app
   */
  Submitted submit(SignatureAlgorithm algorithm, List<Hash> hashes, String ownReference, String description)
      throws KysoException;

  /**
   * Asks once for the result of a request.
   *
   * @return the signature values in the order of {@code hashes}, or empty while the user has not approved yet
   */
  Optional<List<byte[]>> poll(Submitted request, SignatureAlgorithm algorithm, List<Hash> hashes) throws KysoException;

  /**
   * True when {@link #poll} works with kyso's own reference alone, so that a run killed after sending the request
   * but before storing the service's answer can still resume it (QĐ 769: the SP names the transaction).
   */
  default boolean pollsByOwnReference() {
    return false;
  }

  @Override
  void close();
}
