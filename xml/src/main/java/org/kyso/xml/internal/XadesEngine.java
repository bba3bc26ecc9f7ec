package org.kyso.xml.internal;

import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SignaturePackaging;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.DSSException;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.spi.exception.DSSExternalResourceException;
import eu.europa.esig.dss.xades.XAdESSignatureParameters;
import eu.europa.esig.dss.xades.reference.CanonicalizationTransform;
import eu.europa.esig.dss.xades.reference.DSSReference;
import eu.europa.esig.dss.xades.signature.XAdESService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.kyso.core.DocumentException;
import org.kyso.core.KysoException;
import org.kyso.core.Level;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.TimestampService;
import org.kyso.core.TrustAnchors;
import org.kyso.core.internal.dss.DssAdapters;
import org.kyso.core.internal.dss.DssServices;
import org.kyso.core.internal.dss.DssVerifiers;

/** XAdES baseline signatures through DSS's {@code XAdESService}. */
public final class XadesEngine {
  /** The packaging kinds, mirrored from the public enum to keep DSS out of it. */
  public enum Pack {
    ENVELOPED,
    ENVELOPING,
    DETACHED
  }

  /** Everything that defines the signature; the same settings give the same data to sign. */
  public record Settings(Level level, Pack packaging, SignatureAlgorithm algorithm, String canonicalization,
      String parentXPath, String referenceId, TimestampService timestamps, TrustAnchors trust) {}

  private final Settings settings;
  private final XAdESService service;

  public XadesEngine(Settings settings) {
    this.settings = settings;
    boolean online = settings.level() == Level.B_LT || settings.level() == Level.B_LTA;
    this.service = new XAdESService(online
        ? DssVerifiers.forSigning(settings.trust(), org.kyso.core.internal.revocation.RevocationSources.online())
        : DssVerifiers.create(settings.trust(), false));
    if (settings.timestamps() != null) {
      service.setTspSource(DssServices.tspSource(settings.timestamps()));
    }
  }

  /** The bytes the key must sign (DSS's data to be signed: the canonical SignedInfo). */
  public byte[] dataToSign(byte[] document, String name, List<X509Certificate> chain, Instant signingTime)
      throws KysoException {
    DSSDocument doc = new InMemoryDocument(document, name);
    XAdESSignatureParameters p = parameters(doc, chain, signingTime);
    try {
      ToBeSigned tbs = service.getDataToSign(doc, p);
      return tbs.getBytes();
    } catch (DSSException | IllegalArgumentException | IllegalStateException e) {
      throw translate(e, name);
    }
  }

  /** Builds the signed document from the raw signature value the key produced. */
  public byte[] sign(byte[] document, String name, List<X509Certificate> chain, Instant signingTime,
      byte[] signatureValue) throws KysoException {
    DSSDocument doc = new InMemoryDocument(document, name);
    XAdESSignatureParameters p = parameters(doc, chain, signingTime);
    try {
      SignatureValue v = DssAdapters.value(settings.algorithm(), signatureValue);
      DSSDocument signed = service.signDocument(doc, p, v);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      signed.writeTo(out);
      return out.toByteArray();
    } catch (DSSException | IllegalArgumentException | IllegalStateException e) {
      throw translate(e, name);
    } catch (IOException e) {
      throw new DocumentException("The signed XML cannot be written: " + SecureXml.oneLine(e.getMessage()), e);
    }
  }

  private XAdESSignatureParameters parameters(DSSDocument doc, List<X509Certificate> chain, Instant signingTime) {
    XAdESSignatureParameters p = new XAdESSignatureParameters();
    p.setSignatureLevel(switch (settings.level()) {
      case B_B -> SignatureLevel.XAdES_BASELINE_B;
      case B_T -> SignatureLevel.XAdES_BASELINE_T;
      case B_LT -> SignatureLevel.XAdES_BASELINE_LT;
      case B_LTA -> SignatureLevel.XAdES_BASELINE_LTA;
    });
    p.setSignaturePackaging(switch (settings.packaging()) {
      case ENVELOPED -> SignaturePackaging.ENVELOPED;
      case ENVELOPING -> SignaturePackaging.ENVELOPING;
      case DETACHED -> SignaturePackaging.DETACHED;
    });
    SignatureAlgorithm alg = settings.algorithm();
    // the certificate first: setting it resets the encryption algorithm to the key's default (RSA, not PSS)
    p.setSigningCertificate(DssAdapters.token(chain.get(0)));
    p.setCertificateChain(DssAdapters.tokens(chain));
    p.setDigestAlgorithm(DssAdapters.digest(alg.digest()));
    p.setEncryptionAlgorithm(DssAdapters.encryption(alg));
    p.bLevel().setSigningDate(Date.from(signingTime));
    p.setSignedInfoCanonicalizationMethod(settings.canonicalization());
    p.setSignedPropertiesCanonicalizationMethod(settings.canonicalization());
    if (settings.parentXPath() != null) {
      p.setXPathLocationString(settings.parentXPath());
    }
    if (settings.referenceId() != null) {
      // one reference to the element with this Id instead of the whole document
      DSSReference ref = new DSSReference();
      ref.setId("r-kyso-" + settings.referenceId());
      ref.setUri("#" + settings.referenceId());
      ref.setContents(doc);
      ref.setDigestMethodAlgorithm(DssAdapters.digest(alg.digest()));
      ref.setTransforms(List.of(new CanonicalizationTransform(settings.canonicalization())));
      p.setReferences(List.of(ref));
    }
    return p;
  }

  private static KysoException translate(RuntimeException e, String name) {
    // kyso's own causes first: every TSA failed (naming each), revocation unreachable, certificate revoked
    java.util.Optional<KysoException> known = DssServices.failure(e);
    if (known.isPresent()) {
      return known.get();
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DSSExternalResourceException || t instanceof java.net.ConnectException
          || t instanceof java.net.SocketTimeoutException) {
        return new ServiceUnavailableException("A timestamp or revocation service could not be reached: "
            + SecureXml.oneLine(t.getMessage()) + "; check the TSA address and the network.", e);
      }
    }
    return new DocumentException("The document " + name + " cannot be signed as XAdES: "
        + SecureXml.oneLine(e.getMessage()), e);
  }
}
