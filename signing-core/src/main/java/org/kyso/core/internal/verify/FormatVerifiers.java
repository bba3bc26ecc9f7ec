package org.kyso.core.internal.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The {@link FormatVerifier}s on the class path, looked up once. */
public final class FormatVerifiers {
  private FormatVerifiers() {}

  private static final class Holder {
    static final List<FormatVerifier> ALL = load();

    private static List<FormatVerifier> load() {
      List<FormatVerifier> out = new ArrayList<>();
      for (FormatVerifier v : ServiceLoader.load(FormatVerifier.class, FormatVerifiers.class.getClassLoader())) {
        out.add(v);
      }
      return List.copyOf(out);
    }
  }

  /** True when at least one format verifier is on the class path (so reading a document's head is worth it). */
  public static boolean any() {
    return !Holder.ALL.isEmpty();
  }

  /** The first format verifier that claims the document starting with {@code head}, if any. */
  public static Optional<FormatVerifier> claiming(byte[] head) {
    for (FormatVerifier v : Holder.ALL) {
      if (v.claims(head)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  /** The first {@link FormatVerifier#HEAD_BYTES} bytes of {@code document} (all of it when shorter). */
  public static byte[] head(byte[] document) {
    return Arrays.copyOf(document, Math.min(document.length, FormatVerifier.HEAD_BYTES));
  }
}
