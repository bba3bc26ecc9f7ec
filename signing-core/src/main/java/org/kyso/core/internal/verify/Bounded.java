package org.kyso.core.internal.verify;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.kyso.core.DocumentException;
import org.kyso.core.KysoException;

/**
 * Runs one validation on its own thread with a large stack and a deadline, and turns what hostile input can cause
 * — a runaway parse, a stack overflow on deeply nested objects, memory exhaustion, any unchecked exception from
 * DSS or PDFBox — into a {@link DocumentException} of one sentence.
 *
 * <p>A validation that misses its deadline is interrupted and abandoned; DSS and PDFBox do not always notice
 * interruption, so the (daemon) thread may keep a processor busy until it ends on its own.
 */
public final class Bounded {
  private static final long STACK_BYTES = 64L * 1024 * 1024;

  /** The work to run; may throw kyso's checked exceptions. */
  public interface Work<T> {
    T run() throws KysoException;
  }

  /** A check run on the calling thread while the work runs on its own ({@link #run(String, Duration, Work, Check)}). */
  public interface Check {
    void run() throws KysoException;
  }

  private Bounded() {}

  /** {@link #run(String, Duration, Work, Check)} with nothing alongside. */
  public static <T> T run(String fileName, Duration timeout, Work<T> work) throws KysoException {
    return run(fileName, timeout, work, null);
  }

  /**
   * Runs {@code work} on its own thread, and meanwhile {@code alongside} (may be null) on the calling thread, which
   * would otherwise only wait: a check that decides the outcome before the work's result counts (a PDF whose page
   * tree loops is refused whatever its signatures say). When {@code alongside} throws, the work is stopped and that
   * exception is thrown; otherwise the work's result, within {@code timeout} of the start.
   */
  public static <T> T run(String fileName, Duration timeout, Work<T> work, Check alongside) throws KysoException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Callable<T> c = work::run;
    FutureTask<T> task = new FutureTask<>(c);
    Thread t = new Thread(null, task, "kyso-verify", STACK_BYTES);
    t.setDaemon(true);
    t.start();
    if (alongside != null) {
      try {
        alongside.run();
      } catch (KysoException | RuntimeException | Error e) {
        task.cancel(true);
        throw e;
      }
    }
    try {
      return task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      task.cancel(true);
      throw new DocumentException("Verifying " + fileName + " took longer than " + timeout.toSeconds()
          + " seconds and was stopped; the file may be malformed or built to exhaust the verifier.", e);
    } catch (InterruptedException e) {
      task.cancel(true);
      Thread.currentThread().interrupt();
      throw new DocumentException("Verifying " + fileName + " was interrupted.", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof KysoException k) {
        throw k;
      }
      if (cause instanceof StackOverflowError) {
        throw new DocumentException("The file " + fileName
            + " is nested too deeply to be verified safely; it is malformed or hostile.", cause);
      }
      if (cause instanceof OutOfMemoryError) {
        throw new DocumentException("The file " + fileName
            + " needs more memory than is available to verify it; give Java more memory (-Xmx) or check the file.",
            cause);
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new DocumentException("The file " + fileName + " cannot be read as a signed document: "
          + oneLine(cause) + ".", cause);
    }
  }

  private static final java.util.regex.Pattern QUALIFIED_CLASS = java.util.regex.Pattern.compile(
      "\\b(java|javax|jdk|sun|org|com|eu)\\.[a-z0-9_]+\\.[\\w.$]*[A-Z]\\w*");

  /** The first line of an exception's message, without stack details, at most 200 characters. */
  public static String oneLine(Throwable t) {
    String s = t == null ? null : t.getMessage();
    if (s == null || s.isBlank()) {
      return "its data is damaged or in a form kyso does not read";
    }
    String l = s.strip().lines().findFirst().orElse("").strip();
    // DSS wraps the parser's reason: "... is either not accessible or not PDF compatible. Reason : [why]"
    int reason = l.indexOf("Reason : [");
    if (reason >= 0 && l.lastIndexOf(']') > reason) {
      l = l.substring(reason + "Reason : [".length(), l.lastIndexOf(']'));
    }
    while (l.endsWith(".") || l.endsWith("!")) {
      l = l.substring(0, l.length() - 1);
    }
    // a library's words about its own classes ("unknown object in getInstance: org.bouncycastle.asn1.DLSet") say
    // nothing to a reader: the data is damaged
    if (QUALIFIED_CLASS.matcher(l).find() || l.matches(".*\\b\\w+(Exception|Error)\\b.*")) {
      return "its data is damaged or in a form kyso does not read";
    }
    l = l.replaceAll("\\s{2,}", " ");
    return l.length() > 200 ? l.substring(0, 200) + "…" : l;
  }
}
