package org.kyso.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kyso.core.DigestAlgorithm;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;
import org.kyso.core.devpki.DevPki;

/** The one delegating key: every call reaches the other key, also those SigningKey answers itself by default. */
class ForwardingKeyTest {
  /** A remote-like key (one call for many digests, many threads) that notes what it was asked. */
  private static final class Noting implements SigningKey {
    final List<String> calls = new ArrayList<>();
    final DevPki.Identity id = DevPki.create().person("Nguyễn Văn An");

    @Override
    public X509Certificate certificate() {
      calls.add("certificate");
      return id.certificate();
    }

    @Override
    public List<X509Certificate> certificateChain() {
      calls.add("chain");
      return id.chain();
    }

    @Override
    public byte[] signDigest(SignatureAlgorithm algorithm, byte[] digest) {
      calls.add("one");
      return new byte[] {1};
    }

    @Override
    public List<byte[]> signDigests(SignatureAlgorithm algorithm, List<byte[]> digests) {
      calls.add("all " + digests.size());
      return digests.stream().map(d -> new byte[] {2}).toList();
    }

    @Override
    public SignatureAlgorithm algorithmFor(DigestAlgorithm digest) {
      calls.add("algorithmFor");
      return SignatureAlgorithm.RSA_SHA256;
    }

    @Override
    public int parallelism() {
      return 7;
    }

    @Override
    public boolean remote() {
      return true;
    }

    @Override
    public void close() {
      calls.add("close");
    }

    @Override
    public String toString() {
      return "the noting key";
    }
  }

  @Test
  void everyCallReachesTheOtherKey() throws Exception {
    Noting other = new Noting();
    SigningKey k = new ForwardingKey(other) {};
    assertThat(k.certificate()).isSameAs(other.id.certificate());
    assertThat(k.certificateChain()).isEqualTo(other.id.chain());
    assertThat(k.signDigest(SignatureAlgorithm.RSA_SHA256, new byte[32])).containsExactly(1);
    // the other key's own many-digest call (one approval), not SigningKey's loop over signDigest
    assertThat(k.signDigests(SignatureAlgorithm.RSA_SHA256, List.of(new byte[32], new byte[32]))).hasSize(2);
    assertThat(k.algorithmFor(DigestAlgorithm.SHA256)).isEqualTo(SignatureAlgorithm.RSA_SHA256);
    assertThat(k.parallelism()).isEqualTo(7);
    assertThat(k.remote()).isTrue();
    assertThat(k).hasToString("the noting key");
    k.close();
    assertThat(other.calls).containsExactly("certificate", "chain", "one", "all 2", "algorithmFor", "close");
  }

  @Test
  void aSubclassChangesOnlyWhatItOverrides() throws Exception {
    Noting other = new Noting();
    int[] counted = {0};
    SigningKey counting = new ForwardingKey(other) {
      @Override
      public byte[] signDigest(SignatureAlgorithm algorithm, byte[] digest) throws org.kyso.core.KysoException {
        counted[0]++;
        return key.signDigest(algorithm, digest);
      }
    };
    counting.signDigest(SignatureAlgorithm.RSA_SHA256, new byte[32]);
    assertThat(counted[0]).isEqualTo(1);
    assertThat(counting.remote()).isTrue();
    assertThat(other.calls).containsExactly("one");
  }
}
