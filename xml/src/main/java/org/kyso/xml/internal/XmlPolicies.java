package org.kyso.xml.internal;

import eu.europa.esig.dss.model.policy.ValidationPolicy;
import eu.europa.esig.dss.policy.EtsiValidationPolicy;
import eu.europa.esig.dss.policy.ValidationPolicyFacade;
import eu.europa.esig.dss.policy.jaxb.ConstraintsParameters;
import eu.europa.esig.dss.enumerations.Level;
import eu.europa.esig.dss.policy.jaxb.LevelConstraint;
import java.io.InputStream;

/**
 * The validation policy for plain XMLDSig signatures: DSS's default policy, except that the absence of the XAdES
 * signed properties (and so of a signed signing time) is a warning instead of a failure. Plain XML Signatures
 * (e-invoices, edXML) carry no XAdES properties by definition, so DSS's default policy can never pass them; everything else (certificate chain, revocation, digests,
 * signature value, algorithms) is judged exactly as for XAdES.
 */
public final class XmlPolicies {
  private XmlPolicies() {}

  /** A fresh policy object (cheap enough; DSS policies are read-only once built). */
  public static ValidationPolicy plainXmlDsig() {
    try (InputStream in = ValidationPolicyFacade.class.getResourceAsStream("/policy/constraint.xml")) {
      ConstraintsParameters cp = ValidationPolicyFacade.newFacade().unmarshall(in);
      var signed = cp.getSignatureConstraints().getSignedAttributes();
      LevelConstraint time = new LevelConstraint();
      time.setLevel(Level.WARN);
      signed.setSigningTime(time);
      LevelConstraint properties = new LevelConstraint();
      properties.setLevel(Level.WARN);
      signed.setMessageDigestOrSignedPropertiesPresent(properties);
      return new EtsiValidationPolicy(cp);
    } catch (Exception e) {
      throw new IllegalStateException("DSS's default validation policy cannot be loaded", e);
    }
  }
}
