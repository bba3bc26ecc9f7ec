package org.kyso.pdf.internal;

import eu.europa.esig.dss.alert.exception.AlertException;
import eu.europa.esig.dss.enumerations.CertificationPermission;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.DSSException;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.SignatureFieldParameters;
import eu.europa.esig.dss.pades.SignatureImageParameters;
import eu.europa.esig.dss.pades.SignatureImageTextParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.spi.exception.DSSExternalResourceException;
import eu.europa.esig.dss.spi.exception.IllegalInputException;
import eu.europa.esig.dss.spi.validation.CertificateVerifier;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.kyso.core.DocumentException;
import org.kyso.core.KysoException;
import org.kyso.core.Level;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SignerCertificateException;
import org.kyso.core.SigningKey;
import org.kyso.core.TimestampService;
import org.kyso.core.TrustAnchors;
import org.kyso.core.internal.SignatureValues;
import org.kyso.core.internal.dss.DssAdapters;
import org.kyso.core.internal.dss.DssServices;
import org.kyso.core.internal.dss.DssVerifiers;
import org.kyso.core.internal.revocation.RevocationSources;

/**
 * Runs DSS's PAdES service with kyso's settings. Stateless apart from its immutable settings: each call builds
 * its own DSS service and parameters, so one engine serves many threads.
 */
public final class PadesEngine {
  /** Everything a PAdES signature needs besides the document, the layout and the signing time. */
  public record Settings(Level level, SignatureAlgorithm algorithm, List<X509Certificate> chain,
      TimestampService timestamps, TrustAnchors trust, String reason, String location, String contactInfo,
      String signerName, Integer certificationPermission, FontSet fonts) {
    public Settings {
      chain = List.copyOf(chain);
    }
  }

  private final Settings settings;

  /**
   * Revocation sources for B-LT and up, shared by every document this engine signs: a chain shared by a batch has
   * its OCSP answers and CRLs fetched once (they are kept until their next update).
   */
  private final RevocationSources revocation;

  /**
   * The password that opens a protected input (DSS reopens the document with it, and PDFBox encrypts the new
   * revision with the document's own key), or null. Kept out of {@link Settings} so no record printing shows it.
   */
  private final char[] password;

  public PadesEngine(Settings settings) {
    this(settings, RevocationSources.online());
  }

  public PadesEngine(Settings settings, RevocationSources revocation) {
    this(settings, revocation, null);
  }

  /** With the password of protected documents ({@code null}: none); the array is copied. */
  public PadesEngine(Settings settings, RevocationSources revocation, char[] password) {
    this.settings = settings;
    this.revocation = revocation;
    this.password = password == null ? null : password.clone();
  }

  /**
   * Signs in one go with {@code key}. The key's value is checked against the signer's certificate before DSS builds
   * the document: a key that does not belong to the certificate is refused, nothing is produced.
   */
  public byte[] sign(byte[] pdf, Layout layout, Instant signingTime, SigningKey key) throws KysoException {
    PAdESService service = service(layout);
    PAdESSignatureParameters p = parameters(layout, signingTime);
    DSSDocument doc = new InMemoryDocument(pdf);
    ToBeSigned tbs = run(() -> service.getDataToSign(doc, p));
    SignatureValue value = DssAdapters.sign(key, settings.algorithm(), tbs);
    SignatureValues.requireKeyMatches(settings.chain().get(0), settings.algorithm(), tbs.getBytes(), value.getValue());
    return write(run(() -> service.signDocument(doc, p, value)));
  }

  /** Extends the existing signatures of {@code pdf} to the settings' level (no new signature). */
  public byte[] extend(byte[] pdf) throws KysoException {
    PAdESService service = new PAdESService(settings.level().ordinal() >= Level.B_LT.ordinal()
        ? DssVerifiers.forSigning(settings.trust(), revocation)
        : new CommonCertificateVerifier());
    service.setTspSource(DssServices.tspSource(settings.timestamps()));
    service.setPdfObjFactory(new KysoPdfObjFactory(Layout.invisible(), settings.fonts()));
    PAdESSignatureParameters p = new PasswordHidingParameters.Signature();
    p.setSignatureLevel(switch (settings.level()) {
      case B_B -> throw new IllegalStateException("B-B cannot be an extension target");
      case B_T -> SignatureLevel.PAdES_BASELINE_T;
      case B_LT -> SignatureLevel.PAdES_BASELINE_LT;
      case B_LTA -> SignatureLevel.PAdES_BASELINE_LTA;
    });
    protect(p);
    return write(run(() -> service.extendDocument(new InMemoryDocument(pdf), p)));
  }

