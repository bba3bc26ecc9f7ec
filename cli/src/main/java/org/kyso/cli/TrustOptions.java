package org.kyso.cli;

import java.nio.file.Path;
import java.util.Map;
import org.kyso.core.KysoException;
import org.kyso.core.TrustAnchors;
import org.kyso.core.TrustProfile;
import org.kyso.core.TrustStore;
import picocli.CommandLine.Option;

/** {@code --trust-profile vn|vn-gov|vn-public} and {@code --trust-store DIR}: trust from the user's trust store. */
public final class TrustOptions {
  @Option(names = "--trust-profile", paramLabel = "vn|vn-gov|vn-public",
      description = "Trust the Vietnamese hierarchies from the trust store: vn-gov (Ban Cơ yếu Chính phủ), vn-public"
          + " (national root CA and licensed CAs) or vn (both). Install them with 'kyso trust update'.")
  String profile;

  @Option(names = "--trust-store", paramLabel = "DIR",
      description = "The trust store folder (default: $KYSO_TRUST_DIR, else the user's configuration folder).")
  Path store;

  /** The trust store these options name, for the environment {@code env}. */
  TrustStore store(Map<String, String> env) {
    return store != null ? TrustStore.at(store) : TrustStore.at(TrustStore.defaultLocation(env));
  }

  /** The anchors of the chosen profile (none when no profile was given). */
  TrustAnchors anchors(Map<String, String> env) throws KysoException {
    if (profile == null) {
      return TrustAnchors.none();
    }
    TrustProfile p;
    try {
      p = TrustProfile.parse(profile);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--trust-profile takes vn, vn-gov or vn-public.");
    }
    return TrustAnchors.profile(p, store(env));
  }
}
