package org.kyso.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.PreparedSignature;
import org.kyso.core.SigningKey;
import org.kyso.token.remote.ApprovalListener;
import org.kyso.token.remote.RemoteKey;
import org.kyso.token.remote.RemoteSigning;
import org.kyso.token.remote.TransactionStore;

/**
 * Signs files with a key at a remote service where the user approves in an app ({@code qd769:}, {@code smartca:},
 * {@code mysign:}): every file is prepared, all digests go out as one transaction (one approval), the transaction is
 * kept in the store of pending transactions ({@code --transactions}, default {@code ~/.kyso/remote-transactions.db})
 * so that the same command run again after an interruption resumes it instead of asking again, and each file is
 * written only once its signature value arrived and checked out.
 */
final class RemoteDocuments {
  private RemoteDocuments() {}

  /** How one file is prepared and completed (a PDF or XML signer's two steps). */
  interface Steps {
    PreparedSignature prepare(byte[] content) throws KysoException;

    byte[] complete(byte[] content, PreparedSignature prepared, byte[] value) throws KysoException;
  }

  /** The first step of {@link Steps}. */
  interface Prepare {
    PreparedSignature prepare(byte[] content) throws KysoException;
  }

  /** The second step of {@link Steps}. */
  interface Complete {
    byte[] complete(byte[] content, PreparedSignature prepared, byte[] value) throws KysoException;
  }

  /** Steps from two method references, e.g. {@code steps(signer::prepare, signer::complete)}. */
  static Steps steps(Prepare prepare, Complete complete) {
    return new Steps() {
      @Override
      public PreparedSignature prepare(byte[] content) throws KysoException {
        return prepare.prepare(content);
      }

      @Override
      public byte[] complete(byte[] content, PreparedSignature prepared, byte[] value) throws KysoException {
        return complete.complete(content, prepared, value);
      }
    };
  }

  /** One file to sign. */
  record Job(Path in, Path out, Steps steps) {}

  /** What happened to one file: null error when written. */
  record Outcome(Path in, Exception error) {}

  /**
   * Signs one file; its failure is thrown.
   *
   * @throws FileAccessException if the input cannot be read
   */
  static void single(RemoteKey key, Job job, KeyMixin options, KysoCommand root,
      picocli.CommandLine.Model.CommandSpec spec) throws KysoException {
    for (Outcome o : sign(key, List.of(job), options, root, spec)) {
      if (o.error() instanceof KysoException k) {
        throw k;
      }
      if (o.error() instanceof RuntimeException r) {
        throw r;
      }
    }
  }

  /** Options that change how kyso waits or where secrets come from, not what is signed: left out of the intent. */
  private static final java.util.Set<String> NOT_THE_WORK = java.util.Set.of("--approval-timeout",
      "--poll-interval-ms", "--transactions", "--pin-env", "--pin-file", "--service-secret-env",
      "--service-secret-file", "--csc-secret-env", "--csc-secret-file", "--debug");

