package org.kyso.pdf.internal.fast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The signature dictionary's {@code /M}, written by hand for speed, is the formatter's text for every time. */
class IncrementPlannerDateTest {
  private static final DateTimeFormatter FORMATTER =
      DateTimeFormatter.ofPattern("'D:'yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

  @Test
  void writesTheSameTextAsTheFormatter() {
    SplittableRandom random = new SplittableRandom(19);
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 100_000; i++) {
      Instant t = Instant.ofEpochSecond(random.nextLong(0, max), random.nextInt(1_000_000_000));
      assertThat(IncrementPlanner.pdfDate(t)).isEqualTo(FORMATTER.format(t));
    }
  }

  @Test
  void keepsTheFormattersTextAtTheEdges() {
    for (String s : new String[] {"1970-01-01T00:00:00Z", "2026-12-31T23:59:59.999Z", "2024-02-29T12:00:00Z",
        "0999-12-31T23:59:59Z", "1000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z",
        "-0001-06-15T08:30:00Z"}) {
      Instant t = Instant.parse(s);
      assertThat(IncrementPlanner.pdfDate(t)).as(s).isEqualTo(FORMATTER.format(t));
    }
  }
}
