package org.kyso.server.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.TrustAnchors;
import org.kyso.core.verify.ReportFormats;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verdict;
import org.kyso.core.verify.Verifier;
import org.kyso.pdf.PdfVerification;
import org.kyso.server.internal.Uploads.Upload;
import org.kyso.xml.XmlVerification;
import org.kyso.core.internal.json.Json;

/**
 * Verifies uploads as {@code kyso verify} verifies files, a bounded number at a time: a request that finds every
 * slot taken waits a while, then gets 503, so a flood of hostile uploads cannot starve the others for long.
 */
public final class Verification {
  /** What became of one file: its report, or why it could not be read (with the CLI exit code). */
  public record Outcome(String name, VerificationReport report, String error, int exitCode) {}

  private final Verifier verifier;
  private final TrustAnchors trust;
  private final Semaphore slots;
  private final Duration queueWait;
  private final Metrics metrics;

  public Verification(TrustAnchors trust, boolean offline, long maxBytes, Duration timeout, int concurrency,
      Duration queueWait, Metrics metrics) {
    this.verifier = verifier(trust, offline, maxBytes, timeout);
    this.trust = trust;
    this.slots = new Semaphore(concurrency, true);
    this.queueWait = queueWait;
    this.metrics = metrics;
  }

  /** The one place the service builds its {@link Verifier}, as {@code kyso verify} would with these settings. */
  static Verifier verifier(TrustAnchors trust, boolean offline, long maxBytes, Duration timeout) {
    return Verifier.builder().formats(PdfVerification.format(), XmlVerification.format()).trust(trust).offline(offline).maxFileSize(maxBytes).timeout(timeout).build();
  }

  /** The trust anchors verification uses (also those signing at B-LT and above builds chains to). */
  TrustAnchors trust() {
    return trust;
  }

  public List<Outcome> verify(List<Upload> files) throws ApiException {
    List<Outcome> out = new ArrayList<>();
    for (Upload f : files) {
      out.add(verifyOne(f));
    }
    return out;
  }

  private Outcome verifyOne(Upload f) throws ApiException {
    try {
      if (!slots.tryAcquire(queueWait.toMillis(), TimeUnit.MILLISECONDS)) {
        metrics.count("kyso_verifications_total", "verdict=\"BUSY\"");
        throw new ApiException(503, "busy", "Every verification slot is taken; try again in a moment.");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "shutting_down", "The service is stopping; send the request again.");
    }
    metrics.verificationsInFlight().incrementAndGet();
    try {
      VerificationReport r = verifier.verify(f.bytes(), f.name());
      metrics.count("kyso_verifications_total", "verdict=\"" + r.verdict().name() + "\"");
      return new Outcome(f.name(), r, null, r.verdict().exitCode());
    } catch (KysoException e) {
      metrics.count("kyso_verifications_total", "verdict=\"UNREADABLE\"");
      int code = e instanceof FileAccessException ? 66 : e instanceof ServiceUnavailableException ? 69
          : e instanceof DocumentException ? 65 : 65;
      return new Outcome(f.name(), null, e.getMessage(), code);
    } catch (RuntimeException e) {
      // a parser bug on hostile input: the file is unreadable for us, the service goes on
      metrics.count("kyso_verifications_total", "verdict=\"UNREADABLE\"");
      return new Outcome(f.name(), null, "The file " + f.name() + " cannot be read as a signed PDF or XML.", 65);
    } finally {
      metrics.verificationsInFlight().decrementAndGet();
      slots.release();
    }
  }

  /** The worst exit code of the outcomes, in CONTRACT order 1, 65, 66, 2, 3, 0. */
  public static int exitCode(List<Outcome> outcomes) {
    List<Integer> order = List.of(1, 65, 66, 69, 70, 2, 3, 0);
    int worst = 0;
    for (Outcome o : outcomes) {
      if (order.indexOf(o.exitCode()) < order.indexOf(worst)) {
        worst = o.exitCode();
      }
    }
    return worst;
  }

  /**
   * The JSON of CONTRACT.md. When every file was read this is byte for byte what {@code kyso verify --format json}
   * prints; an unreadable file gets an entry with verdict UNREADABLE and its error.
   */
  @SuppressWarnings("unchecked")
  public static String json(List<Outcome> outcomes) {
    List<VerificationReport> reports = new ArrayList<>();
    for (Outcome o : outcomes) {
      if (o.report() != null) {
        reports.add(o.report());
      }
    }
    if (reports.size() == outcomes.size()) {
      return ReportFormats.json(reports);
    }
    Map<String, Object> parsed =
        (Map<String, Object>) Json.parse(ReportFormats.json(reports), Json.Numbers.DECIMAL);
    List<Object> read = (List<Object>) parsed.get("files");
    List<Object> all = new ArrayList<>();
    int k = 0;
    for (Outcome o : outcomes) {
      if (o.report() != null) {
        all.add(read.get(k++));
      } else {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", o.name());
        m.put("format", null);
        m.put("verdict", "UNREADABLE");
        m.put("error", o.error());
        m.put("signatures", List.of());
        all.add(m);
      }
    }
    return Json.write(Map.of("files", all), Json.Escaping.HTML_SAFE) + "\n";
  }

  /** The text report of {@code kyso verify}, with a line for each unreadable file. */
  public static String text(List<Outcome> outcomes, Locale lang) {
    List<VerificationReport> reports = new ArrayList<>();
    StringBuilder errors = new StringBuilder();
    for (Outcome o : outcomes) {
      if (o.report() != null) {
        reports.add(o.report());
      } else {
        errors.append("kyso: ").append(o.error()).append('\n');
      }
    }
    return (reports.isEmpty() ? "" : ReportFormats.text(reports, lang)) + errors;
  }

  static boolean passed(Verdict v) {
    return v == Verdict.TOTAL_PASSED;
  }
}
