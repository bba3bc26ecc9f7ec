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
      description = "p12:FILE[#ALIAS], pkcs11:token=LABEL;object=KEY?module-path=LIB, csc:URL?credential=ID&client-id=C,"
          + " qd769:URL?sp-id=SP&user-id=ID, smartca:URL?client-id=ID&user=U or mysign:URL?client-id=ID&user-id=ID&profile-id=P")
  String key;

  @Option(names = "--pin-env", paramLabel = "VAR", description = "Read the PIN or password from this environment variable.")
  String pinEnv;

  @Option(names = "--pin-file", paramLabel = "FILE", description = "Read the PIN or password from the first line of this file.")
  Path pinFile;

  @Option(names = {"--service-secret-env", "--csc-secret-env"}, paramLabel = "VAR",
      description = "The remote service's secret (CSC/SmartCA/MySign client secret, QĐ 769 SP password), from this environment variable.")
  String cscSecretEnv;

  @Option(names = {"--service-secret-file", "--csc-secret-file"}, paramLabel = "FILE",
      description = "The remote service's secret, from the first line of this file.")
  Path cscSecretFile;

  @Option(names = "--approval-timeout", paramLabel = "SECONDS",
      description = "How long to wait for the approval in the signing app (remote keys; default 300).")
  Long approvalTimeoutSeconds;

  @Option(names = "--poll-interval-ms", paramLabel = "MS", hidden = true,
      description = "First pause between asking a remote service for the approval (default 2000).")
  Long pollIntervalMs;

  @Option(names = "--transactions", paramLabel = "DB",
      description = "Where pending remote signatures are kept so a rerun resumes them: a SQLite file or a jdbc:postgresql:// URL"
          + " (default $KYSO_TRANSACTIONS, else ~/.kyso/remote-transactions.db).")
  String transactions;

  /** How long to wait for a remote approval. */
  java.time.Duration approvalTimeout() {
    if (approvalTimeoutSeconds != null && (approvalTimeoutSeconds < 1 || approvalTimeoutSeconds > 86_400)) {
      throw new UsageException("--approval-timeout takes a number of seconds from 1 to 86400.");
    }
    return java.time.Duration.ofSeconds(approvalTimeoutSeconds == null ? 300 : approvalTimeoutSeconds);
  }

  /** The first pause between polls. */
  java.time.Duration pollInterval() {
    if (pollIntervalMs != null && (pollIntervalMs < 1 || pollIntervalMs > 60_000)) {
      throw new UsageException("--poll-interval-ms takes a number from 1 to 60000.");
    }
    return java.time.Duration.ofMillis(pollIntervalMs == null ? 2000 : pollIntervalMs);
  }

  /** The store of pending remote transactions: --transactions, $KYSO_TRANSACTIONS, else ~/.kyso/remote-transactions.db. */
  org.kyso.token.remote.TransactionStore transactionStore(KysoCommand root) throws KysoException {
    String where = transactions != null ? transactions : root.env("KYSO_TRANSACTIONS").orElse(null);
    if (where == null) {
      String home = root.env("HOME").orElse(System.getProperty("user.home"));
      return org.kyso.token.remote.TransactionStore.sqlite(Path.of(home, ".kyso", "remote-transactions.db"));
    }
    return org.kyso.token.remote.TransactionStore.open(where);
  }

  /** Where the PIN comes from: --pin-env, --pin-file, else a prompt without echo when a terminal is attached. */
  PinSource pinSource(KysoCommand root) throws KysoException {
    return secret(root, pinEnv, pinFile, "--pin-env", "--pin-file");
  }

  /** A secret from an environment variable or a file, else the terminal. */
  static PinSource secret(KysoCommand root, String env, Path file, String envOption, String fileOption)
      throws KysoException {
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
      // before any token is touched: a pipe would block, a device never end
      InputFiles.requireOptionFile(file, fileOption, InputFiles.SECRET_LIMIT);
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
  org.kyso.token.KeyOptions options(KysoCommand root) throws KysoException {
    var b = org.kyso.token.KeyOptions.builder(pinSource(root));
    if (cscSecretEnv != null || cscSecretFile != null) {
      b.cscClientSecret(secret(root, cscSecretEnv, cscSecretFile, "--service-secret-env", "--service-secret-file"));
    }
    if (key != null && org.kyso.token.remote.RemoteKeys.handles(key)) {
      b.approvalTimeout(approvalTimeout()).pollInterval(pollInterval());
    } else {
      if (approvalTimeoutSeconds != null) {
        b.approvalTimeout(approvalTimeout());
      }
      if (pollIntervalMs != null) {
        b.pollInterval(pollInterval());
      }
    }
    return b.build();
  }
}
