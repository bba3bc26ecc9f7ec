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
public final class KeyMixin {
  @Option(names = "--key", paramLabel = "KEY",
      description = "p12:FILE[#ALIAS], pkcs11:token=LABEL;object=KEY?module-path=LIB, or csc:URL?credential=ID&client-id=C")
  String key;

  @Option(names = "--pin-env", paramLabel = "VAR", description = "Read the PIN or password from this environment variable.")
  String pinEnv;

  @Option(names = "--pin-file", paramLabel = "FILE", description = "Read the PIN or password from the first line of this file.")
  Path pinFile;

  @Option(names = "--csc-secret-env", paramLabel = "VAR", description = "The CSC OAuth2 client secret, from this environment variable.")
  String cscSecretEnv;

  @Option(names = "--csc-secret-file", paramLabel = "FILE", description = "The CSC OAuth2 client secret, from the first line of this file.")
  Path cscSecretFile;

  /** Where the PIN comes from: --pin-env, --pin-file, else a prompt without echo when a terminal is attached. */
  PinSource pinSource(KysoCommand root) {
    return secret(root, pinEnv, pinFile, "--pin-env", "--pin-file");
  }

  /** A secret from an environment variable or a file, else the terminal. */
  static PinSource secret(KysoCommand root, String env, Path file, String envOption, String fileOption) {
    if (env != null && file != null) {
      throw new UsageException("Give either " + envOption + " or " + fileOption + ", not both.");
    }
    if (env != null) {
      String var = env;
      if (root.env(var).isEmpty()) {
        // a usage error (64), found before any token is touched
        throw new UsageException("The environment variable " + var + " given by " + envOption + " is not set.");
      }
      return prompt -> {
        String v = root.env(var).orElseThrow(() -> new TokenException(TokenException.Reason.FAILED,
            "The environment variable " + var + " given by " + envOption + " is not set."));
        return Pin.wrap(v.toCharArray());
      };
    }
    if (file != null) {
      return PinSource.file(file);
    }
    if (System.console() != null) {
      return PinSource.console();
    }
    return prompt -> {
      throw new UsageException("A secret is needed and no terminal is attached: use " + envOption + " VAR or "
          + fileOption + " FILE.");
    };
  }

  /** Opens the key; the caller closes it. */
  /** Opens the key for a command whose root is {@code root} (the kyso command, or a command run on its own). */
  public SigningKey open(Object root) throws KysoException {
    return open(root instanceof KysoCommand k ? k : new KysoCommand(System.getenv()));
  }

  SigningKey open(KysoCommand root) throws KysoException {
    if (key == null) {
      throw new UsageException("Missing required option: '--key=KEY'.");
    }
    return Keys.open(key, options(root));
  }

  /** The driver options: the PIN source, and the CSC client secret when given. */
  org.kyso.token.KeyOptions options(KysoCommand root) {
    var b = org.kyso.token.KeyOptions.builder(pinSource(root));
    if (cscSecretEnv != null || cscSecretFile != null) {
      b.cscClientSecret(secret(root, cscSecretEnv, cscSecretFile, "--csc-secret-env", "--csc-secret-file"));
    }
    return b.build();
  }
}
