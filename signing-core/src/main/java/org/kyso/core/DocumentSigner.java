package org.kyso.core;

import java.nio.file.Path;
import java.util.Objects;
import org.kyso.core.internal.io.InputFiles;

/**
 * Signs documents of one format (PDF, XML) with one key and one set of settings: what {@code PdfSigner} and
 * {@code XmlSigner} have in common, and what {@link SigningBatch} signs with.
 *
 * <p>One step: {@link #sign(Path, Path)} or {@link #sign(byte[])}. Two steps, for a key held elsewhere (a
 * browser, a remote signing service): {@link #prepare} gives the digest the key must sign and freezes the signing
 * time in a {@link PreparedSignature}; {@link #complete} takes the same document, that value and the signature
 * value. Only values pass between the steps.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface DocumentSigner {

  /**
   * Signs the file {@code in} into {@code out}, atomically: a temporary file in the output folder, moved into
   * place once complete; on any failure no output file is left. {@code out} may be {@code in}.
   *
   * @throws FileAccessException if {@code in} cannot be read or {@code out} cannot be written
   * @throws DocumentException if the document cannot be signed (malformed, not of this format)
   * @throws SignerCertificateException if the certificate cannot sign now
   * @throws TokenException if the key refuses to sign
   * @throws ServiceUnavailableException if a timestamp or revocation service cannot be reached
   * @throws IllegalStateException if this signer has no key (built for two-step signing only)
   */
  void sign(Path in, Path out) throws KysoException;

  /** Signs a document held in memory and returns the signed document; see {@link #sign(Path, Path)}. */
  byte[] sign(byte[] document) throws KysoException;

  /**
   * First step of a two-step signature: checks the document and the certificate, freezes the signing time and
   * computes the digest the key must sign with {@link PreparedSignature#algorithm()}. The key is not used.
   */
  PreparedSignature prepare(byte[] document) throws KysoException;

  /**
   * Second step: the signed document from the same {@code document}, the value {@link #prepare} gave and the
   * signature value made over its digest (RSA: the PKCS#1 block; ECDSA: DER {@code SEQUENCE {r, s}}). The value is
   * checked against the signer's certificate first. Timestamps (B-T and up) are fetched now.
   */
  byte[] complete(byte[] document, PreparedSignature prepared, byte[] signatureValue) throws KysoException;

  /** The signature algorithm this signer's key signs with. */
  SignatureAlgorithm algorithm();

  /** The level of the signatures this signer makes. */
  Level level();

  /**
   * {@link #prepare(byte[])} of the file {@code in}, read now and not kept: a batch holds only the small
   * {@link PreparedSignature} of each document while it waits for a remote service. A format that names the
   * document in its signature (a detached XML signature) uses the file's name.
   */
  default PreparedSignature prepare(Path in) throws KysoException {
    return prepare(InputFiles.read(Objects.requireNonNull(in, "in")));
  }

  /**
   * {@link #complete(byte[], PreparedSignature, byte[])} of the file {@code in}, read again now, written to
   * {@code out} atomically. A file changed since {@link #prepare(Path)} fails the check of the signature value, and
   * nothing is written.
   */
  default void complete(Path in, PreparedSignature prepared, byte[] signatureValue, Path out) throws KysoException {
    Objects.requireNonNull(out, "out");
    byte[] signed = complete(InputFiles.read(Objects.requireNonNull(in, "in")), prepared, signatureValue);
    org.kyso.core.internal.io.AtomicOutput.write(out, "The signed file", signed);
  }

  /**
   * Reads and prepares {@code in} for a pipeline: the result holds the digest to sign and what finishing needs,
   * so that one thread prepares documents while another only uses the key and a third writes them. The default
   * reads the file into memory and finishes with {@link #complete(byte[], PreparedSignature, byte[])}; a format may
   * keep less or do less work per document.
   */
  default Pending begin(Path in, Path out) throws KysoException {
    return begin(in, readInput(in), out);
  }

  /**
   * Reads {@code in} into memory as {@link #begin(Path, Path)} does, with this format's checks and sentences: a batch
   * reads its next documents on a thread of its own, so that the working threads do not wait for the file system.
   */
  default byte[] readInput(Path in) throws KysoException {
    return InputFiles.read(Objects.requireNonNull(in, "in"));
  }

  /** {@link #begin(Path, Path)} for a document already read by {@link #readInput}: {@code in} is not read again. */
  default Pending begin(Path in, byte[] document, Path out) throws KysoException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(out, "out");
    org.kyso.core.internal.io.AtomicOutput.checkWritable(out); // before the key is used
    PreparedSignature prepared = prepare(document);
    return new Pending() {
      @Override
      public PreparedSignature prepared() {
        return prepared;
      }

      @Override
      public void complete(byte[] signatureValue) throws KysoException {
        org.kyso.core.internal.io.AtomicOutput.write(out, "The signed file",
            DocumentSigner.this.complete(document, prepared, signatureValue));
      }
    };
  }

  /** A document read and prepared by {@link #begin}, waiting for its signature value. Completed at most once. */
  interface Pending {
    /** The digest to sign, its algorithm and the frozen signing time. */
    PreparedSignature prepared();

    /**
     * Embeds the signature value (checked against the signer's certificate) and writes the signed document to
     * the output given to {@link #begin}, atomically.
     */
    void complete(byte[] signatureValue) throws KysoException;

    /**
     * Whether {@link #complete} spends most of its time waiting for a timestamp authority (little CPU, little
     * memory beyond the document): a batch then runs it in a stage of its own with many requests in flight, so that
     * the TSA's latency neither holds the finishing threads nor serialises the batch. False by default.
     */
    default boolean waitsForTimestamp() {
      return false;
    }

    /**
     * {@link #complete} in two parts, for a batch that keeps its working threads off the disk: embeds the value
     * (checked against the signer's certificate) now, and returns what writes the signed document to its hidden
     * temporary file beside the output, forces it to disk and moves it into place, which the batch runs on a writing
     * thread. The default completes at once (writing included) and returns {@link Staged#DONE}. Completed at most
     * once, by this or by {@link #complete}.
     */
    default Staged stage(byte[] signatureValue) throws KysoException {
      complete(signatureValue);
      return Staged.DONE;
    }
  }

  /**
   * A signed document made by {@link Pending#stage}, not yet in place: {@link #commit()} writes it (through a hidden
   * temporary file beside the output, forced to disk, then moved into place), {@link #discard()} leaves no file.
   * Exactly one of them is called.
   */
  interface Staged {
    /** A document already in place: nothing left to do. */
    Staged DONE = new Staged() {
      @Override
      public void commit() {}

      @Override
      public void discard() {}
    };

    /**
     * Writes the file (what is not written yet), forces it to disk and moves it over the output.
     *
     * @throws FileAccessException if that fails; nothing is left behind and an existing output is kept
     */
    void commit() throws KysoException;

    /** Leaves the output as it was and no temporary file (the batch was interrupted). */
    void discard();
  }
}