  /** The bytes the signature value is computed over (DER signed attributes). */
  public byte[] dataToSign(byte[] pdf, Layout layout, Instant signingTime) throws KysoException {
    PAdESService service = service(layout);
    PAdESSignatureParameters p = parameters(layout, signingTime);
    return run(() -> service.getDataToSign(new InMemoryDocument(pdf), p)).getBytes();
  }

  /**
   * Finishes a two-step signature. The signature value is checked against the signer's public key first, so a
   * value made for other data (another document, another time) is refused instead of producing a broken PDF.
   */
  public byte[] complete(byte[] pdf, Layout layout, Instant signingTime, byte[] signatureValue) throws KysoException {
    PAdESService service = service(layout);
    PAdESSignatureParameters p = parameters(layout, signingTime);
    DSSDocument doc = new InMemoryDocument(pdf);
    ToBeSigned tbs = run(() -> service.getDataToSign(doc, p));
    SignatureValues.requireValid(settings.chain().get(0), settings.algorithm(), tbs.getBytes(), signatureValue);
    SignatureValue value = DssAdapters.value(settings.algorithm(), signatureValue);
    return write(run(() -> service.signDocument(doc, p, value)));
  }

  /**
   * As {@link #complete(byte[], Layout, Instant, byte[])}, when {@link #dataToSign} was computed for the same
   * document, layout and time a moment ago (a batch): the value is checked against that data instead of computing
   * it again.
   */
  public byte[] complete(byte[] pdf, Layout layout, Instant signingTime, byte[] dataToSign, byte[] signatureValue)
      throws KysoException {
    SignatureValues.requireValid(settings.chain().get(0), settings.algorithm(), dataToSign, signatureValue);
    PAdESService service = service(layout);
    PAdESSignatureParameters p = parameters(layout, signingTime);
    SignatureValue value = DssAdapters.value(settings.algorithm(), signatureValue);
    return write(run(() -> service.signDocument(new InMemoryDocument(pdf), p, value)));
  }

  private PAdESService service(Layout layout) {
    CertificateVerifier verifier = settings.level().ordinal() >= Level.B_LT.ordinal()
        ? DssVerifiers.forSigning(settings.trust(), revocation)
        : new CommonCertificateVerifier();
    PAdESService service = new PAdESService(verifier);
    KysoPdfObjFactory factory = new KysoPdfObjFactory(layout, settings.fonts());
    service.setPdfObjFactory(factory);
    if (settings.level().needsTimestamp()) {
      service.setTspSource(DssServices.tspSource(settings.timestamps()));
    }
    return service;
  }

  private PAdESSignatureParameters parameters(Layout layout, Instant signingTime) {
    PAdESSignatureParameters p = new PasswordHidingParameters.Signature();
    p.setSignatureLevel(switch (settings.level()) {
      case B_B -> SignatureLevel.PAdES_BASELINE_B;
      case B_T -> SignatureLevel.PAdES_BASELINE_T;
      case B_LT -> SignatureLevel.PAdES_BASELINE_LT;
      case B_LTA -> SignatureLevel.PAdES_BASELINE_LTA;
    });
    p.setDigestAlgorithm(DssAdapters.digest(settings.algorithm().digest()));
    p.setSigningCertificate(DssAdapters.token(settings.chain().get(0)));
    p.setCertificateChain(DssAdapters.tokens(settings.chain()));
    p.setEncryptionAlgorithm(DssAdapters.encryption(settings.algorithm()));
    p.bLevel().setSigningDate(Date.from(signingTime));
    p.setSigningTimeZone(TimeZone.getTimeZone("GMT+07:00"));
    p.setContentSize(settings.level() == Level.B_B ? 16_384 : 32_768);
    p.setAppName("kyso");
    protect(p);
    if (settings.reason() != null) {
      p.setReason(settings.reason());
    }
    if (settings.location() != null) {
      p.setLocation(settings.location());
    }
    if (settings.contactInfo() != null) {
      p.setContactInfo(settings.contactInfo());
    }
    if (settings.signerName() != null) {
      p.setSignerName(settings.signerName());
    }
    if (settings.certificationPermission() != null) {
      p.setPermission(CertificationPermission.fromCode(settings.certificationPermission()));
    }
    layout.widget().ifPresent(w -> {
      // DSS calls the drawer only when image parameters are not empty; our drawer ignores their content
      SignatureImageParameters ip = new SignatureImageParameters();
      SignatureFieldParameters fp = new SignatureFieldParameters();
      fp.setPage(w.pageIndex() + 1);
      ip.setFieldParameters(fp);
      SignatureImageTextParameters tp = new SignatureImageTextParameters();
      tp.setText("kyso");
      ip.setTextParameters(tp);
      p.setImageParameters(ip);
    });
    return p;
  }

