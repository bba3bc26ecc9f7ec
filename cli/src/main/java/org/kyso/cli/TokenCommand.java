package org.kyso.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
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

    @Mixin
    SecretOptions secrets;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      if (csc != null && module != null) {
        throw new UsageException("Give either --module or --csc, not both.");
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
        for (Pkcs11Object o : m.publicObjects(slot)) {
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

  /** The CSC client secret, for listing (no PIN is needed to list). */
  static final class SecretOptions {
    @Option(names = "--csc-secret-env", paramLabel = "VAR", description = "The CSC OAuth2 client secret, from this environment variable.")
    String cscSecretEnv;

    @Option(names = "--csc-secret-file", paramLabel = "FILE", description = "The CSC OAuth2 client secret, from a file.")
    Path cscSecretFile;

    org.kyso.token.KeyOptions options(KysoCommand root) {
      var b = org.kyso.token.KeyOptions.builder(prompt -> {
        throw new UsageException("Listing needs no PIN.");
      });
      if (cscSecretEnv != null || cscSecretFile != null) {
        b.cscClientSecret(KeyMixin.secret(root, cscSecretEnv, cscSecretFile, "--csc-secret-env", "--csc-secret-file"));
      }
      return b.build();
    }
  }
}
