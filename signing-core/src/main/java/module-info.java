/**
 * kyso's format-neutral core: keys, levels, timestamps, trust, revocation, the verifier and its report, errors.
 *
 * <p>Exported to everyone: {@code org.kyso.core} and {@code org.kyso.core.verify}. Everything under
 * {@code org.kyso.core.internal} is sealed; the few internal packages the format modules and the command line share
 * with the core are exported to them by name below (each line says who needs what). Keep that list short: a new
 * qualified export is a design decision, not a fix for a compile error.
 */
module kyso.core {
  requires org.slf4j;
  requires java.naming; // javax.naming.ldap.LdapName reads the names in certificates
  requires java.net.http; // TrustUpdate downloads the trust lists
  requires jdk.net; // TCP_QUICKACK for PlainHttp
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.util;
  // DSS 6.4 jars are automatic modules (Automatic-Module-Name jpms_dss_…); none of their packages is split
  requires jpms_dss_alert;
  requires jpms_dss_crl_parser;
  requires jpms_dss_diagnostic_data;
  requires jpms_dss_enumerations;
  requires jpms_dss_jaxb_parsers;
  requires jpms_dss_model;
  requires jpms_dss_policy;
  requires jpms_dss_service;
  requires jpms_dss_simple_report;
  requires jpms_dss_spi;
  requires jpms_dss_validation;

  exports org.kyso.core;
  exports org.kyso.core.verify;

  // SignerCertificates (the signer's certificate checks), KeyTypes (key family and the signing rule for RSA/EC keys),
  // SignatureValues (the one check of a signature value against the certificate), EcdsaValues (DER and raw r||s):
  // the signers of both formats, the command line, and the token drivers (key family, ECDSA value encodings);
  // TempFiles (temporary files deleted on SIGTERM): the pdf verifier's revision copies, the command line
  // ForwardingKey (a SigningKey handing every call to another): token-drivers' Keys, and the tests' counting keys
  // BouncyCastle: the one provider instance (DSS's) kyso code passes to JCA calls, for every module that needs one
  exports org.kyso.core.internal to kyso.pdf, kyso.xml, kyso.cli, kyso.token;
  // AtomicOutput: the one atomic writer, for every module that writes an output file
  exports org.kyso.core.internal.io to kyso.pdf, kyso.xml, kyso.registers, kyso.cli;
  // Json: the one small JSON reader and writer: the remote signing drivers, the server's answers, the registers'
  // journal records, the register commands' output
  exports org.kyso.core.internal.json to kyso.token, kyso.server, kyso.registers, kyso.cli;
  // PreSigningCheck, RevocationSources, DiskRevocationCache: revocation before signing (the server: the cache's
  // default folder)
  exports org.kyso.core.internal.revocation to kyso.pdf, kyso.xml, kyso.cli, kyso.server;
  // DssAdapters, DssServices, DssVerifiers, DssVerification, DssDocumentVerification, FormatChecks, SignatureDraft:
  // the DSS glue both format engines share, and the seam of the formats' own verification checks
  exports org.kyso.core.internal.dss to kyso.pdf, kyso.xml;
  // Bounded, Messages: bounded reads and the report's sentences, for the formats' verification
  exports org.kyso.core.internal.verify to kyso.pdf, kyso.xml;
  // CadesDetachedBuilder: the fast PAdES path
  exports org.kyso.core.internal.fast to kyso.pdf, kyso.cli;
  // TspClient: the fast PAdES path's signature timestamp (B-T)
  exports org.kyso.core.internal.tsp to kyso.pdf;
}
