package org.kyso.pdf;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.kyso.core.KysoException;
import org.kyso.core.SigningBatch;
import org.kyso.core.TokenException;

/**
 * Signs many PDF files with one {@link PdfSigner}, keeping the key busy: the disk's waits are taken off the
 * threads that sign.
 *
 * <pre>{@code
 * PdfBatch batch = PdfBatch.builder(signer).jobs(1).build();
 * List<PdfBatch.Outcome> outcomes = batch.sign(List.of(new PdfBatch.Task(in, out), ...));
 * }</pre>
 *
 * <p>{@link Builder#jobs(int) jobs} threads each sign one document at a time from file to file: read it, check the
 * signer's certificate, prepare the digest, have the key sign it, embed the value (checked against the certificate)
 * and write the temporary file; other threads, which only wait, force each file to disk and move it into place. With
 * {@code jobs(1)} the batch keeps one processor busy, as a single-threaded loop would, without waiting for the disk.
 *
 * <p>Files over {@value #PIPELINED_MAX_MIB} MiB are signed whole by a working thread with
 * {@link PdfSigner#sign(Path, Path)}, with the same result and errors as a call of its own. At most
 * {@value #IN_FLIGHT_MIB} MiB of documents, and a few documents per job, wait in memory at once.
 *
 * <p>A failure affects its own file only: its {@link Outcome} carries the exception, and no output file is left
 * for it. A key that refuses to work for every file (a {@link TokenException} whose reason is not
 * {@link TokenException.Reason#FAILED}: wrong or locked PIN, token removed, authorisation expired) stops the
 * batch: the files not yet signed are not attempted and carry that same exception. Files already signed stay.
 *
 * <p>For a remote signing service (CSC), whose every call to the key is an authorised network request, prefer
 * two-step signing: {@link PdfSigner#prepare} every document, one {@code SigningKey.signDigests} call for all the
 * digests (one authorisation), then {@link PdfSigner#complete}, as {@code kyso sign batch} does.
 *
 * <p>Immutable and thread-safe; each {@link #sign} call runs its own threads and ends them before returning.
 *
 * <p>Now a PDF-only front of {@link SigningBatch}, which does the work for every format and every kind of key;
 * new code should use {@link SigningBatch} with {@link PdfSigner} as the {@link org.kyso.core.DocumentSigner}.
 */
public final class PdfBatch {
  /** Files larger than this are signed whole by a key thread (streamed by the fast path), not pipelined. */
  static final int PIPELINED_MAX_MIB = SigningBatch.PIPELINED_MAX_MIB;
  /** Memory held by documents waiting in the pipeline, at most. */
  static final int IN_FLIGHT_MIB = SigningBatch.IN_FLIGHT_MIB;

  private final PdfSigner signer;
  private final int jobs;
  private final Consumer<Outcome> listener;

  private PdfBatch(Builder b) {
    this.signer = b.signer;
    this.jobs = b.jobs;
    this.listener = b.listener;
  }

  /** A batch signing with {@code signer}, which must have been built from a key. */
  public static Builder builder(PdfSigner signer) {
    return new Builder(Objects.requireNonNull(signer, "signer"));
  }

  /** One file to sign, and where the signed file goes (it may be the same path). */
  public record Task(Path in, Path out) {
    public Task {
      Objects.requireNonNull(in, "in");
      Objects.requireNonNull(out, "out");
    }
  }

  /** What became of one task: {@code error} is null when the signed file was written. */
  public record Outcome(Task task, Exception error) {
    /** Whether the signed file was written. */
    public boolean signed() {
      return error == null;
    }
  }

  /**
   * Signs every task and returns their outcomes in the order of {@code tasks}. Returns once every task is done
   * and the batch's threads have ended.
   *
   * @throws InterruptedException if the calling thread is interrupted; the batch's threads end before this is
   *     thrown (a document the key is signing is finished or dropped), and no partial file is left
   * @throws IllegalStateException if the signer was built from a certificate chain only
   */
  public List<Outcome> sign(List<Task> tasks) throws InterruptedException {
    Objects.requireNonNull(tasks, "tasks");
    signer.requireKey();
    List<Task> copy = List.copyOf(tasks);
    List<SigningBatch.Task> general = copy.stream().map(t -> new SigningBatch.Task(t.in(), t.out(), signer)).toList();
    java.util.Map<SigningBatch.Task, Integer> index = new java.util.IdentityHashMap<>();
    for (int i = 0; i < general.size(); i++) {
      index.put(general.get(i), i);
    }
    SigningBatch.Builder b = SigningBatch.builder(signer.key()).jobs(jobs);
    if (listener != null) {
      b.listener(o -> listener.accept(new Outcome(copy.get(index.get(o.task())), o.error())));
    }
    List<SigningBatch.Outcome> outcomes;
    try {
      outcomes = b.build().sign(general);
    } catch (KysoException e) {
      // a remote key's transaction failed as a whole: no file was written
      return copy.stream().map(t -> new Outcome(t, e)).toList();
    }
    List<Outcome> out = new java.util.ArrayList<>(copy.size());
    for (int i = 0; i < copy.size(); i++) {
      out.add(new Outcome(copy.get(i), outcomes.get(i).error()));
    }
    return List.copyOf(out);
  }

  /** Builds a {@link PdfBatch}. */
  public static final class Builder {
    private final PdfSigner signer;
    private int jobs = 1;
    private Consumer<Outcome> listener;

    private Builder(PdfSigner signer) {
      this.signer = signer;
    }

    /**
     * How many documents are signed at once, each on its own thread (default 1), so also how many threads use the key
     * and how many processors are kept busy. More than one helps with keys that sign in parallel: a PKCS#12 key on a
     * machine with spare cores, an HSM; a USB token signs one document at a time anyway.
     */
    public Builder jobs(int jobs) {
      if (jobs < 1 || jobs > 64) {
        throw new IllegalArgumentException("jobs must be from 1 to 64, not " + jobs + ".");
      }
      this.jobs = jobs;
      return this;
    }

    /**
     * Called once per task as soon as it is done (for a progress bar), one call at a time, from the batch's
     * threads. An exception it throws is ignored.
     */
    public Builder listener(Consumer<Outcome> listener) {
      this.listener = listener;
      return this;
    }

    public PdfBatch build() {
      return new PdfBatch(this);
    }
  }
}