  /**
   * The command as typed (no secret is ever on it), naming the work together with the inputs' digests; waiting
   * options are left out, so that "run it again with a longer --approval-timeout" resumes the same transaction.
   */
  static List<String> commandLine(picocli.CommandLine.Model.CommandSpec spec) {
    List<String> out = new ArrayList<>();
    out.add(spec.qualifiedName());
    picocli.CommandLine.ParseResult pr = spec.commandLine().getParseResult();
    if (pr == null) {
      return out;
    }
    List<String> args = pr.originalArgs();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      int eq = a.indexOf('=');
      String name = a.startsWith("--") && eq > 0 ? a.substring(0, eq) : a;
      if (NOT_THE_WORK.contains(name)) {
        if (eq < 0 && !name.equals("--debug")) {
          i++; // its value
        }
        continue;
      }
      out.add(a);
    }
    return out;
  }

  /** True for a remote key whose service answers with complete CMS signatures (PDF only, no certificate before). */
  static boolean answersWithCms(SigningKey k) {
    return k instanceof RemoteKey r && r.answersWithCms();
  }

  /** The two steps of a PDF signed with the provider's CMS. */
  static Steps cmsSteps(String reason, String location) {
    org.kyso.pdf.PdfCmsSigner.Builder b = org.kyso.pdf.PdfCmsSigner.builder();
    if (reason != null) {
      b.reason(reason);
    }
    if (location != null) {
      b.location(location);
    }
    org.kyso.pdf.PdfCmsSigner signer = b.build();
    return steps(signer::prepare, signer::complete);
  }

  /**
   * A PDF signed with the provider's CMS, as a {@link org.kyso.core.DocumentSigner} for a remote batch: two steps
   * only (the key answers with a CMS, not a signature value).
   */
  static org.kyso.core.DocumentSigner cmsSigner(String reason, String location) {
    Steps steps = cmsSteps(reason, location);
    return new TwoStepsOnly() {
      @Override
      public PreparedSignature prepare(byte[] document) throws KysoException {
        return steps.prepare(document);
      }

      @Override
      public byte[] complete(byte[] document, PreparedSignature prepared, byte[] cms) throws KysoException {
        return steps.complete(document, prepared, cms);
      }
    };
  }

  /** For XML files in a batch whose service answers with CMS signatures: each is refused, the PDFs go on. */
  static org.kyso.core.DocumentSigner pdfOnly() {
    return new TwoStepsOnly() {
      @Override
      public PreparedSignature prepare(byte[] document) {
        throw new UsageException("this signing service answers with CMS signatures, which fit PDF files only");
      }

      @Override
      public byte[] complete(byte[] document, PreparedSignature prepared, byte[] cms) {
        throw new UsageException("this signing service answers with CMS signatures, which fit PDF files only");
      }
    };
  }

  /** A signer for a service that answers with CMS signatures: only the two steps apply. */
  private abstract static class TwoStepsOnly implements org.kyso.core.DocumentSigner {
    @Override
    public void sign(Path in, Path out) {
      throw new IllegalStateException("This signing service signs in two steps only.");
    }

    @Override
    public byte[] sign(byte[] document) {
      throw new IllegalStateException("This signing service signs in two steps only.");
    }

    @Override
    public org.kyso.core.SignatureAlgorithm algorithm() {
      return org.kyso.core.SignatureAlgorithm.RSA_SHA256; // nominal: the CMS brings its own
    }

    @Override
    public org.kyso.core.Level level() {
      return org.kyso.core.Level.B_B;
    }
  }

  /**
   * The transaction of a batch with a remote key at a Vietnamese service: stored under an intent made of the
   * command line and the SHA-256 of each input file (read in chunks, never whole), so that running the same command
   * again resumes it instead of asking for a second approval.
   */
  static org.kyso.core.SigningBatch.Transaction transaction(RemoteKey key, List<Path> files, KeyMixin options,
      KysoCommand root, picocli.CommandLine.Model.CommandSpec spec) throws KysoException {
    StringBuilder intent = new StringBuilder(String.join("\u0000", commandLine(spec)));
    for (Path f : files) {
      try {
        intent.append('\n').append(f.toAbsolutePath().normalize()).append(' ').append(sha256(f));
      } catch (IOException e) {
        // the batch reports the file as unreadable; it is not part of the work
      }
    }
    TransactionStore store = options.transactionStore(root);
    return new org.kyso.core.SigningBatch.Transaction() {
      private String transaction;

      @Override
      public List<org.kyso.core.SigningBatch.Signed> sign(org.kyso.core.SigningBatch.Preparer preparer)
          throws KysoException {
        Countdown countdown = new Countdown(System.console() == null ? null : spec.commandLine().getErr());
        RemoteSigning signing = RemoteSigning.builder(store).approvalTimeout(options.approvalTimeout())
            .pollInterval(options.pollInterval()).listener(countdown).build();
        RemoteSigning.Result result;
        try {
          result = signing.sign(key, intent.toString(), () -> preparer.prepare().stream()
              .map(p -> new RemoteSigning.Item(p.name(), p.prepared())).toList());
        } finally {
          countdown.end();
        }
        transaction = result.transaction();
        this.signing = signing;
        List<org.kyso.core.SigningBatch.Signed> out = new ArrayList<>();
        for (int i = 0; i < result.items().size(); i++) {
          RemoteSigning.Item item = result.items().get(i);
          out.add(new org.kyso.core.SigningBatch.Signed(item.name(), item.prepared(), result.signatures().get(i)));
        }
        return out;
      }

      private RemoteSigning signing;

      @Override
      public void completed() throws KysoException {
        if (signing != null) {
          signing.completed(transaction);
        }
      }
    };
  }

  /** The SHA-256 of a file, read in chunks. */
  static String sha256(Path f) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buf = new byte[1 << 16];
    try (java.io.InputStream in = Files.newInputStream(f)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  static boolean isRemote(SigningKey k) {
    return k instanceof RemoteKey;
  }

  /**
   * Signs the jobs under one transaction. A file that cannot be read or prepared is reported and left out; a
   * service refusal or an expired approval throws (no file is written).
   *
   * @param command the command line, which with the inputs' digests names the work for resuming
   */
  static List<Outcome> sign(RemoteKey key, List<Job> jobs, KeyMixin options, KysoCommand root,
      picocli.CommandLine.Model.CommandSpec spec) throws KysoException {
    List<String> command = commandLine(spec);
    List<Outcome> outcomes = new ArrayList<>();
    List<Job> readable = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    StringBuilder intent = new StringBuilder(String.join("\u0000", command));
    for (Job j : jobs) {
      try {
        byte[] c = Files.readAllBytes(j.in());
        readable.add(j);
        contents.add(c);
        intent.append('\n').append(j.in().toAbsolutePath().normalize()).append(' ').append(sha256(c));
      } catch (IOException e) {
        outcomes.add(new Outcome(j.in(), new FileAccessException("The file " + j.in() + " cannot be read.", e)));
      }
    }
    if (readable.isEmpty()) {
      return outcomes;
    }
    TransactionStore store = options.transactionStore(root);
    Countdown countdown = new Countdown(System.console() == null ? null : spec.commandLine().getErr());
    RemoteSigning signing = RemoteSigning.builder(store).approvalTimeout(options.approvalTimeout())
        .pollInterval(options.pollInterval()).listener(countdown).build();
    try {
      return sign(signing, key, readable, contents, intent.toString(), outcomes);
    } finally {
      countdown.end();
    }
  }

  private static List<Outcome> sign(RemoteSigning signing, RemoteKey key, List<Job> readable, List<byte[]> contents,
      String intent, List<Outcome> outcomes) throws KysoException {
    List<Job> prepared = new ArrayList<>();
    List<Outcome> prepareFailures = new ArrayList<>();
    RemoteSigning.Result result = signing.sign(key, intent, () -> {
      List<RemoteSigning.Item> items = new ArrayList<>();
      for (int i = 0; i < readable.size(); i++) {
        Job j = readable.get(i);
        try {
          items.add(new RemoteSigning.Item(j.in().getFileName().toString(), j.steps().prepare(contents.get(i))));
          prepared.add(j);
        } catch (KysoException | RuntimeException e) {
          prepareFailures.add(new Outcome(j.in(), e));
        }
      }
      if (items.isEmpty() && !prepareFailures.isEmpty()) {
        Exception first = prepareFailures.get(0).error();
        if (first instanceof KysoException k) {
          throw k;
        }
        throw (RuntimeException) first;
      }
      return items;
    });
    outcomes.addAll(prepareFailures);
    List<Job> signed = result.resumed() ? matchStored(readable, result) : prepared;
    for (int i = 0; i < signed.size(); i++) {
      Job j = signed.get(i);
      byte[] content = contents.get(readable.indexOf(j));
      try {
        byte[] out = j.steps().complete(content, result.items().get(i).prepared(), result.signatures().get(i));
        AtomicFiles.write(j.out(), out);
        outcomes.add(new Outcome(j.in(), null));
      } catch (KysoException | RuntimeException e) {
        outcomes.add(new Outcome(j.in(), e));
      }
    }
    signing.completed(result.transaction());
    return outcomes;
  }

  /** The jobs in the order of a resumed transaction's items (matched by file name, as stored). */
  private static List<Job> matchStored(List<Job> readable, RemoteSigning.Result result) {
    List<Job> out = new ArrayList<>();
    List<Job> left = new ArrayList<>(readable);
    for (RemoteSigning.Item item : result.items()) {
      Job match = left.stream().filter(j -> j.in().getFileName().toString().equals(item.name())).findFirst()
          .orElseThrow(() -> new IllegalStateException("stored item " + item.name() + " has no file"));
      left.remove(match);
      out.add(match);
    }
    return out;
  }

  /** "waiting for approval in the app (transaction 3A41F0C2, 4:32 left)" on the terminal, when there is one. */
  private static final class Countdown implements ApprovalListener {
    private final PrintWriter err;
    private volatile boolean shown;

    /** @param err standard error when a terminal is attached, else null (nothing shown) */
    Countdown(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void waiting(String service, String transaction, String description, Duration left) {
      if (err == null) {
        return;
      }
      long s = Math.max(0, left.toSeconds());
      PrintWriter w = err;
      w.print("\rwaiting for approval in the app (transaction " + transaction + ", " + s / 60 + ":"
          + String.format("%02d", s % 60) + " left): " + description + "   ");
      w.flush();
      shown = true;
    }

    void end() {
      if (shown) {
        err.println();
        err.flush();
      }
    }
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(String s) {
    return sha256(s.getBytes(StandardCharsets.UTF_8));
  }
}
