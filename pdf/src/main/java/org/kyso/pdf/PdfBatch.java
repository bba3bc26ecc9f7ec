package org.kyso.pdf;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.kyso.core.KysoException;
import org.kyso.core.TokenException;
import org.kyso.pdf.internal.fast.FastPadesSigner;
import org.kyso.pdf.internal.fast.FastPathUnsupportedException;

/**
 * Signs many PDF files with one {@link PdfSigner}, keeping the key busy: while the key signs one document, the
 * next one is read, planned and digested, and the previous one is written out.
 *
 * <pre>{@code
 * PdfBatch batch = PdfBatch.builder(signer).jobs(1).build();
 * List<PdfBatch.Outcome> outcomes = batch.sign(List.of(new PdfBatch.Task(in, out), ...));
 * }</pre>
 *
 * <p>Three stages run at once: the calling thread reads each file, checks the signer's certificate and prepares
 * the digest; {@link Builder#jobs(int) jobs} threads use the key, and nothing else; one thread embeds each
 * signature value (checked against the certificate), then writes the file atomically (a temporary file moved into
 * place). With {@code jobs(1)} the key is used by one thread at a time, as by a single-threaded loop, but the
 * reading and writing of other documents overlap with it.
 *
 * <p>This overlap applies to what {@link PdfSigner}'s fast path signs (PAdES B-B, invisible, not certifying) on
 * files up to {@value #PIPELINED_MAX_MIB} MiB. Any other document or setting is signed whole by a key thread with
 * {@link PdfSigner#sign(Path, Path)}, with the same result and errors as a call of its own. At most
 * {@value #IN_FLIGHT_MIB} MiB of documents, and a few documents per key thread, wait in memory at once.
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
 */
public final class PdfBatch {
  /** Files larger than this are signed whole by a key thread (streamed by the fast path), not pipelined. */
  static final int PIPELINED_MAX_MIB = 4;
  /** Memory held by documents waiting in the pipeline, at most. */
  static final int IN_FLIGHT_MIB = 64;

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
    Run run = new Run(List.copyOf(tasks));
    return run.execute();
  }

  /** One {@link #sign} call: its threads, its memory budget, its results. */
  private final class Run {
    private final List<Task> tasks;
    private final Outcome[] outcomes;
    private final CountDownLatch done;
    private final Semaphore memory = new Semaphore(IN_FLIGHT_MIB << 10);
    /**
     * Documents between reading and writing, at most: enough to keep the key busy, few enough that the garbage
     * collector does not copy a backlog of waiting documents over and over.
     */
    private final Semaphore slots;
    private final AtomicReference<TokenException> stop = new AtomicReference<>();
    private final ExecutorService keyThreads;
    private final ExecutorService writer;

    Run(List<Task> tasks) {
      this.tasks = tasks;
      this.outcomes = new Outcome[tasks.size()];
      this.done = new CountDownLatch(tasks.size());
      this.keyThreads = Executors.newFixedThreadPool(jobs, threads("kyso-batch-key"));
      this.writer = Executors.newSingleThreadExecutor(threads("kyso-batch-write"));
      this.slots = new Semaphore(4 * jobs + 4);
    }

    List<Outcome> execute() throws InterruptedException {
      FastPadesSigner fast = signer.fastSigner();
      try {
        for (int i = 0; i < tasks.size(); i++) {
          int index = i;
          if (stop.get() != null) {
            finish(index, stop.get(), 0);
            continue;
          }
          byte[] pdf = fast == null ? null : readSmall(tasks.get(index).in());
          if (pdf == null) {
            keyThreads.execute(() -> whole(index));
            continue;
          }
          int permits = Math.max(1, Math.min(IN_FLIGHT_MIB << 10, pdf.length >> 10));
          slots.acquire();
          memory.acquire(permits);
          start(fast, index, pdf, permits);
        }
        done.await();
      } finally {
        keyThreads.shutdown();
        writer.shutdown();
        boolean interrupted = Thread.interrupted();
        while (true) {
          try {
            // tasks already with the key or the writer finish: nothing half-written is left behind
            keyThreads.awaitTermination(1, java.util.concurrent.TimeUnit.DAYS);
            writer.awaitTermination(1, java.util.concurrent.TimeUnit.DAYS);
            break;
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      return List.copyOf(Arrays.asList(outcomes));
    }

    /** First stage, on the calling thread: certificate check, plan and digest; then off to the key. */
    private void start(FastPadesSigner fast, int i, byte[] pdf, int permits) {
      Task task = tasks.get(i);
      FastPadesSigner.Pending pending;
      Instant time = signer.now();
      try {
        signer.checkCertificate(time);
        pending = fast.begin(pdf, time);
      } catch (FastPathUnsupportedException e) {
        memory.release(permits);
        slots.release();
        keyThreads.execute(() -> whole(i));
        return;
      } catch (KysoException | RuntimeException e) {
        finish(i, e, permits);
        return;
      }
      keyThreads.execute(() -> {
        byte[] value;
        try {
          if (stop.get() != null) {
            finish(i, stop.get(), permits);
            return;
          }
          value = fast.signatureValue(pending);
        } catch (KysoException | RuntimeException e) {
          noteStop(e);
          finish(i, e, permits);
          return;
        }
        try {
          writer.execute(() -> {
            try {
              fast.finish(pending, value, task.out());
              finish(i, null, permits);
            } catch (KysoException | RuntimeException e) {
              finish(i, e, permits);
            }
          });
        } catch (java.util.concurrent.RejectedExecutionException e) {
          // the batch was interrupted and the writer has stopped: this document is dropped, nothing was written
          finish(i, new java.util.concurrent.CancellationException("The batch was interrupted."), permits);
        }
      });
    }

    /** A document outside the pipeline: signed whole by a key thread, exactly as a single call would. */
    private void whole(int i) {
      Task task = tasks.get(i);
      Exception error = stop.get();
      if (error == null) {
        try {
          signer.sign(task.in(), task.out());
        } catch (KysoException | RuntimeException e) {
          noteStop(e);
          error = e;
        }
      }
      finish(i, error, 0);
    }

    private void noteStop(Exception e) {
      if (e instanceof TokenException t && t.reason() != TokenException.Reason.FAILED) {
        stop.compareAndSet(null, t);
      }
    }

    private void finish(int i, Exception error, int permits) {
      Outcome o = new Outcome(tasks.get(i), error);
      synchronized (outcomes) {
        outcomes[i] = o;
        if (listener != null) {
          try {
            listener.accept(o);
          } catch (RuntimeException ignored) {
            // a failing progress listener must not break the batch
          }
        }
      }
      if (permits > 0) {
        memory.release(permits);
        slots.release();
      }
      done.countDown();
    }
  }

  /** The whole file when it is at most {@link #PIPELINED_MAX_MIB} MiB, else null (also when it cannot be read). */
  private static byte[] readSmall(Path in) {
    try {
      return FastPadesSigner.readAtMost(in, (long) PIPELINED_MAX_MIB << 20);
    } catch (org.kyso.core.FileAccessException e) {
      // missing, unreadable, a folder: the general path words the error
      return null;
    }
  }

  private static ThreadFactory threads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
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
     * How many threads use the key at once (default 1). More than one helps with keys that sign in parallel: a
     * PKCS#12 key on a machine with spare cores, an HSM; a USB token signs one document at a time anyway.
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
