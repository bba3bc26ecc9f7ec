package org.kyso.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Signs many documents, of any format and with any kind of key, each with its {@link DocumentSigner}, all with one
 * key: one login, one pre-signing check per signer, memory bounded whatever the number of files.
 *
 * <pre>{@code
 * SigningBatch batch = SigningBatch.builder(key).build();          // jobs: key.parallelism()
 * List<SigningBatch.Outcome> outcomes = batch.sign(List.of(
 *     new SigningBatch.Task(Path.of("in/a.pdf"), Path.of("out/a.pdf"), pdfSigner),
 *     new SigningBatch.Task(Path.of("in/b.xml"), Path.of("out/b.xml"), xmlSigner)));
 * }</pre>
 *
 * <p><b>A local key</b> (PKCS#12, PKCS#11: {@link SigningKey#remote()} false) is used by {@link Builder#jobs(int)
 * jobs} working threads, each taking one document at a time: check and digest it ({@link DocumentSigner#begin}),
 * have the key sign the digest and embed the value (checked against the certificate; {@link
 * DocumentSigner.Pending#stage}). The file system and what only waits are handed to other threads: as many reading
 * threads read each document ahead ({@link DocumentSigner#readInput}), writing threads write each file beside its
 * output, force it to disk and move it into place (up to {@value #WRITERS_PER_JOB} per job; creating and writing a
 * file costs a working thread about a quarter of the RSA signature's processor time on this project's machines), and
 * for B-T and higher levels finishing threads complete the document while it waits for the timestamp authority, up to {@link Builder#finishers(int)} at once; a document whose completion is
 * mostly that wait ({@link DocumentSigner.Pending#waitsForTimestamp()}: PDF B-T on kyso's fast path) goes to the
 * timestamp threads instead, up to {@link Builder#timestampRequests(int)} requests in flight (default
 * {@value #DEFAULT_TIMESTAMP_REQUESTS}). So {@code jobs} is both the
 * number of documents being worked on at once and the number of processors the batch keeps busy: {@code jobs(1)}
 * signs on one core, {@code jobs(2)} on two. At most {@value #IN_FLIGHT_MIB} MiB of documents and a few documents
 * per job are held at once; a file larger than {@value #PIPELINED_MAX_MIB} MiB is signed whole by a working thread
 * with {@link DocumentSigner#sign(Path, Path)}, which streams where the format can.
 *
 * <p><b>A remote key</b> (CSC, the Vietnamese signing services: {@link SigningKey#remote()} true) signs the whole
 * batch as one transaction: every document is prepared first ({@link DocumentSigner#prepare(Path)}; only its small
 * {@link PreparedSignature} is kept, never the file), all the digests go to the key in one
 * {@link SigningKey#signDigests} call (one authorisation, one approval in the app), then each file is read again and
 * completed ({@link DocumentSigner#complete(Path, PreparedSignature, byte[], Path)}) by the finishing threads. A
 * {@link Transaction} given to the builder replaces that one call, e.g. to store the transaction so that it can be
 * resumed.
 *
 * <p>A failure affects its own file only: its {@link Outcome} carries the exception and no output is left for it.
 * A key that refuses to work for every file (a {@link TokenException} whose reason is not
 * {@link TokenException.Reason#FAILED}: wrong or locked PIN, token removed) stops a local batch: the files not yet
 * signed carry that same exception. A remote transaction that fails as a whole (refused, expired, service
 * unreachable) is thrown by {@link #sign}, and no file is written.
 *
 * <p>Immutable and thread-safe; each {@link #sign} call runs its own threads and ends them before returning.
 */
public final class SigningBatch {
  /** Files larger than this are signed whole by a key thread, not held in the pipeline. */
  public static final int PIPELINED_MAX_MIB = 4;
  /** Memory held by documents waiting in a local pipeline, at most. */
  public static final int IN_FLIGHT_MIB = 64;
  /** The most working threads a batch runs. */
  public static final int MAX_JOBS = 64;
  /**
   * Writing threads per working thread: each waits for the disk (fsync) of one document, a wait of 1 to 10 ms on
   * ordinary disks against about a millisecond of work per 50 KB PDF, so that the disk never holds a working thread.
   */
  static final int WRITERS_PER_JOB = 8;
  /** The most writing threads a batch runs. */
  static final int MAX_WRITERS = 32;
  /**
   * Timestamp requests in flight at once by default: enough for a TSA answering in 200 ms to keep up with two
   * working threads at about 1.5 ms per document (64 / 0.2 s = 320 documents per second), few enough to stay polite
   * to a shared public TSA (each request is one HTTP connection) and to hold at most 64 documents waiting.
   */
  public static final int DEFAULT_TIMESTAMP_REQUESTS = 64;
  /** The most timestamp requests a batch keeps in flight. */
  public static final int MAX_TIMESTAMP_REQUESTS = 256;

  private final SigningKey key;
  private final int jobs;
  private final int finishers;
  private final int preparers;
  private final int writers;
  private final int timestampRequests;
  private final Consumer<Outcome> listener;
  private final Transaction transaction;

  private SigningBatch(Builder b) {
    this.key = b.key;
    this.jobs = b.jobs > 0 ? b.jobs : Math.max(1, Math.min(MAX_JOBS, key.parallelism()));
    this.finishers = b.finishers;
    this.preparers = b.preparers > 0 ? b.preparers
        : key.remote() ? Runtime.getRuntime().availableProcessors() : this.jobs;
    this.writers = Math.min(WRITERS_PER_JOB * this.jobs, MAX_WRITERS);
    this.timestampRequests = b.timestampRequests;
    this.listener = b.listener;
    this.transaction = b.transaction;
  }

  /** A batch signing with {@code key}; every task's signer must have been built with the same key. */
  public static Builder builder(SigningKey key) {
    return new Builder(Objects.requireNonNull(key, "key"));
  }

  /**
   * How many documents a local batch works on at once, each on its own thread (so also how many processors it keeps
   * busy): the builder's {@code jobs}, else the key's {@link SigningKey#parallelism()}.
   */
  public int jobs() {
    return jobs;
  }

  /** One file to sign, where the signed file goes (it may be the same path), and the signer for its format. */
  public record Task(Path in, Path out, DocumentSigner signer) {
    public Task {
      Objects.requireNonNull(in, "in");
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(signer, "signer");
    }

    /** The name the document goes by in a remote transaction (shown in the signing app): the input's file name. */
    public String name() {
      return in.getFileName().toString();
    }
  }

  /** What became of one task: {@code error} is null when the signed file was written. */
  public record Outcome(Task task, Exception error) {
    /** Whether the signed file was written. */
    public boolean signed() {
      return error == null;
    }
  }

  /** A document of a remote batch, prepared: its {@link Task#name()} and the digest to sign. */
  public record Prepared(String name, PreparedSignature prepared) {
    public Prepared {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(prepared, "prepared");
    }
  }

  /** A document of a remote batch, signed: the prepared signature the value was made over, and the value. */
  public record Signed(String name, PreparedSignature prepared, byte[] value) {
    public Signed {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(prepared, "prepared");
      Objects.requireNonNull(value, "value");
    }
  }

  /** Prepares every document of a remote batch; see {@link Transaction}. */
  @FunctionalInterface
  public interface Preparer {
    /**
     * Prepares every document (in parallel, each file read once and not kept) and returns those that could be
     * prepared, in the order of the tasks; the others get their outcome now.
     *
     * @throws KysoException the first failure, when no document at all could be prepared
     */
    List<Prepared> prepare() throws KysoException;
  }

  /**
   * How a remote batch gets its signature values in one transaction. The default sends every digest in one
   * {@link SigningKey#signDigests} call. Another may resume a stored transaction: it then returns the stored
   * prepared signatures (matched to the tasks by name) without calling the preparer.
   */
  public interface Transaction {
    /**
     * @param preparer prepares the documents; call it at most once
     * @return the signed documents, each with the prepared signature its value was made over
     */
    List<Signed> sign(Preparer preparer) throws KysoException;

    /** Called once every signed document was completed (written or failed). */
    default void completed() throws KysoException {}
  }

  /**
   * Signs every task and returns their outcomes in the order of {@code tasks}, once every task is done and the
   * batch's threads have ended.
   *
   * @throws KysoException only for a remote key: the transaction failed as a whole (refused, expired, service
   *     unreachable, wrong PIN); no file was written
   * @throws InterruptedException if the calling thread is interrupted; the batch's threads end first (a document
   *     being signed is finished or dropped) and no partial file is left
   */
  public List<Outcome> sign(List<Task> tasks) throws KysoException, InterruptedException {
    List<Task> copy = List.copyOf(Objects.requireNonNull(tasks, "tasks"));
    Run run = new Run(copy);
    return key.remote() ? run.remote() : run.local();
  }

  /** One {@link #sign} call: its threads, its memory budget, its results. */
  private final class Run {
    private final List<Task> tasks;
    private final Outcome[] outcomes;
    private final CountDownLatch done;
    private final Semaphore memory = new Semaphore(IN_FLIGHT_MIB << 10);
    /** Documents between reading and writing, at most: enough to keep the key and the finishers busy. */
    private final Semaphore slots;
    private final AtomicReference<TokenException> stop = new AtomicReference<>();
    private volatile boolean cancelled;
    private final int finishing;
    private final boolean timestamps;
    /** Whether the timestamp stage may be used: a task at B-T (B-LT and up complete on the finishing threads). */
    private final boolean stage;
    /** The timestamp stage (documents whose completion waits for a TSA), or null when no task may use it. */
    private ExecutorService stamp;

    Run(List<Task> tasks) {
      this.tasks = tasks;
      this.outcomes = new Outcome[tasks.size()];
      this.done = new CountDownLatch(tasks.size());
      this.timestamps = tasks.stream().anyMatch(t -> t.signer().level().needsTimestamp());
      this.finishing = finishers > 0 ? finishers : timestamps ? Math.min(16, Math.max(4, 2 * jobs)) : jobs;
      this.stage = tasks.stream().anyMatch(t -> t.signer().level() == Level.B_T);
      this.slots = new Semaphore(4 * jobs + 4 + finishing + writers + (stage ? timestampRequests : 0));
    }

    // ---- local keys: jobs working threads, file to file

    List<Outcome> local() throws InterruptedException {
      // reading threads read each document ahead of its working thread (the file system off the key's threads)
      ExecutorService read = Executors.newFixedThreadPool(jobs, threads("kyso-batch-read"));
      ExecutorService work = Executors.newFixedThreadPool(jobs, threads("kyso-batch-job"));
      ExecutorService write = Executors.newFixedThreadPool(writers, threads("kyso-batch-write"));
      ExecutorService finish = timestamps ? Executors.newFixedThreadPool(finishing, threads("kyso-batch-finish"))
          : null;
      // threads are started as requests come, up to the bound: a B-B batch starts none
      stamp = stage ? Executors.newFixedThreadPool(timestampRequests, threads("kyso-batch-timestamp")) : null;
      try {
        for (int i = 0; i < tasks.size(); i++) {
          int index = i;
          if (stop.get() != null) {
            finish(index, stop.get(), 0);
            continue;
          }
          long size = sizeOf(tasks.get(i).in());
          if (size > ((long) PIPELINED_MAX_MIB << 20)) {
            work.execute(() -> whole(index));
            continue;
          }
          int permits = (int) Math.max(1, Math.min(IN_FLIGHT_MIB << 10, size >> 10));
          slots.acquire();
          memory.acquire(permits);
          read.execute(() -> read(index, permits, work, write, finish));
        }
        done.await();
      } catch (InterruptedException e) {
        cancelled = true;
        throw e;
      } finally {
        boolean interrupted = Thread.interrupted();
        // the reading threads first, then the working threads: each hands documents on to the next until it has ended
        interrupted |= end(read);
        interrupted |= end(work);
        if (finish != null) {
          interrupted |= end(finish);
        }
        interrupted |= end(write);
        if (stamp != null) {
          interrupted |= end(stamp);
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      return List.copyOf(Arrays.asList(outcomes));
    }

    /** On a reading thread: the document into memory, then to a working thread. */
    private void read(int i, int permits, ExecutorService work, ExecutorService write, ExecutorService finish) {
      if (stopped(i, permits)) {
        return;
      }
      Task task = tasks.get(i);
      byte[] document;
      try {
        document = task.signer().readInput(task.in());
      } catch (KysoException | RuntimeException e) {
        finish(i, e, permits);
        return;
      }
      try {
        work.execute(() -> work(i, permits, document, write, finish));
      } catch (RejectedExecutionException e) {
        finish(i, new CancellationException("The batch was interrupted."), permits);
      }
    }

    /**
     * One document on one working thread, read by a reading thread: check and digest it, have the key sign, embed the
     * value; then a writing thread writes the file, forces it to disk and moves it into place (or, for levels with a
     * timestamp, a finishing thread completes it while it waits for the authority).
     */
    private void work(int i, int permits, byte[] document, ExecutorService write, ExecutorService finish) {
      if (stopped(i, permits)) {
        return;
      }
      Task task = tasks.get(i);
      DocumentSigner.Pending pending;
      byte[] value;
      try {
        pending = task.signer().begin(task.in(), document, task.out());
      } catch (KysoException | RuntimeException e) {
        finish(i, e, permits);
        return;
      }
      try {
        PreparedSignature p = pending.prepared();
        value = key.signDigest(p.algorithm(), p.digest());
      } catch (KysoException | RuntimeException e) {
        noteStop(e);
        finish(i, e, permits);
        return;
      }
      if (finish != null && task.signer().level().needsTimestamp()) {
        // a wait for a TSA holds no working thread; one that is mostly that wait goes to the timestamp stage
        hand(stamp != null && pending.waitsForTimestamp() ? stamp : finish, i, permits, () -> {
          try {
            pending.complete(value);
            finish(i, null, permits);
          } catch (KysoException | RuntimeException e) {
            finish(i, e, permits);
          }
        });
        return;
      }
      DocumentSigner.Staged staged;
      try {
        staged = pending.stage(value);
      } catch (KysoException | RuntimeException e) {
        finish(i, e, permits);
        return;
      }
      try {
        write.execute(() -> {
          try {
            staged.commit();
            finish(i, null, permits);
          } catch (KysoException | RuntimeException e) {
            finish(i, e, permits);
          }
        });
      } catch (RejectedExecutionException e) {
        staged.discard();
        finish(i, new CancellationException("The batch was interrupted."), permits);
      }
    }

    /** Finishes document {@code i} unsigned when the batch was interrupted or stopped; true if it was. */
    private boolean stopped(int i, int permits) {
      if (!cancelled && stop.get() == null) {
        return false;
      }
      finish(i, cancelled ? new CancellationException("The batch was interrupted.") : stop.get(), permits);
      return true;
    }

    private void hand(ExecutorService stage, int i, int permits, Runnable work) {
      try {
        stage.execute(work);
      } catch (RejectedExecutionException e) {
        finish(i, new CancellationException("The batch was interrupted."), permits);
      }
    }

    /** A document outside the pipeline: signed whole by a key thread, exactly as a single call would. */
    private void whole(int i) {
      Task task = tasks.get(i);
      Exception error = cancelled ? new CancellationException("The batch was interrupted.") : stop.get();
      if (error == null) {
        try {
          task.signer().sign(task.in(), task.out());
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

    // ---- remote keys: one transaction

    List<Outcome> remote() throws KysoException, InterruptedException {
      ExecutorService prepare = Executors.newFixedThreadPool(preparers, threads("kyso-batch-prepare"));
      ExecutorService finish = Executors.newFixedThreadPool(finishing, threads("kyso-batch-finish"));
      AtomicReference<Exception> firstPrepareFailure = new AtomicReference<>();
      try {
        Preparer preparer = () -> prepareAll(prepare, firstPrepareFailure);
        List<Signed> signed;
        try {
          signed = (transaction != null ? transaction : new DefaultTransaction()).sign(preparer);
        } catch (Interrupted e) {
          InterruptedException ie = new InterruptedException("The batch was interrupted while preparing.");
          ie.initCause(e.getCause());
          throw ie;
        } catch (KysoException | RuntimeException e) {
          if (e == firstPrepareFailure.get() && done.getCount() == 0) {
            return List.copyOf(Arrays.asList(outcomes)); // nothing could be prepared: each file has its outcome
          }
          throw e;
        }
        Map<String, List<Integer>> byName = new LinkedHashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
          if (outcomes[i] == null) {
            byName.computeIfAbsent(tasks.get(i).name(), n -> new ArrayList<>()).add(i);
          }
        }
        for (Signed s : signed) {
          List<Integer> candidates = byName.get(s.name());
          if (candidates == null || candidates.isEmpty()) {
            throw new IllegalStateException("The transaction signed " + s.name() + ", which is not in this batch.");
          }
          int i = candidates.remove(0);
          Task task = tasks.get(i);
          slots.acquire(); // bounds the documents being completed (read again) at once
          memory.acquire(1);
          hand(finish, i, 1, () -> {
            try {
              task.signer().complete(task.in(), s.prepared(), s.value(), task.out());
              finish(i, null, 1);
            } catch (KysoException | RuntimeException e) {
              finish(i, e, 1);
            }
          });
        }
        for (List<Integer> left : byName.values()) {
          for (int i : left) {
            finish(i, new IllegalStateException("The transaction did not sign " + tasks.get(i).name() + "."), 0);
          }
        }
        done.await();
        if (transaction != null) {
          transaction.completed();
        }
      } catch (InterruptedException e) {
        cancelled = true;
        throw e;
      } finally {
        boolean interrupted = Thread.interrupted();
        interrupted |= end(prepare);
        interrupted |= end(finish);
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      return List.copyOf(Arrays.asList(outcomes));
    }

    private List<Prepared> prepareAll(ExecutorService prepare, AtomicReference<Exception> firstFailure)
        throws KysoException {
      List<Future<PreparedSignature>> futures = new ArrayList<>(tasks.size());
      for (Task t : tasks) {
        futures.add(prepare.submit(() -> t.signer().prepare(t.in())));
      }
      List<Prepared> out = new ArrayList<>(tasks.size());
      for (int i = 0; i < tasks.size(); i++) {
        try {
          out.add(new Prepared(tasks.get(i).name(), futures.get(i).get()));
        } catch (ExecutionException e) {
          Exception cause = e.getCause() instanceof Exception c ? c : new IllegalStateException(e.getCause());
          firstFailure.compareAndSet(null, cause);
          finish(i, cause, 0);
        } catch (InterruptedException e) {
          cancelled = true;
          futures.forEach(f -> f.cancel(true));
          throw new Interrupted(e);
        }
      }
      if (out.isEmpty() && firstFailure.get() != null) {
        Exception first = firstFailure.get();
        if (first instanceof KysoException k) {
          throw k;
        }
        throw (RuntimeException) first;
      }
      return out;
    }

    /** Carries an interrupt through {@link Preparer#prepare()}, which cannot throw InterruptedException. */
    private static final class Interrupted extends RuntimeException {
      private static final long serialVersionUID = 1L;

      Interrupted(InterruptedException cause) {
        super(cause);
      }
    }

    /** One {@link SigningKey#signDigests} call per signature algorithm (one in practice): one authorisation. */
    private final class DefaultTransaction implements Transaction {
      @Override
      public List<Signed> sign(Preparer preparer) throws KysoException {
        List<Prepared> prepared = preparer.prepare();
        Map<SignatureAlgorithm, List<Prepared>> byAlgorithm = new LinkedHashMap<>();
        for (Prepared p : prepared) {
          byAlgorithm.computeIfAbsent(p.prepared().algorithm(), a -> new ArrayList<>()).add(p);
        }
        List<Signed> out = new ArrayList<>(prepared.size());
        for (Map.Entry<SignatureAlgorithm, List<Prepared>> e : byAlgorithm.entrySet()) {
          List<byte[]> values = key.signDigests(e.getKey(),
              e.getValue().stream().map(p -> p.prepared().digest()).toList());
          for (int i = 0; i < values.size(); i++) {
            Prepared p = e.getValue().get(i);
            out.add(new Signed(p.name(), p.prepared(), values.get(i)));
          }
        }
        return out;
      }
    }

    // ---- both

    private void finish(int i, Exception error, int permits) {
      Outcome o = new Outcome(tasks.get(i), error);
      synchronized (outcomes) {
        if (outcomes[i] != null) {
          return;
        }
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

  /** Shuts a stage down and waits for it; true if the wait was interrupted. */
  private static boolean end(ExecutorService stage) {
    stage.shutdown();
    boolean interrupted = false;
    while (true) {
      try {
        stage.awaitTermination(1, TimeUnit.DAYS);
        return interrupted;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
  }

  private static long sizeOf(Path in) {
    try {
      return Files.size(in);
    } catch (IOException e) {
      return 0; // the preparing stage words the error
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

  /** Builds a {@link SigningBatch}. */
  public static final class Builder {
    private final SigningKey key;
    private int jobs;
    private int finishers;
    private int preparers;
    private int timestampRequests = DEFAULT_TIMESTAMP_REQUESTS;
    private Consumer<Outcome> listener;
    private Transaction transaction;

    private Builder(SigningKey key) {
      this.key = key;
    }

    /**
     * How many documents a local batch works on at once, each on its own working thread from file to file, which is
     * also how many processors it keeps busy and how many threads may use the key at once; default
     * {@link SigningKey#parallelism()} (a PKCS#12 key: the processors; a PKCS#11 token: its sessions). Waiting for
     * the disk or a timestamp authority happens on other threads and holds no job. A remote key signs one
     * transaction whatever this says.
     */
    public Builder jobs(int jobs) {
      if (jobs < 1 || jobs > MAX_JOBS) {
        throw new IllegalArgumentException("jobs must be from 1 to " + MAX_JOBS + ", not " + jobs + ".");
      }
      this.jobs = jobs;
      return this;
    }

    /**
     * How many documents are completed and written at once, which is also how many timestamp requests of the
     * general engines (B-LT, B-LTA, visible PDF signatures) may be waiting for the authority at once. Default:
     * {@code jobs} for B-B; for batches with timestamps, twice {@code jobs}, at least 4 and at most 16.
     */
    public Builder finishers(int finishers) {
      if (finishers < 1 || finishers > MAX_JOBS) {
        throw new IllegalArgumentException("finishers must be from 1 to " + MAX_JOBS + ", not " + finishers + ".");
      }
      this.finishers = finishers;
      return this;
    }

    /**
     * How many timestamp requests a local batch keeps in flight at once, for the documents whose completion waits
     * for a timestamp authority ({@link DocumentSigner.Pending#waitsForTimestamp()}); default
     * {@value #DEFAULT_TIMESTAMP_REQUESTS}. Each is one thread waiting on one HTTP request and one document in memory
     * (within the batch's {@value #IN_FLIGHT_MIB} MiB).
     */
    public Builder timestampRequests(int requests) {
      if (requests < 1 || requests > MAX_TIMESTAMP_REQUESTS) {
        throw new IllegalArgumentException("timestampRequests must be from 1 to " + MAX_TIMESTAMP_REQUESTS + ", not "
            + requests + ".");
      }
      this.timestampRequests = requests;
      return this;
    }

    /**
     * How many documents of a remote batch are read and prepared at once (default: the processors). A local batch
     * prepares on its {@link #jobs(int) jobs} working threads and ignores this.
     */
    public Builder preparers(int preparers) {
      if (preparers < 1 || preparers > MAX_JOBS) {
        throw new IllegalArgumentException("preparers must be from 1 to " + MAX_JOBS + ", not " + preparers + ".");
      }
      this.preparers = preparers;
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

    /** How a remote batch's transaction is signed (default: one {@link SigningKey#signDigests} call). */
    public Builder transaction(Transaction transaction) {
      this.transaction = Objects.requireNonNull(transaction, "transaction");
      return this;
    }

    public SigningBatch build() {
      return new SigningBatch(this);
    }
  }
}
