package org.kyso.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.kyso.core.KysoException;
import org.kyso.core.TrustAnchors;
import org.kyso.core.TrustPin;
import org.kyso.core.TrustProfile;
import org.kyso.core.TrustStore;
import org.kyso.core.TrustUpdate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kyso trust update|import|list|remove}: the user's store of Vietnamese CA certificates. */
@Command(name = "trust", mixinStandardHelpOptions = true,
    description = "Install, list and remove the trusted Vietnamese CA certificates (trust profiles vn-gov, vn-public).",
    subcommands = {TrustCommand.Update.class, TrustCommand.Import.class, TrustCommand.ListCerts.class,
        TrustCommand.Remove.class})
final class TrustCommand {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  static TrustStore store(Path option, Object root) {
    return option != null ? TrustStore.at(option) : TrustStore.at(TrustStore.defaultLocation(env(root)));
  }

  static java.util.Map<String, String> env(Object root) {
    return root instanceof KysoCommand k ? k.environment() : System.getenv();
  }

  static TrustProfile profile(String label) {
    try {
      return TrustProfile.parse(label);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--profile takes vn, vn-gov or vn-public.");
    }
  }

  static String describe(X509Certificate c) {
    return c.getSubjectX500Principal().getName() + "\n    valid " + DAY.format(c.getNotBefore().toInstant()) + " to "
        + DAY.format(c.getNotAfter().toInstant()) + "\n    SHA-256 " + TrustPin.colons(TrustPin.sha256(c));
  }

