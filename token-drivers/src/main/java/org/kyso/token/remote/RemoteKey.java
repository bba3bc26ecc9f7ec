package org.kyso.token.remote;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.kyso.core.KysoException;
import org.kyso.core.PreparedSignature;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;
import org.kyso.token.KeyOptions;
import org.kyso.token.internal.JcaDigestSigner;
import org.kyso.token.internal.remote.ServiceErrors;

/**
 * A key at a remote signing service where the user approves in an app ({@link RemoteKeys}). As a plain
 * {@link SigningKey}, {@link #signDigests} sends all digests as one transaction (one approval) and waits for it,
 * without durable storage. For work that must survive a restart, use {@link RemoteSigning} with a
 * {@link TransactionStore} and the two-step API of the format modules. Closing the key closes the service client.
 */
public final class RemoteKey implements SigningKey {
  private final RemoteSigningService service;
  private final RemoteSigning inMemory;
  private volatile boolean closed;

  RemoteKey(RemoteSigningService service, KeyOptions options) {
    this.service = Objects.requireNonNull(service, "service");
    this.inMemory = RemoteSigning.builder(TransactionStore.inMemory()).approvalTimeout(options.approvalTimeout())
        .pollInterval(options.pollInterval()).listener(options.approvalListener()).build();
  }

  /** Wraps a service client, e.g. one written for another provider. */
  public static RemoteKey of(RemoteSigningService service, KeyOptions options) {
    return new RemoteKey(service, Objects.requireNonNull(options, "options"));
  }

  /** The service this key signs at. */
  public RemoteSigningService service() {
    return service;
  }

  /** True when the service answers with complete CMS signatures ({@link RemoteSigningService#answersWithCms()}). */
  public boolean answersWithCms() {
    return service.answersWithCms();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException if the service issues the certificate only when signing (CMS answers)
   */
  @Override
  public X509Certificate certificate() {
    if (service.certificateChain().isEmpty()) {
      throw new IllegalStateException(ServiceErrors.cap(service.describe())
          + " issues the certificate only when signing: sign PDFs with PdfCmsSigner.");
    }
    return service.certificateChain().get(0);
  }

  @Override
  public List<X509Certificate> certificateChain() {
    return service.certificateChain();
  }

  @Override
  public byte[] signDigest(SignatureAlgorithm algorithm, byte[] digest) throws KysoException {
    return signDigests(algorithm, List.of(Objects.requireNonNull(digest, "digest"))).get(0);
  }

  @Override
  public List<byte[]> signDigests(SignatureAlgorithm algorithm, List<byte[]> digests) throws KysoException {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(digests, "digests");
    if (closed) {
      throw new IllegalStateException("This key was closed.");
    }
    if (service.answersWithCms()) {
      throw new org.kyso.core.TokenException(org.kyso.core.TokenException.Reason.UNSUPPORTED,
          ServiceErrors.cap(service.describe()) + " answers with complete CMS signatures, not raw signature values:"
          + " sign PDFs with PdfCmsSigner.");
    }
    if (algorithm.keyType() != keyType()) {
      throw new IllegalArgumentException(algorithm + " does not fit a " + keyType() + " key.");
    }
    for (byte[] d : digests) {
      JcaDigestSigner.checkDigest(algorithm, d);
    }
    if (digests.isEmpty()) {
      return List.of();
    }
    Instant now = Instant.now();
    List<RemoteSigning.Item> items = new ArrayList<>(digests.size());
    for (int i = 0; i < digests.size(); i++) {
      items.add(new RemoteSigning.Item(digests.size() == 1 ? "document" : "document " + (i + 1),
          new PreparedSignature(digests.get(i), algorithm, now)));
    }
    String intent = "in-memory " + System.identityHashCode(items) + " " + System.nanoTime();
    RemoteSigning.Result r = inMemory.sign(this, intent, () -> items);
    inMemory.completed(r.transaction());
    return r.signatures();
  }

  /** Every use is an authorised request to the service: a batch sends all its digests in one transaction. */
  @Override
  public boolean remote() {
    return true;
  }

  @Override
  public void close() {
    closed = true;
    service.close();
  }

  @Override
  public String toString() {
    return "RemoteKey[" + service.describe() + (service.certificateChain().isEmpty() ? ""
        : ", " + certificate().getSubjectX500Principal().getName()) + "]";
  }
}
