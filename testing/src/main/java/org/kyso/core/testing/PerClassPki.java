package org.kyso.core.testing;

import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TestPki} for one test class: started before its first test and closed after its last, instead of a
 * {@code @BeforeAll}/{@code @AfterAll} pair written in every class. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PerClassPki pki = new PerClassPki();
 * ... pki.get().pki().person("Nguyễn Văn An") ...
 * }</pre>
 *
 * <p>A JUnit extension: for tests only (kyso.jar leaves it out).
 */
public final class PerClassPki implements BeforeAllCallback, AfterAllCallback {
  private final Supplier<TestPki> start;
  private volatile TestPki pki;

  /** A PKI with its CRL server ({@link TestPki#start()}). */
  public PerClassPki() {
    this(TestPki::start);
  }

  /** A PKI started by {@code start}, e.g. {@code TestPki::startWithOcsp}. */
  public PerClassPki(Supplier<TestPki> start) {
    this.start = Objects.requireNonNull(start, "start");
  }

  /**
   * The running PKI.
   *
   * @throws IllegalStateException if asked outside the test class's run (e.g. in a static initialiser)
   */
  public TestPki get() {
    TestPki p = pki;
    if (p == null) {
      throw new IllegalStateException("The test PKI runs only while its test class runs.");
    }
    return p;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    pki = start.get();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    TestPki p = pki;
    pki = null;
    if (p != null) {
      p.close();
    }
  }
}
