package org.kyso.xml;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SignaturePackaging;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.xades.XAdESSignatureParameters;
import eu.europa.esig.dss.xades.reference.CanonicalizationTransform;
import eu.europa.esig.dss.xades.reference.DSSReference;
import eu.europa.esig.dss.xades.reference.DSSTransform;
import eu.europa.esig.dss.xades.signature.XAdESService;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.signature.ObjectContainer;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.kyso.core.KeySelector;
import org.kyso.core.KysoException;
import org.kyso.core.PinSource;
import org.kyso.core.SigningKey;
import org.kyso.core.Token;
import org.kyso.core.TrustAnchors;
import org.kyso.core.devpki.CertificateSpec;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.internal.dss.DssVerifiers;
import org.kyso.core.testing.TestPki;
import org.kyso.token.pkcs12.Pkcs12Token;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The XML tests' one set of fixtures. An instance gives keys: identities from a {@link TestPki} (CRL served on
 * 127.0.0.1), written as PKCS#12 files and opened through {@link Pkcs12Token}, as a user's key file would be. The
 * static part builds the documents of the attack corpus and signs them with plain DSS (XAdES) or plain Santuario (an
 * e-invoice style XMLDSig), so the corpus does not depend on kyso's own signer.
 */
public final class XmlFixtures implements AutoCloseable {
  public static final String DS = "http://www.w3.org/2000/09/xmldsig#";

  /** An e-invoice shaped document: the data to sign is HDon/DLHDon@Id="data", the signature goes in DSCKS/NBan. */
  public static final String INVOICE = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      + "<HDon><DLHDon Id=\"data\"><TTChung><SHDon>15</SHDon><NBan>Công ty Đà Nẵng</NBan></TTChung>"
      + "<NDHDon><TToan><TgTTTBSo>100</TgTTTBSo></TToan></NDHDon></DLHDon><DSCKS><NBan/></DSCKS></HDon>";

  /** XAdES baseline enveloped signature over {@code #data}, placed in DSCKS/NBan. */
  public static byte[] xadesInvoice(DevPki pki, DevPki.Identity who, SignatureLevel level) throws Exception {
    return xadesInvoice(pki, who, level, DigestAlgorithm.SHA256);
  }

  /** The same with another digest algorithm (SHA-1 for a legacy document). */
  public static byte[] xadesInvoice(DevPki pki, DevPki.Identity who, SignatureLevel level, DigestAlgorithm digest)
      throws Exception {
    XAdESService service = new XAdESService(DssVerifiers.create(TrustAnchors.of(pki.root().certificate()), true));
    service.setTspSource(new org.kyso.core.testing.InProcessTsa(pki.timestampAuthority("kyso Test TSA")));
    DSSDocument doc = new InMemoryDocument(INVOICE.getBytes(StandardCharsets.UTF_8), "invoice.xml");
    XAdESSignatureParameters p = new XAdESSignatureParameters();
    p.setSignatureLevel(level);
    p.setSignaturePackaging(SignaturePackaging.ENVELOPED);
    p.setDigestAlgorithm(digest);
    p.setSigningCertificate(new CertificateToken(who.certificate()));
    List<CertificateToken> chain = new ArrayList<>();
    who.chain().forEach(c -> chain.add(new CertificateToken(c)));
    p.setCertificateChain(chain);
    p.setXPathLocationString("//DSCKS/NBan");
    DSSReference ref = new DSSReference();
    ref.setId("r-data");
    ref.setUri("#data");
    ref.setContents(doc);
    ref.setDigestMethodAlgorithm(digest);
    List<DSSTransform> transforms = new ArrayList<>();
    transforms.add(new CanonicalizationTransform(Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS));
    ref.setTransforms(transforms);
    p.setReferences(List.of(ref));
    ToBeSigned tbs = service.getDataToSign(doc, p);
    var alg = eu.europa.esig.dss.enumerations.SignatureAlgorithm.getAlgorithm(
        eu.europa.esig.dss.enumerations.EncryptionAlgorithm.RSA, digest);
    Signature s = Signature.getInstance(alg.getJCEId());
    s.initSign(who.privateKey());
    s.update(tbs.getBytes());
    SignatureValue value = new SignatureValue(alg, s.sign());
    try (var in = service.signDocument(doc, p, value).openStream()) {
      return in.readAllBytes();
    }
  }

