package org.kyso.token.csc;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A signing credential (a key with its certificate) held by a CSC service, as {@code credentials/info} describes
 * it. Contains no secret.
 *
 * @param id the credential id
 * @param description the description, may be empty
 * @param keyEnabled true when the key's status is {@code enabled}
 * @param keyAlgorithms the key or signature algorithm OIDs the credential allows
 * @param keyLength the key length in bits, 0 when unknown
 * @param certificates the signer's certificate followed by its chain, as far as the service gives it
 * @param authMode how signatures are authorised
 * @param needsPin true when {@code credentials/authorize} needs a PIN
 * @param needsOtp true when it needs a one-time password
 * @param scal the Sole Control Assurance Level: 1, or 2 when the hashes must be known at authorisation
 * @param multisign how many signatures one authorisation allows (1 when the service does not say)
 */
public record CscCredential(String id, String description, boolean keyEnabled, List<String> keyAlgorithms,
    int keyLength, List<X509Certificate> certificates, AuthMode authMode, boolean needsPin, boolean needsOtp,
    int scal, int multisign) {

  /** How a credential's signatures are authorised. */
  public enum AuthMode {
    /** The service obtains the user's consent itself (e.g. on a phone); kyso waits for it. */
    IMPLICIT,
    /** kyso sends a PIN and/or OTP in {@code credentials/authorize}. */
    EXPLICIT,
    /** The user authorises in a browser (OAuth2 authorisation code): not supported by kyso. */
    OAUTH2_CODE
  }

  public CscCredential {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(description, "description");
    keyAlgorithms = List.copyOf(keyAlgorithms);
    certificates = List.copyOf(certificates);
    Objects.requireNonNull(authMode, "authMode");
  }

  /** The signer's certificate, when the service gave one. */
  public Optional<X509Certificate> certificate() {
    return certificates.isEmpty() ? Optional.empty() : Optional.of(certificates.get(0));
  }

  @Override
  public String toString() {
    return "CscCredential[" + id + certificate().map(c -> ", " + c.getSubjectX500Principal().getName()).orElse("")
        + ", " + authMode + (needsPin ? " PIN" : "") + (needsOtp ? " OTP" : "") + ", SCAL" + scal + "]";
  }
}
