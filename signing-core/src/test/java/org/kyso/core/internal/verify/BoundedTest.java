package org.kyso.core.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;

class BoundedTest {
  @Test
  void returnsTheResult() throws Exception {
    assertThat(Bounded.run("a.pdf", Duration.ofSeconds(30), () -> "done")).isEqualTo("done");
  }

  @Test
  void stopsWorkThatRunsPastTheDeadline() {
    assertThatThrownBy(() -> Bounded.run("slow.pdf", Duration.ofMillis(200), () -> {
      while (true) {
        try {
          Thread.sleep(10_000);
        } catch (InterruptedException e) {
          return "interrupted";
        }
      }
    })).isInstanceOf(DocumentException.class).hasMessageStartingWith("Verifying slow.pdf took longer than 0 seconds");
  }

  @Test
  void turnsAStackOverflowIntoOneSentence() {
    assertThatThrownBy(() -> Bounded.run("deep.pdf", Duration.ofMinutes(1), () -> recurse(0)))
        .isInstanceOf(DocumentException.class)
        .hasMessage("The file deep.pdf is nested too deeply to be verified safely; it is malformed or hostile.");
  }

  @Test
  void turnsRuntimeExceptionsIntoOneSentence() {
    assertThatThrownBy(() -> Bounded.run("bad.pdf", Duration.ofMinutes(1), () -> {
      throw new IllegalStateException("The document with name [bad.pdf] is either not accessible or not PDF "
          + "compatible. Reason : [Missing root object specification in trailer.]\n\tmore detail");
    })).isInstanceOf(DocumentException.class)
        .hasMessage("The file bad.pdf cannot be read as a signed document: Missing root object specification in trailer.")
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void keepsKysoExceptions() {
    assertThatThrownBy(() -> Bounded.run("x.pdf", Duration.ofMinutes(1), () -> {
      throw new FileAccessException("The file x.pdf cannot be read.");
    })).isInstanceOf(FileAccessException.class);
  }

  private static String recurse(int n) {
    return recurse(n + 1) + n;
  }

  @Test
  void aCheckAlongsideRunsOnTheCallingThreadAndItsRefusalWinsAndStopsTheWork() throws Exception {
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    Thread caller = Thread.currentThread();
    assertThatThrownBy(() -> Bounded.run("loop.pdf", Duration.ofMinutes(1), () -> {
      started.countDown();
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        stopped.countDown();
      }
      return "signatures";
    }, () -> {
      assertThat(Thread.currentThread()).isSameAs(caller);
      try {
        started.await(); // the work is under way: the refusal must stop it
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      throw new DocumentException("The file loop.pdf has a page tree that loops.");
    })).isInstanceOf(DocumentException.class).hasMessage("The file loop.pdf has a page tree that loops.");
    assertThat(stopped.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("the work was interrupted").isTrue();
  }

  @Test
  void aCheckAlongsideThatPassesLeavesTheWorksOutcome() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean checked = new java.util.concurrent.atomic.AtomicBoolean();
    assertThat(Bounded.run("a.pdf", Duration.ofSeconds(30), () -> "done", () -> checked.set(true)))
        .isEqualTo("done");
    assertThat(checked).isTrue();
    assertThatThrownBy(() -> Bounded.run("bad.pdf", Duration.ofSeconds(30), () -> {
      throw new DocumentException("The file bad.pdf is damaged.");
    }, () -> { })).isInstanceOf(DocumentException.class).hasMessage("The file bad.pdf is damaged.");
  }
}