  /**
   * The e-invoice layout in plain XMLDSig (Santuario): a reference to {@code #data} and one to a signed
   * {@code ds:Object Id="SigningTime"}. {@code sha1}: RSA-SHA1 and SHA-1 digests, as legacy invoices used.
   */
  public static byte[] xmldsigInvoice(java.security.PrivateKey key, List<X509Certificate> chain, boolean sha1)
      throws Exception {
    org.apache.xml.security.Init.init();
    Document doc = parse(INVOICE.getBytes(StandardCharsets.UTF_8));
    Element data = (Element) doc.getElementsByTagName("DLHDon").item(0);
    data.setIdAttributeNS(null, "Id", true);
    Element nban = (Element) ((Element) doc.getElementsByTagName("DSCKS").item(0)).getElementsByTagName("NBan")
        .item(0);
    String sigAlg = sha1 ? XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA1
        : XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256;
    String digAlg = sha1 ? "http://www.w3.org/2000/09/xmldsig#sha1" : "http://www.w3.org/2001/04/xmlenc#sha256";
    XMLSignature sig = new XMLSignature(doc, "", sigAlg, Canonicalizer.ALGO_ID_C14N_OMIT_COMMENTS);
    sig.setId("sig");
    nban.appendChild(sig.getElement());
    Transforms t = new Transforms(doc);
    t.addTransform(Transforms.TRANSFORM_C14N_OMIT_COMMENTS);
    sig.addDocument("#data", t, digAlg);
    ObjectContainer obj = new ObjectContainer(doc);
    obj.setId("SigningTime");
    Element props = doc.createElementNS(DS, "ds:SignatureProperties");
    Element prop = doc.createElementNS(DS, "ds:SignatureProperty");
    prop.setAttribute("Target", "#sig");
    Element time = doc.createElement("SigningTime");
    time.setTextContent("2025-07-01T09:30:00");
    prop.appendChild(time);
    props.appendChild(prop);
    obj.appendChild(props);
    sig.appendObject(obj);
    Transforms t2 = new Transforms(doc);
    t2.addTransform(Transforms.TRANSFORM_C14N_OMIT_COMMENTS);
    sig.addDocument("#SigningTime", t2, digAlg);
    for (X509Certificate c : chain) {
      sig.addKeyInfo(c);
    }
    sig.sign(key);
    return serialize(doc);
  }

  /**
   * A person's certificate with a 1024-bit RSA key, issued by the test PKI's issuing CA (DevPki only makes keys
   * of 2048 bits and more), with the CRL address of the test server.
   */
  public static DevPki.Identity shortKeyPerson(DevPki pki, java.net.URI crl) throws Exception {
    return person(pki, "CN=Trần Thị Bình,C=VN", 1024, crl, null);
  }