  /** How DSS's parameters of a signature by this engine print, timestamps' included (what a debug log would show). */
  public String describeParameters() {
    PAdESSignatureParameters p = parameters(Layout.invisible(), Instant.EPOCH);
    return p + "\n" + p.getContentTimestampParameters() + "\n" + p.getSignatureTimestampParameters() + "\n"
        + p.getArchiveTimestampParameters();
  }

  /** Gives DSS the document password, in parameters whose printing (a debug log) does not show it. */
  private void protect(PAdESSignatureParameters p) {
    if (password == null) {
      return;
    }
    p.setPasswordProtection(password.clone());
    p.setContentTimestampParameters(new PasswordHidingParameters.Timestamp());
    p.setSignatureTimestampParameters(new PasswordHidingParameters.Timestamp());
    p.setArchiveTimestampParameters(new PasswordHidingParameters.Timestamp());
  }

  private static byte[] write(DSSDocument signed) throws KysoException {
    try (var in = signed.openStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new DocumentException("The signed document cannot be written out.", e);
    }
  }

  private interface DssCall<T> {
    T call();
  }

  /** Maps DSS's unchecked errors to kyso's checked ones. */
  private <T> T run(DssCall<T> call) throws KysoException {
    try {
      return call.call();
    } catch (RuntimeException e) {
      // kyso's own causes first: every TSA failed (naming each), revocation unreachable, certificate revoked
      java.util.Optional<KysoException> known = DssServices.failure(e);
      if (known.isPresent()) {
        throw known.get();
      }
      throw translate(e);
    }
  }

  private KysoException translate(RuntimeException thrown) {
    // a try/catch over the rethrown exception keeps the original mapping, clause by clause
    try {
      throw thrown;
    } catch (DSSExternalResourceException e) {
      return new ServiceUnavailableException(settings.timestamps() != null
          ? "The timestamp authority " + settings.timestamps().urls() + " could not give a timestamp; check the"
              + " address and the network, or try another TSA."
          : "An online service needed for signing could not be reached; check the network.", e);
    } catch (AlertException e) {
      String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      if (m.contains("revoked")) {
        return new SignerCertificateException("The signer's certificate is revoked; it cannot sign any more.", e);
      }
      if (m.contains("revocation") || m.contains("ocsp") || m.contains("crl")) {
        return new ServiceUnavailableException("The revocation status of the signer's certificate could not be"
            + " obtained for a " + settings.level().label() + " signature; check the network and the CRL/OCSP"
            + " services, and that the trust anchors contain the signer's root.", e);
      }
      if (m.contains("expired") || m.contains("not yet valid")) {
        return new SignerCertificateException("A certificate in the signer's chain is outside its validity period.",
            e);
      }
      return new DocumentException("The signature cannot be created: " + firstLine(e.getMessage()), e);
    } catch (IllegalInputException e) {
      // DSS's own check of the input (e.g. its PDF header test) refused what kyso's lighter checks let through
      return new DocumentException("The file is not a PDF document that can be signed; it may be damaged.", e);
    } catch (UncheckedIOException e) {
      return new DocumentException("The document cannot be prepared for signing: " + firstLine(e.getMessage()), e);
    } catch (DSSException e) {
      if (e.getCause() instanceof DSSExternalResourceException x) {
        return new ServiceUnavailableException("An online service needed for signing could not be reached: "
            + firstLine(x.getMessage()), e);
      }
      return new DocumentException("The signature cannot be created: " + firstLine(e.getMessage()), e);
    } catch (IllegalStateException e) {
      if (String.valueOf(e.getMessage()).contains("recursion")) {
        // PDFBox found a loop in the page tree (a structure the pre-check could not follow)
        return new DocumentException("The document's page tree loops back on itself; it is damaged or built to "
            + "attack readers, and cannot be signed.", e);
      }
      return fromPdfBox(e);
    } catch (RuntimeException e) {
      return fromPdfBox(e);
    }
  }

  /**
   * An unchecked exception PDFBox throws while it reads the document (a page tree whose /Count lies, an object of
   * the wrong type) is bad input, found by fuzzing (issue 20); any other is a bug or misuse, rethrown as before.
   */
  private static DocumentException fromPdfBox(RuntimeException e) {
    StackTraceElement[] st = e.getStackTrace();
    if (st.length > 0 && st[0].getClassName().startsWith("org.apache.pdfbox.")) {
      return new DocumentException("The document's structure is damaged (" + firstLine(e.getMessage())
          + "); it cannot be signed.", e);
    }
    throw e;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error.";
    }
    String l = s.strip().lines().findFirst().orElse("");
    return l.length() > 200 ? l.substring(0, 200) + "…" : l;
  }
}
