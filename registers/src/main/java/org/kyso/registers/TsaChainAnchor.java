package org.kyso.registers;

import java.util.Objects;
import org.kyso.core.KysoException;
import org.kyso.core.TimestampService;
import org.kyso.registers.internal.anchor.TsaClient;

/**
 * Anchors the journal with RFC 3161 timestamps from the authorities of a {@link TimestampService} (tried in order).
 * Thread-safe.
 *
 * <pre>{@code
 * Registers registers = Registers.builder("so-van-ban.db")
 *     .anchor(TsaChainAnchor.of(TimestampService.of(URI.create("http://tsa.example/tsr"))), 100)
 *     .build();
 * }</pre>
 */
public final class TsaChainAnchor implements ChainAnchor {
  private final TimestampService service;

  private TsaChainAnchor(TimestampService service) {
    this.service = service;
  }

  public static TsaChainAnchor of(TimestampService service) {
    return new TsaChainAnchor(Objects.requireNonNull(service, "service"));
  }

  @Override
  public AnchorToken anchor(byte[] sha256) throws KysoException {
    Objects.requireNonNull(sha256, "sha256");
    if (sha256.length != 32) {
      throw new IllegalArgumentException("A SHA-256 digest has 32 bytes.");
    }
    return TsaClient.timestamp(service, sha256);
  }

  @Override
  public String toString() {
    return "TsaChainAnchor(" + service + ")";
  }
}
