package org.kyso.core.internal.fast;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.policy.EtsiValidationPolicyFactory;
import eu.europa.esig.dss.policy.ValidationPolicyFacade;
import eu.europa.esig.dss.policy.jaxb.ConstraintsParameters;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ready-made default policy is exactly what DSS's loader makes from its own {@code constraint.xml}.
 *
 * <p>After a DSS upgrade this test fails; rewrite the snapshot with
 * {@code mvn -o -q -pl signing-core -am test -Dtest=DefaultPolicyTest -Dkyso.writePolicySnapshot=true
 * -Dsurefire.failIfNoSpecifiedTests=false} and commit it.
 */
class DefaultPolicyTest {
  private static byte[] serialized(Serializable o) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    return bytes.toByteArray();
  }

  private static ConstraintsParameters dssDefault() throws Exception {
    try (InputStream in = EtsiValidationPolicyFactory.class.getResourceAsStream("/policy/constraint.xml")) {
      return ValidationPolicyFacade.newFacade().unmarshall(in);
    }
  }

  @Test
  void theSnapshotIsWhatDssLoadsFromItsConstraintXml() throws Exception {
    byte[] expected = serialized(dssDefault());
    if (Boolean.getBoolean("kyso.writePolicySnapshot")) {
      Path f = Path.of("src/main/resources/org/kyso/core/internal/fast", DefaultPolicy.SNAPSHOT);
      Files.createDirectories(f.getParent());
      Files.write(f, expected);
    }
    byte[] snapshot;
    try (InputStream in = DefaultPolicy.class.getResourceAsStream(DefaultPolicy.SNAPSHOT)) {
      assertThat(in).as("the snapshot resource").isNotNull();
      snapshot = in.readAllBytes();
    }
    assertThat(snapshot).as("DSS's default policy changed: rewrite the snapshot (see the class comment)")
        .isEqualTo(expected);
    ConstraintsParameters read = DefaultPolicy.fromSnapshot().orElseThrow();
    assertThat(serialized(read)).isEqualTo(expected);
    assertThat(read.getName()).isEqualTo(dssDefault().getName());
  }

  @Test
  void theSharedPolicyIsBuiltFromTheSnapshot() throws Exception {
    var policy = DefaultPolicy.get();
    assertThat(policy).isInstanceOf(eu.europa.esig.dss.policy.EtsiValidationPolicy.class);
    assertThat(policy.getPolicyName()).isEqualTo(dssDefault().getName());
  }

  @Test
  void anythingButPolicyClassesIsRefused() throws Exception {
    HashMap<String, Object> foreign = new HashMap<>();
    foreign.put("x", new ArrayList<>(List.of(1)));
    assertThat(DefaultPolicy.read(new ByteArrayInputStream(serialized(foreign)))).isEmpty();
    assertThat(DefaultPolicy.read(new ByteArrayInputStream(serialized(new java.util.Date())))).isEmpty();
    assertThat(DefaultPolicy.read(new ByteArrayInputStream(new byte[] {1, 2, 3}))).isEmpty();
    byte[] good = serialized(dssDefault());
    byte[] cut = java.util.Arrays.copyOf(good, good.length / 2);
    assertThat(DefaultPolicy.read(new ByteArrayInputStream(cut))).isEmpty();
  }
}