  /**
   * A person's certificate issued by the test PKI's issuing CA, with a key of {@code bits}, the given CRL address
   * and, when {@code caIssuers} is not null, an AIA address where the issuer certificate can be downloaded.
   */
  public static DevPki.Identity person(DevPki pki, String dn, int bits, java.net.URI crl, java.net.URI caIssuers)
      throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(bits);
    java.security.KeyPair kp = g.generateKeyPair();
    X509Certificate ca = pki.issuingCa().certificate();
    var now = java.time.Instant.now();
    var b = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(ca,
        java.math.BigInteger.valueOf(System.nanoTime()), java.util.Date.from(now.minusSeconds(3600)),
        java.util.Date.from(now.plusSeconds(86400 * 30)),
        new javax.security.auth.x500.X500Principal(dn), kp.getPublic());
    if (caIssuers != null) {
      b.addExtension(org.bouncycastle.asn1.x509.Extension.authorityInfoAccess, false,
          new org.bouncycastle.asn1.x509.AuthorityInformationAccess(new org.bouncycastle.asn1.x509.AccessDescription(
              org.bouncycastle.asn1.x509.AccessDescription.id_ad_caIssuers,
              new org.bouncycastle.asn1.x509.GeneralName(
                  org.bouncycastle.asn1.x509.GeneralName.uniformResourceIdentifier, caIssuers.toString()))));
    }
    b.addExtension(org.bouncycastle.asn1.x509.Extension.keyUsage, true,
        new org.bouncycastle.asn1.x509.KeyUsage(org.bouncycastle.asn1.x509.KeyUsage.digitalSignature
            | org.bouncycastle.asn1.x509.KeyUsage.nonRepudiation));
    var dp = new org.bouncycastle.asn1.x509.DistributionPoint(new org.bouncycastle.asn1.x509.DistributionPointName(
        new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
            org.bouncycastle.asn1.x509.GeneralName.uniformResourceIdentifier, crl.toString()))), null, null);
    b.addExtension(org.bouncycastle.asn1.x509.Extension.cRLDistributionPoints, false,
        new org.bouncycastle.asn1.x509.CRLDistPoint(new org.bouncycastle.asn1.x509.DistributionPoint[] {dp}));
    var u = new org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils();
    b.addExtension(org.bouncycastle.asn1.x509.Extension.authorityKeyIdentifier, false,
        u.createAuthorityKeyIdentifier(ca));
    var signer = new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA")
        .build(pki.issuingCa().privateKey());
    X509Certificate cert = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
        .getCertificate(b.build(signer));
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(cert);
    chain.addAll(pki.issuingCa().chain());
    return new DevPki.Identity(kp.getPrivate(), cert, chain);
  }

  public static Document parse(byte[] xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
  }

  public static byte[] serialize(Document doc) throws Exception {
    var tf = TransformerFactory.newInstance().newTransformer();
    tf.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    tf.transform(new DOMSource(doc), new StreamResult(out));
    return out.toByteArray();
  }

  public static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  public static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static final String PASSWORD = "test-password";
  final TestPki pki;
  final Path dir;
  private final java.util.List<Token> tokens = new java.util.ArrayList<>();

  XmlFixtures(Path dir) {
    this.pki = TestPki.start();
    this.dir = dir;
  }

  /** An RSA-2048 key for a person. */
  SigningKey rsaKey(String name) throws KysoException {
    return key(pki.pki().person(name), name.replaceAll("\\W", "") + ".p12");
  }

  /** An EC P-256 key for a person. */
  SigningKey ecKey(String name) throws KysoException {
    return key(pki.pki().issue(CertificateSpec.person(name).withKeyKind(DevPki.KeyKind.EC_P256)),
        "ec-" + name.replaceAll("\\W", "") + ".p12");
  }

  SigningKey key(DevPki.Identity id, String fileName) throws KysoException {
    try {
      Path p12 = TestPki.writeP12(id, dir.resolve(fileName), PASSWORD);
      Token token = Pkcs12Token.open(p12, PinSource.of(PASSWORD.toCharArray()));
      tokens.add(token);
      return token.key(KeySelector.any());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  TrustAnchors trust() {
    return TrustAnchors.of(pki.pki().root().certificate());
  }

  Path rootPem() {
    try {
      return pki.writeRootPem(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] resource(String name) {
    try (InputStream in = XmlFixtures.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path write(String name, byte[] bytes) {
    try {
      return Files.write(dir.resolve(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    tokens.forEach(Token::close);
    pki.close();
  }
}
