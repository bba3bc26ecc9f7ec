package org.kyso.examples;

import java.nio.file.Path;
import java.util.Map;
import org.kyso.core.KeySelector;
import org.kyso.core.KysoException;
import org.kyso.core.PinSource;
import org.kyso.core.SigningKey;
import org.kyso.core.Token;
import org.kyso.core.TrustAnchors;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.VerificationReport;
import org.kyso.token.pkcs12.Pkcs12Token;
import org.kyso.xml.EdxmlEnvelope;
import org.kyso.xml.XmlProfile;
import org.kyso.xml.XmlSigner;
import org.kyso.xml.XmlVerifier;

/**
 * Signs an edXML envelope for sending to another agency, and verifies it as the receiver would.
 *
 * <p>The attachments the envelope lists as {@code cid:NAME} are read from files named NAME next to the envelope;
 * the signature in {@code edXMLHeader} covers the envelope and each attachment. Run:
 *
 * <pre>
 * KYSO_PIN=... java org.kyso.examples.EdxmlExample office.p12 envelope.xml envelope.signed.xml root-ca.pem
 * </pre>
 */
public final class EdxmlExample {
  private EdxmlExample() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: EdxmlExample KEY.p12 ENVELOPE.xml SIGNED.xml ROOT.pem (password in $KYSO_PIN)");
      System.exit(64);
    }
    VerificationReport report = signAndVerify(Path.of(args[0]), PinSource.environment("KYSO_PIN"),
        Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
    for (SignatureResult s : report.signatures()) {
      System.out.println(s.signedBy() + ": " + s.indication() + " " + s.errors());
    }
  }

  /** Signs the envelope and its attachments, then verifies the signed envelope with the same attachments. */
  public static VerificationReport signAndVerify(Path keyFile, PinSource password, Path envelope, Path signed,
      Path trustedRoot) throws KysoException {
    Map<String, byte[]> attachments = EdxmlEnvelope.readAttachments(envelope);
    try (Token token = Pkcs12Token.open(keyFile, password);
         SigningKey key = token.key(KeySelector.any())) {
      XmlSigner signer = XmlSigner.builder(key).profile(XmlProfile.EDXML).attachments(attachments).build();
      signer.sign(envelope, signed);
    }
    // the receiver gets the envelope and the attachments, and checks them together
    XmlVerifier verifier = XmlVerifier.builder().trust(TrustAnchors.fromPem(trustedRoot)).build();
    return verifier.verify(signed, EdxmlEnvelope.readAttachments(signed));
  }
}
