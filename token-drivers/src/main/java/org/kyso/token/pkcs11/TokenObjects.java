package org.kyso.token.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.*;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.TokenInfo;

/** Reads key and certificate objects from a session. */
final class TokenObjects {
  private TokenObjects() {}

  /** Lists private keys (visible only after login), public keys and X.509 certificates. */
  static List<Pkcs11Object> list(Session s, Pkcs11Uri tokenUri) throws PKCS11Exception {
    List<Pkcs11Object> out = new ArrayList<>();
    for (long h : s.findAllObjectsSingle(new AttributeVector().class_(CKO_PRIVATE_KEY))) {
      out.add(key(s, h, Pkcs11Object.Kind.PRIVATE_KEY, tokenUri));
    }
    for (long h : s.findAllObjectsSingle(new AttributeVector().class_(CKO_PUBLIC_KEY))) {
      out.add(key(s, h, Pkcs11Object.Kind.PUBLIC_KEY, tokenUri));
    }
    for (long h : s.findAllObjectsSingle(new AttributeVector().class_(CKO_CERTIFICATE)
        .certificateType(CKC_X_509))) {
      AttributeVector a = s.getAttrValues(h, CKA_LABEL, CKA_ID, CKA_VALUE);
      Optional<X509Certificate> cert = certificate(a.value());
      String label = nonNull(a.label());
      byte[] id = a.id();
      out.add(new Pkcs11Object(Pkcs11Object.Kind.CERTIFICATE, label, id, Optional.empty(), cert,
          objectUri(tokenUri, label, id)));
    }
    return out;
  }

  private static Pkcs11Object key(Session s, long h, Pkcs11Object.Kind kind, Pkcs11Uri tokenUri)
      throws PKCS11Exception {
    AttributeVector a = s.getAttrValues(h, CKA_LABEL, CKA_ID, CKA_KEY_TYPE);
    String label = nonNull(a.label());
    byte[] id = a.id();
    Long kt = a.keyType();
    String type = kt == null ? "unknown" : kt == CKK_RSA ? "RSA" : kt == CKK_EC ? "EC" : codeToName(Category.CKK, kt);
    return new Pkcs11Object(kind, label, id, Optional.of(type), Optional.empty(), objectUri(tokenUri, label, id));
  }

  static Pkcs11Uri objectUri(Pkcs11Uri tokenUri, String label, byte[] id) {
    Pkcs11Uri.Builder b = tokenUri.newBuilder().object(label.isEmpty() ? null : label)
        .id(id == null || id.length == 0 ? null : id);
    return b.build();
  }

  /** A URI naming a token by label and serial, with the module path. */
  static Pkcs11Uri tokenUri(TokenInfo info, java.nio.file.Path module) {
    return Pkcs11Uri.builder().token(info.getLabel().strip()).serial(info.getSerialNumber().strip())
        .modulePath(module).build();
  }

  static Pkcs11TokenInfo info(TokenInfo t) {
    return new Pkcs11TokenInfo(t.getLabel().strip(), t.getSerialNumber().strip(), t.getManufacturerID().strip(),
        t.getModel().strip(), t.isLoginRequired(), t.isProtectedAuthenticationPath(),
        t.hasFlagBit(CKF_USER_PIN_COUNT_LOW), t.hasFlagBit(CKF_USER_PIN_FINAL_TRY),
        t.hasFlagBit(CKF_USER_PIN_LOCKED));
  }

  static Optional<X509Certificate> certificate(byte[] der) {
    if (der == null || der.length == 0) {
      return Optional.empty();
    }
    try {
      return Optional.of((X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der)));
    } catch (CertificateException | ClassCastException e) {
      return Optional.empty();
    }
  }

  static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
