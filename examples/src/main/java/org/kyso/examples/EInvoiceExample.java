package org.kyso.examples;

import java.nio.file.Path;
import org.kyso.core.KeySelector;
import org.kyso.core.KysoException;
import org.kyso.core.PinSource;
import org.kyso.core.SigningKey;
import org.kyso.core.Token;
import org.kyso.core.TrustAnchors;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.VerificationReport;
import org.kyso.token.pkcs12.Pkcs12Token;
import org.kyso.xml.XmlProfile;
import org.kyso.xml.XmlSigner;
import org.kyso.xml.XmlVerifier;

/**
 * Signs a Vietnamese e-invoice as the seller and checks the result.
 *
 * <p>The seller's XMLDSig signature goes into {@code HDon/DSCKS/NBan}, covers the invoice data {@code HDon/DLHDon}
 * (through its {@code Id}) and a signed {@code SigningTime}. Run:
 *
 * <pre>
 * KYSO_PIN=... java org.kyso.examples.EInvoiceExample seller.p12 hoa-don.xml hoa-don.signed.xml root-ca.pem
 * </pre>
 */
public final class EInvoiceExample {
  private EInvoiceExample() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: EInvoiceExample KEY.p12 INVOICE.xml SIGNED.xml ROOT.pem (password in $KYSO_PIN)");
      System.exit(64);
    }
    VerificationReport report = signAndVerify(Path.of(args[0]), PinSource.environment("KYSO_PIN"),
        Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
    for (SignatureResult s : report.signatures()) {
      System.out.println(s.signedBy() + ": " + s.indication() + " " + s.errors());
    }
  }

  /** Signs {@code invoice} into {@code signed} with the key in {@code keyFile}, then verifies it. */
  public static VerificationReport signAndVerify(Path keyFile, PinSource password, Path invoice, Path signed,
      Path trustedRoot) throws KysoException {
    try (Token token = Pkcs12Token.open(keyFile, password);
         SigningKey key = token.key(KeySelector.nonRepudiation())) {
      XmlSigner signer = XmlSigner.builder(key).profile(XmlProfile.EINVOICE).build();
      signer.sign(invoice, signed);
    }
    XmlVerifier verifier = XmlVerifier.builder().trust(TrustAnchors.fromPem(trustedRoot)).build();
    return verifier.verify(signed);
  }
}
