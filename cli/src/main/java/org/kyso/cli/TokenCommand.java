package org.kyso.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.kyso.core.TokenException;
import org.kyso.core.internal.SignerCertificates;
import org.kyso.token.csc.CscClient;
import org.kyso.token.csc.CscCredential;
import org.kyso.token.csc.CscUri;
import org.kyso.token.pkcs11.Pkcs11Module;
import org.kyso.token.pkcs11.Pkcs11Object;
import org.kyso.token.pkcs11.Pkcs11Slot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kyso token list}: what a PKCS#11 module or a CSC service offers. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Inspect tokens, HSMs and remote signing services.",
    subcommands = {TokenCommand.ListCommand.class})
final class TokenCommand {

  @Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
      description = "List the slots, tokens, keys and certificates of a PKCS#11 module, or the credentials of a CSC service.")
  static final class ListCommand implements Callable<Integer> {
    static final String DEFAULT_MODULE = "/usr/lib/softhsm/libsofthsm2.so";

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--module", paramLabel = "LIB", description = "PKCS#11 library (default: " + DEFAULT_MODULE + ").")
    Path module;

    @Option(names = "--csc", paramLabel = "URL", description = "CSC v2 base URL, e.g. csc:https://host/csc/v2?client-id=C or https://host/csc/v2.")
    String csc;

    @Option(names = "--remote", paramLabel = "KEY-URI",
        description = "A remote signing account: qd769:URL?sp-id=SP&user-id=ID, smartca:URL?client-id=ID&user=U or"
            + " mysign:URL?client-id=ID&user-id=ID&profile-id=P; lists its certificates with the --key for each.")
    String remote;

    @Mixin
    SecretOptions secrets;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      if (csc != null && module != null) {
        throw new UsageException("Give either --module or --csc, not both.");
      }
      if (remote != null && (csc != null || module != null)) {
        throw new UsageException("Give only one of --module, --csc and --remote.");
      }
      if (remote != null) {
        return listRemote(out);
      }
      if (csc != null) {
        return listCsc(out);
      }
      Pkcs11Module m = Pkcs11Module.load(module == null ? Path.of(DEFAULT_MODULE) : module);
      out.println("Module " + m.path() + ": " + m.description());
      for (Pkcs11Slot slot : m.slots()) {
        out.println("  Slot " + slot.slotId() + ": " + slot.description().strip());
        if (slot.token().isEmpty()) {
          out.println("    (no token)");
          continue;
        }
        var t = slot.token().get();
        out.println("    Token \"" + t.label() + "\" serial " + t.serial() + ", " + t.manufacturer().strip() + " "
            + t.model().strip() + (t.pinLocked() ? ", PIN LOCKED" : t.pinFinalTry() ? ", last PIN try" : ""));
        List<Pkcs11Object> objects;
        try {
          objects = m.publicObjects(slot);
        } catch (TokenException e) {
          // one unreadable token (e.g. SoftHSM's free slot, whose token is not initialised) must not hide the others
          out.println(t.label().isBlank() ? "      (token not initialised)"
              : "      (its objects cannot be read: " + e.getMessage() + ")");
          continue;
        }
        for (Pkcs11Object o : objects) {
          out.println("      " + o.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " \""
              + o.label() + "\" id " + HexFormat.of().formatHex(o.id()) + o.keyType().map(k -> " " + k).orElse("")
              + o.certificate().map(c -> ", " + SignerCertificates.commonName(c) + ", valid until "
                  + c.getNotAfter().toInstant()).orElse(""));
          out.println("        " + o.uri());
        }
      }
      out.flush();
      return ExitCodes.OK;
    }

    private int listRemote(PrintWriter out) throws Exception {
      if (!org.kyso.token.remote.RemoteKeys.handles(remote)) {
        throw new UsageException("--remote takes a qd769:, smartca: or mysign: key.");
      }
      KysoCommand root = (KysoCommand) spec.root().userObject();
      List<org.kyso.token.remote.RemoteKeys.Listed> listed;
      try {
        listed = org.kyso.token.remote.RemoteKeys.list(remote, secrets.options(root));
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
      out.println("Service " + remote.substring(0, remote.indexOf('?') < 0 ? remote.length() : remote.indexOf('?')));
      for (var l : listed) {
        out.println("  Certificate " + l.id() + (l.status().isEmpty() ? "" : " (" + l.status() + ")") + ", "
            + SignerCertificates.commonName(l.certificate()) + ", valid until " + l.certificate().getNotAfter()
            .toInstant());
        out.println("    --key " + l.keySpec());
      }
      out.flush();
      return ExitCodes.OK;
    }

    private int listCsc(PrintWriter out) throws Exception {
      KysoCommand root = (KysoCommand) spec.root().userObject();
      String spec0 = csc.startsWith("csc:") ? csc : "csc:" + csc;
      CscUri uri;
      try {
        uri = CscUri.parse(spec0);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
      CscClient client = CscClient.create(uri, secrets.options(root));
      out.println("Service " + uri.base());
      for (CscCredential c : client.credentials()) {
        out.println("  Credential " + c.id() + (c.description().isEmpty() ? "" : " (" + c.description() + ")")
            + ", " + c.authMode() + (c.keyEnabled() ? "" : ", KEY DISABLED")
            + c.certificate().map(x -> ", " + SignerCertificates.commonName(x)).orElse(""));
        out.println("    --key csc:" + uri.base() + "?credential=" + c.id()
            + uri.clientId().map(id -> "&client-id=" + id).orElse(""));
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** The service secret for listing, and the password a SmartCA login needs (no other PIN is needed to list). */
  static final class SecretOptions {
    @Option(names = {"--service-secret-env", "--csc-secret-env"}, paramLabel = "VAR",
        description = "The remote service's secret (client secret, QĐ 769 SP password), from this environment variable.")
    String cscSecretEnv;

    @Option(names = {"--service-secret-file", "--csc-secret-file"}, paramLabel = "FILE",
        description = "The remote service's secret, from a file.")
    Path cscSecretFile;

    @Option(names = "--pin-env", paramLabel = "VAR", description = "SmartCA: the user's password, from this environment variable.")
    String pinEnv;

    @Option(names = "--pin-file", paramLabel = "FILE", description = "SmartCA: the user's password, from a file.")
    Path pinFile;

    org.kyso.token.KeyOptions options(KysoCommand root) throws org.kyso.core.KysoException {
      org.kyso.core.PinSource pin = pinEnv != null || pinFile != null
          ? KeyMixin.secret(root, pinEnv, pinFile, "--pin-env", "--pin-file")
          : prompt -> {
            throw new UsageException("Listing needs no PIN, except a SmartCA login (the user's password): give --pin-env or --pin-file.");
          };
      var b = org.kyso.token.KeyOptions.builder(pin);
      if (cscSecretEnv != null || cscSecretFile != null) {
        b.cscClientSecret(KeyMixin.secret(root, cscSecretEnv, cscSecretFile, "--service-secret-env",
            "--service-secret-file"));
      }
      return b.build();
    }
  }
}