  @Command(name = "update", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Download the CA certificates of a profile from their official addresses; only certificates whose"
          + " SHA-256 matches a fingerprint pinned in kyso are installed.")
  static final class Update implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--profile", defaultValue = "vn", paramLabel = "vn|vn-gov|vn-public",
        description = "Which hierarchies (default ${DEFAULT-VALUE}: both).")
    String profile;

    @Option(names = "--mirror", paramLabel = "URL", description = "Download from URL/<host>/<path> instead of the"
        + " official addresses (an internal mirror); fingerprints are checked all the same.")
    URI mirror;

    @Option(names = "--trust-store", paramLabel = "DIR", description = "The trust store folder (default:"
        + " $KYSO_TRUST_DIR, else the user's configuration folder).")
    Path storeDir;

    @Override
    public Integer call() throws Exception {
      TrustStore store = store(storeDir, spec.root().userObject());
      TrustUpdate.Builder b = TrustUpdate.builder(store).profile(profile(profile));
      if (mirror != null) {
        try {
          b.mirror(mirror);
        } catch (IllegalArgumentException e) {
          throw new UsageException("--mirror takes an http or https address.");
        }
      }
      TrustUpdate.Result r = b.build().run();
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      out.println("Trust store: " + store.location());
      for (TrustUpdate.Installed i : r.installed()) {
        out.println((i.alreadyPresent() ? "up to date: " : "installed:  ") + i.pin().name() + " ["
            + i.pin().profile().label() + "] SHA-256 " + TrustPin.colons(i.pin().sha256()));
      }
      if (r.trustList().isPresent()) {
        TrustUpdate.TrustList l = r.trustList().get();
        for (TrustUpdate.Listed c : l.installed()) {
          out.println((c.alreadyPresent() ? "up to date: " : "installed:  ") + c.certificate().getSubjectX500Principal()
              .getName() + " [vn-gov] from the government trust list, SHA-256 "
              + TrustPin.colons(TrustPin.sha256(c.certificate())));
        }
        l.sentence().ifPresent(sentence -> err.println("kyso: " + sentence));
      }
      for (TrustUpdate.Problem p : r.unreachable()) {
        err.println("kyso: " + p.sentence());
      }
      for (TrustUpdate.Problem p : r.refused()) {
        err.println("kyso: " + p.sentence());
      }
      out.flush();
      err.flush();
      if (!r.refused().isEmpty() || r.trustList().map(TrustUpdate.TrustList::refused).orElse(false)) {
        return ExitCodes.DATA;
      }
      // a pin without an official address is not a failure of the update
      boolean anyDownloadFailed = r.unreachable().stream().anyMatch(p -> p.pin().url().isPresent());
      return anyDownloadFailed ? ExitCodes.UNAVAILABLE : ExitCodes.OK;
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Add CA certificates from a file (PEM, DER or P7B) to the trust store, after showing their"
          + " fingerprints.")
  static final class Import implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The certificate file.")
    Path file;

    @Option(names = "--profile", paramLabel = "vn-gov|vn-public",
        description = "The hierarchy the certificates belong to; may be left out for certificates pinned in kyso.")
    String profile;

    @Option(names = "--yes", description = "Trust certificates that kyso does not pin without asking (compare the"
        + " fingerprints shown with the CA's publication first).")
    boolean yes;

    @Option(names = "--trust-store", paramLabel = "DIR", description = "The trust store folder.")
    Path storeDir;

    @Override
    public Integer call() throws Exception {
      TrustStore store = store(storeDir, spec.root().userObject());
      Optional<TrustProfile> hierarchy = Optional.ofNullable(profile).map(TrustCommand::profile);
      if (hierarchy.isPresent() && hierarchy.get() == TrustProfile.VN) {
        throw new UsageException("--profile for an import is vn-gov or vn-public.");
      }
      List<X509Certificate> certs = TrustAnchors.readCertificates(file);
      PrintWriter out = spec.commandLine().getOut();
      // decide for every certificate before writing any
      List<TrustProfile> where = new java.util.ArrayList<>();
      boolean unpinned = false;
      for (X509Certificate c : certs) {
        Optional<TrustPin> pin = TrustPin.bySha256(TrustPin.sha256(c));
        out.println((pin.isPresent() ? "pinned in kyso (" + pin.get().name() + "): " : "NOT pinned in kyso: ")
            + describe(c));
        TrustProfile h = hierarchy.or(() -> pin.map(TrustPin::profile)).orElse(null);
        if (h == null) {
          throw new UsageException("Say which hierarchy " + c.getSubjectX500Principal().getName()
              + " belongs to: --profile vn-gov or --profile vn-public.");
        }
        unpinned |= pin.isEmpty();
        where.add(h);
      }
      out.flush();
      if (unpinned && !yes && !confirm()) {
        throw new UsageException("Nothing was imported: compare the SHA-256 fingerprint above with the one the CA"
            + " publishes, then run again with --yes.");
      }
      for (int i = 0; i < certs.size(); i++) {
        store.add(certs.get(i), where.get(i), "imported from " + file.toAbsolutePath().normalize());
        out.println("imported into " + where.get(i).label() + ": "
            + certs.get(i).getSubjectX500Principal().getName());
      }
      return ExitCodes.OK;
    }

    private boolean confirm() {
      java.io.Console console = System.console();
      if (console == null) {
        return false;
      }
      String answer = console.readLine("Trust the certificate(s) above? [y/N] ");
      return answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y");
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the certificates in the trust store: subject, validity, fingerprint, source and profile.")
  static final class ListCerts implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--trust-store", paramLabel = "DIR", description = "The trust store folder.")
    Path storeDir;

    @Override
    public Integer call() throws KysoException {
      TrustStore store = store(storeDir, spec.root().userObject());
      PrintWriter out = spec.commandLine().getOut();
      List<TrustStore.Entry> entries = store.entries();
      out.println("Trust store: " + store.location());
      if (entries.isEmpty()) {
        out.println("(empty: run 'kyso trust update' or 'kyso trust import FILE')");
      }
      for (TrustStore.Entry e : entries) {
        out.println("[" + e.profile().label() + "] " + describe(e.certificate()) + "\n    source " + e.source()
            + (e.pinned() ? " (fingerprint pinned in kyso)" : " (not pinned: imported by the user)"));
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Remove a certificate from the trust store by its SHA-256 fingerprint.")
  static final class Remove implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SHA256", description = "The fingerprint as 'kyso trust list' shows it.")
    String fingerprint;

    @Option(names = "--trust-store", paramLabel = "DIR", description = "The trust store folder.")
    Path storeDir;

    @Override
    public Integer call() throws KysoException {
      String f = TrustPin.normalise(fingerprint);
      if (!f.matches("[0-9A-F]{64}")) {
        throw new UsageException("A SHA-256 fingerprint is 64 hexadecimal digits (colons allowed).");
      }
      boolean removed = store(storeDir, spec.root().userObject()).remove(f);
      if (!removed) {
        throw new UsageException("No certificate with SHA-256 " + TrustPin.colons(f) + " is in the trust store.");
      }
      spec.commandLine().getOut().println("removed " + TrustPin.colons(f));
      return ExitCodes.OK;
    }
  }
}
