package org.kyso.server.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Counters and latency histograms in the Prometheus text exposition format (version 0.0.4): requests by route and
 * status, verdicts, register operations, signatures, and the duration of requests by route.
 */
public final class Metrics {
  private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
  private final Map<String, Histogram> histograms = new ConcurrentHashMap<>();
  private final AtomicLong verificationsInFlight = new AtomicLong();

  private static final class Histogram {
    final AtomicLongArray buckets = new AtomicLongArray(BUCKETS.length);
    final AtomicLong count = new AtomicLong();
    final DoubleAdder sum = new DoubleAdder();
  }

  /** Adds one to a counter; {@code labels} is the Prometheus label text, e.g. {@code route="/v1/verify"}. */
  public void count(String name, String labels) {
    counters.computeIfAbsent(name + "{" + labels + "}", k -> new AtomicLong()).incrementAndGet();
  }

  public void observe(String name, String labels, double seconds) {
    Histogram h = histograms.computeIfAbsent(name + "{" + labels + "}", k -> new Histogram());
    for (int i = 0; i < BUCKETS.length; i++) {
      if (seconds <= BUCKETS[i]) {
        h.buckets.incrementAndGet(i);
      }
    }
    h.count.incrementAndGet();
    h.sum.add(seconds);
  }

  public AtomicLong verificationsInFlight() {
    return verificationsInFlight;
  }

  /** Label value escaped for the exposition format. */
  public static String label(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  public String render() {
    StringBuilder b = new StringBuilder();
    Map<String, String> help = Map.of(
        "kyso_http_requests_total", "HTTP requests answered, by route and status.",
        "kyso_verifications_total", "Files verified, by verdict.",
        "kyso_register_operations_total", "Register operations, by operation and result.",
        "kyso_signatures_total", "Signatures made, by format and result.",
        "kyso_http_request_duration_seconds", "Time to answer a request, by route.",
        "kyso_signing_duration_seconds", "Time to sign a document, by format.");
    TreeMap<String, Long> sorted = new TreeMap<>();
    counters.forEach((k, v) -> sorted.put(k, v.get()));
    String last = "";
    for (Map.Entry<String, Long> e : sorted.entrySet()) {
      String name = e.getKey().substring(0, e.getKey().indexOf('{'));
      if (!name.equals(last)) {
        b.append("# HELP ").append(name).append(' ').append(help.getOrDefault(name, name)).append('\n');
        b.append("# TYPE ").append(name).append(" counter\n");
        last = name;
      }
      b.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
    }
    TreeMap<String, Histogram> hs = new TreeMap<>(histograms);
    last = "";
    for (Map.Entry<String, Histogram> e : hs.entrySet()) {
      int brace = e.getKey().indexOf('{');
      String name = e.getKey().substring(0, brace);
      String labels = e.getKey().substring(brace + 1, e.getKey().length() - 1);
      String sep = labels.isEmpty() ? "" : ",";
      if (!name.equals(last)) {
        b.append("# HELP ").append(name).append(' ').append(help.getOrDefault(name, name)).append('\n');
        b.append("# TYPE ").append(name).append(" histogram\n");
        last = name;
      }
      Histogram h = e.getValue();
      for (int i = 0; i < BUCKETS.length; i++) {
        b.append(name).append("_bucket{").append(labels).append(sep).append("le=\"").append(BUCKETS[i])
            .append("\"} ").append(h.buckets.get(i)).append('\n');
      }
      b.append(name).append("_bucket{").append(labels).append(sep).append("le=\"+Inf\"} ").append(h.count.get())
          .append('\n');
      b.append(name).append("_sum{").append(labels).append("} ").append(h.sum.sum()).append('\n');
      b.append(name).append("_count{").append(labels).append("} ").append(h.count.get()).append('\n');
    }
    b.append("# HELP kyso_verifications_in_flight Verifications running now.\n");
    b.append("# TYPE kyso_verifications_in_flight gauge\n");
    b.append("kyso_verifications_in_flight ").append(verificationsInFlight.get()).append('\n');
    return b.toString();
  }
}
