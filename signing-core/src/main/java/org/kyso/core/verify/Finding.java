package org.kyso.core.verify;

import java.util.List;
import java.util.Objects;

/**
 * One thing a verifier found about a signature: a change made after signing, an error, or a warning. It carries a
 * stable {@link #code()} (for translation and for programs), the values it names, and its English sentence.
 *
 * <p>Codes starting with {@code dss.} are DSS's own message keys (e.g. {@code dss.BBB_CV_IRDOI_ANS}); the others
 * are kyso's (e.g. {@code modification.pageAdded}, {@code crypto.weakDigest}, {@code xml.unsignedTwin}).
 *
 * @param kind what kind of finding this is
 * @param code the stable code of the message
 * @param arguments the values the message names (page numbers, element names...), in order
 * @param text the English sentence
 */
public record Finding(Kind kind, String code, List<String> arguments, String text) {
  /** What kind of finding. */
  public enum Kind {
    /** A change made to the document after the signature, in plain words. */
    MODIFICATION,
    /** Why the signature did not pass. */
    ERROR,
    /** Worth knowing, but does not by itself fail the signature. */
    WARNING
  }

  public Finding {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(code, "code");
    arguments = List.copyOf(arguments);
    Objects.requireNonNull(text, "text");
  }

  @Override
  public String toString() {
    return kind + ": " + text;
  }
}
