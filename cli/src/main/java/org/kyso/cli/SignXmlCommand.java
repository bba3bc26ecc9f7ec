package org.kyso.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.kyso.core.FileAccessException;
import org.kyso.core.SigningKey;
import org.kyso.xml.Packaging;
import org.kyso.xml.XmlFormat;
import org.kyso.xml.XmlProfile;
import org.kyso.xml.XmlSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kyso sign xml IN -o OUT --key K}: XAdES or plain XMLDSig, e-invoice and edXML profiles. */
@Command(name = "xml", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Sign an XML document: XAdES, or plain XMLDSig (e-invoices, edXML envelopes).")
final class SignXmlCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IN.xml")
  Path in;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.xml")
  Path out;

  @Mixin
  KeyMixin key;

  @Mixin
  CommonSignOptions common;

  @Mixin
  XmlOptions xml;

  @Override
  public Integer call() throws Exception {
    KysoCommand root = (KysoCommand) spec.root().userObject();
    common.environment(root);
    xml.profile(); // an unknown --profile is a usage error before any key is opened
    InputFiles.requireFile(in, common.maxBytes());
    try (TempCleanup.Handle cleanup = TempCleanup.file(out); SigningKey k = key.open(root)) {
      if (RemoteDocuments.answersWithCms(k)) {
        throw new UsageException("This signing service answers with complete CMS signatures, which fit PDF files"
            + " only: sign XML with a key that gives raw signature values.");
      }
      var status = common.checkStatus(k, common.trustAnchors(), spec.commandLine().getErr());
      xml.in = in;
      XmlSigner signer = xml.signer(k, common);
      if (RemoteDocuments.isRemote(k)) {
        RemoteDocuments.single((org.kyso.token.remote.RemoteKey) k, new RemoteDocuments.Job(in, out,
            RemoteDocuments.steps(signer::prepare, signer::complete)), key, root, spec);
      } else {
        signer.sign(in, out);
      }
      common.warnStatus(status, spec.commandLine().getErr());
      common.saveStatus(status, out, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
    spec.commandLine().getOut().println("signed " + in.getFileName() + " -> " + out + " (" + common.level().label()
        + ")");
    return ExitCodes.OK;
  }

  /** The XML options, shared with {@code sign batch}. */
  static final class XmlOptions {
    @Option(names = "--format", paramLabel = "xades|xmldsig", description = "XAdES (default for plain) or plain XMLDSig.")
    String format;

    @Option(names = "--packaging", paramLabel = "enveloped|enveloping|detached", description = "Where the signature goes (default enveloped).")
    String packaging;

    @Option(names = "--reference-id", paramLabel = "ID", description = "Sign the element with this Id (XMLDSig).")
    String referenceId;

    @Option(names = "--parent-xpath", paramLabel = "XPATH", description = "Put the signature inside this element.")
    String parentXPath;

    @Option(names = "--profile", defaultValue = "plain", paramLabel = "plain|einvoice|edxml|tdiep|bban",
        description = "einvoice: Vietnamese e-invoice layout; edxml: edXML message (QCVN 102:2016); tdiep: a taxpayer's"
            + " document in a tax message (DSCKS/NNT); bban: minutes between seller and buyer.")
    String profile;

    @Option(names = "--buyer", description = "einvoice, bban: sign as the buyer, in DSCKS/NMua (after the seller).")
    boolean buyer;

    @Option(names = "--attachment", paramLabel = "CID=FILE", description = "An edXML attachment's content id and file; repeatable.")
    List<String> attachments = new ArrayList<>();

    /** The envelope being signed, for edXML attachments read from its folder; null in batches. */
    Path in;

    /** The XML profiles, as {@code --profile} names them. */
    static final List<String> PROFILES = List.of("plain", "einvoice", "edxml", "tdiep", "bban");

    /** The profile {@code --profile} names; an unknown name (a typo) is a usage error. */
    XmlProfile profile() {
      return switch (profile.toLowerCase(Locale.ROOT)) {
        case "plain" -> XmlProfile.PLAIN;
        case "einvoice" -> XmlProfile.EINVOICE;
        case "edxml" -> XmlProfile.EDXML;
        case "tdiep" -> XmlProfile.TDIEP;
        case "bban" -> XmlProfile.BBAN;
        default -> throw new UsageException("Unknown --profile '" + profile + "': use plain, einvoice, edxml, tdiep"
            + " or bban.");
      };
    }

    /** A signer for this key with these options. */
    XmlSigner signer(SigningKey key, CommonSignOptions common) throws Exception {
      XmlSigner.Builder b = XmlSigner.builder(key).level(common.level()).trust(common.trustAnchors());
      common.timestamps().ifPresent(b::timestamps);
      // the signer's own status check reads what checkStatus kept (also with the disk cache off), not asking again
      b.revocationAnswers(common.revocationAnswers());
      b.profile(profile());
      if (format != null) {
        b.format(switch (format.toLowerCase(Locale.ROOT)) {
          case "xades" -> XmlFormat.XADES;
          case "xmldsig" -> XmlFormat.XMLDSIG;
          default -> throw new UsageException("--format takes xades or xmldsig.");
        });
      }
      if (packaging != null) {
        b.packaging(switch (packaging.toLowerCase(Locale.ROOT)) {
          case "enveloped" -> Packaging.ENVELOPED;
          case "enveloping" -> Packaging.ENVELOPING;
          case "detached" -> Packaging.DETACHED;
          default -> throw new UsageException("--packaging takes enveloped, enveloping or detached.");
        });
      }
      if (referenceId != null) {
        b.referenceId(referenceId);
      }
      if (parentXPath != null) {
        b.parentXPath(parentXPath);
      }
      if (buyer) {
        if (!"einvoice".equalsIgnoreCase(profile) && !"bban".equalsIgnoreCase(profile)
            && !"tdiep".equalsIgnoreCase(profile)) {
          throw new UsageException("--buyer applies to --profile einvoice or bban.");
        }
        b.buyer(true);
      }
      if (attachments.isEmpty() && "edxml".equalsIgnoreCase(profile) && in != null) {
        // the attachments the envelope lists, read from the envelope's folder
        b.attachments(org.kyso.xml.EdxmlEnvelope.readAttachments(in));
      }
      for (String a : attachments) {
        int eq = a.indexOf('=');
        if (eq <= 0 || eq == a.length() - 1) {
          throw new UsageException("--attachment takes CID=FILE, e.g. --attachment doc1=quyet-dinh.pdf.");
        }
        Path file = InputFiles.requireOptionFile(Path.of(a.substring(eq + 1)), "--attachment", common.maxBytes());
        try {
          b.attachment(a.substring(0, eq), Files.readAllBytes(file));
        } catch (IOException e) {
          throw new FileAccessException("The attachment " + file + " does not exist or cannot be read.", e);
        }
      }
      try {
        return b.build();
      } catch (IllegalStateException | IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }
  }
}
