package org.kyso.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.kyso.core.internal.tsp.TimestampVerifier;
import org.kyso.core.internal.tsp.TspClient;

/**
 * Standalone RFC 3161 timestamps of any file: obtain a {@code .tsr} (the TimeStampResp that {@code openssl ts
 * -reply} writes and reads) and check one against the file later.
 *
 * <pre>{@code
 * Timestamps tsa = Timestamps.using(TimestampService.of(URI.create("http://tsa.example/tsr")));
 * tsa.timestamp(Path.of("bien-ban.zip"), Path.of("bien-ban.zip.tsr"));
 * TimestampCheck check = Timestamps.verify(Path.of("bien-ban.zip.tsr"), Path.of("bien-ban.zip"), trust);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Timestamps {
  private final TimestampService service;
  private final TspClient client;

  private Timestamps(TimestampService service) {
    this.service = service;
    this.client = new TspClient(service);
  }

  /** Timestamps obtained from {@code service}'s TSAs, tried in order. */
  public static Timestamps using(TimestampService service) {
    return new Timestamps(Objects.requireNonNull(service, "service"));
  }

  /**
   * Timestamps the content of {@code file} (its digest with the service's algorithm is sent, never the file).
   *
   * @return the TSA's answer, a DER-encoded TimeStampResp holding the token
   * @throws FileAccessException if the file is missing or unreadable
   * @throws ServiceUnavailableException if no TSA gave a valid answer
   */
  public byte[] timestamp(Path file) throws KysoException {
    Objects.requireNonNull(file, "file");
    byte[] digest = TimestampVerifier.digest(file, service.digest().jcaName());
    return timestampDigest(service.digest(), digest);
  }

  /**
   * Timestamps a digest computed elsewhere.
   *
   * @return a DER-encoded TimeStampResp
   * @throws IllegalArgumentException if the digest length does not fit the algorithm
   * @throws ServiceUnavailableException if no TSA gave a valid answer
   */
  public byte[] timestampDigest(DigestAlgorithm algorithm, byte[] digest) throws ServiceUnavailableException {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(digest, "digest");
    if (digest.length != algorithm.length()) {
      throw new IllegalArgumentException("A " + algorithm.jcaName() + " digest has " + algorithm.length()
          + " bytes, not " + digest.length + ".");
    }
    return client.timestamp(algorithm.oid(), digest).response().clone();
  }

  /**
   * Timestamps {@code file} and writes the answer to {@code tsr}, atomically: on any failure no {@code tsr} file is
   * left (an existing one is kept unchanged).
   *
   * @throws FileAccessException if the file cannot be read or the output cannot be written
   * @throws ServiceUnavailableException if no TSA gave a valid answer
   */
  public void timestamp(Path file, Path tsr) throws KysoException {
    Objects.requireNonNull(tsr, "tsr");
    if (Files.exists(tsr) && Files.exists(file)) {
      try {
        if (Files.isSameFile(file, tsr)) {
          throw new IllegalArgumentException("The timestamp cannot overwrite the file it timestamps.");
        }
      } catch (IOException e) {
        throw new FileAccessException("The file " + tsr + " cannot be read.", e);
      }
    }
    org.kyso.core.internal.io.AtomicOutput.checkWritable(tsr); // before the TSA is asked
    byte[] answer = timestamp(file);
    org.kyso.core.internal.io.AtomicOutput.write(tsr, "The timestamp", answer);
  }

  /**
   * Checks a timestamp ({@code .tsr} TimeStampResp, or a bare token as {@code openssl ts -reply -token_out}
   * writes) against the file it should cover: the file's digest matches the token's message imprint, the token's
   * signature verifies, and the TSA certificate has the timeStamping usage, was valid at the token's time and
   * chains to {@code trust}. The TSA certificate's revocation status is not checked.
   *
   * @throws FileAccessException if either file is missing or unreadable
   * @throws DocumentException if {@code tsr} holds no timestamp token
   */
  public static TimestampCheck verify(Path tsr, Path data, TrustAnchors trust) throws KysoException {
    Objects.requireNonNull(tsr, "tsr");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(tsr);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new FileAccessException("The file " + tsr + " does not exist.", e);
    } catch (IOException e) {
      throw new FileAccessException("The file " + tsr + " cannot be read.", e);
    }
    return verify(bytes, tsr.getFileName().toString(), data, trust);
  }

  /** As {@link #verify(Path, Path, TrustAnchors)}, with the timestamp's bytes. */
  public static TimestampCheck verify(byte[] tsr, Path data, TrustAnchors trust) throws KysoException {
    return verify(tsr, "the timestamp", data, trust);
  }

  private static TimestampCheck verify(byte[] tsr, String name, Path data, TrustAnchors trust)
      throws KysoException {
    Objects.requireNonNull(tsr, "tsr");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(trust, "trust");
    return TimestampVerifier.verify(tsr, name, data, trust);
  }

  @Override
  public String toString() {
    return "Timestamps[" + service + "]";
  }
}
