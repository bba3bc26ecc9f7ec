package org.kyso.cli;

import java.nio.file.Path;
import org.kyso.core.KysoException;
import org.kyso.core.Pin;
import org.kyso.core.PinSource;
import org.kyso.core.SigningKey;
import org.kyso.core.TokenException;
import org.kyso.token.Keys;
import picocli.CommandLine.Option;

/** {@code --key} and where its PIN comes from; shared by every command that signs. */
public final class KeyOptions {
  @Option(names = "--key", required = true, paramLabel = "KEY",
      description = "p12:FILE[#ALIAS], pkcs11:token=LABEL;object=KEY?module-path=LIB, or csc:URL?credential=ID&client-id=C")
  String key;

  @Option(names = "--pin-env", paramLabel = "VAR", description = "Read the PIN or password from this environment variable.")
  String pinEnv;

  @Option(names = "--pin-file", paramLabel = "FILE", description = "Read the PIN or password from the first line of this file.")
  Path pinFile;

  /** Where the PIN comes from: --pin-env, --pin-file, else a prompt without echo when a terminal is attached. */
  PinSource pinSource(KysoCommand root) {
    if (pinEnv != null && pinFile != null) {
      throw new UsageException("Give either --pin-env or --pin-file, not both.");
    }
    if (pinEnv != null) {
      String var = pinEnv;
      return prompt -> {
        String v = root.env(var).orElseThrow(() -> new TokenException(TokenException.Reason.FAILED,
            "The environment variable " + var + " given by --pin-env is not set."));
        return Pin.wrap(v.toCharArray());
      };
    }
    if (pinFile != null) {
      return PinSource.file(pinFile);
    }
    if (System.console() != null) {
      return PinSource.console();
    }
    return prompt -> {
      throw new UsageException("A PIN is needed and no terminal is attached: use --pin-env VAR or --pin-file FILE.");
    };
  }

  /** Opens the key; the caller closes it. */
  SigningKey open(KysoCommand root) throws KysoException {
    return Keys.open(key, pinSource(root));
  }
}
