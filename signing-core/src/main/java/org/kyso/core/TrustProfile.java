package org.kyso.core;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Vietnam's two signing trust hierarchies, named as {@code kyso verify --trust-profile} names them.
 *
 * <ul>
 *   <li>{@link #VN_GOV} ({@code vn-gov}): the government PKI of Ban Cơ yếu Chính phủ (VGCA), G1 and G2 roots and
 *       their signing sub-CAs, used by state agencies and the tax authority;
 *   <li>{@link #VN_PUBLIC} ({@code vn-public}): the national root CAs run by NEAC, above every licensed public CA
 *       (VNPT-CA, Viettel-CA, FPT-CA, CA2, BKAV-CA, MISA-CA, …);
 *   <li>{@link #VN} ({@code vn}): both.
 * </ul>
 *
 * <p>A profile names certificates; where they are kept is a {@link TrustStore}. {@link #pins()} are the SHA-256
 * fingerprints kyso ships for the profile: {@code kyso trust update} installs nothing else.
 */
public enum TrustProfile {
  VN_GOV("vn-gov"),
  VN_PUBLIC("vn-public"),
  VN("vn");

  private final String label;

  TrustProfile(String label) {
    this.label = label;
  }

  /** The name used on the command line and in reports: {@code vn}, {@code vn-gov}, {@code vn-public}. */
  public String label() {
    return label;
  }

  /** The hierarchies this profile stands for: itself, or both for {@link #VN}. */
  public List<TrustProfile> hierarchies() {
    return this == VN ? List.of(VN_GOV, VN_PUBLIC) : List.of(this);
  }

  /** True when {@code hierarchy} ({@code vn-gov} or {@code vn-public}) is part of this profile. */
  public boolean includes(TrustProfile hierarchy) {
    return hierarchies().contains(hierarchy);
  }

  /** The pinned certificates of this profile. */
  public List<TrustPin> pins() {
    return TrustPin.all().stream().filter(p -> includes(p.profile())).toList();
  }

  /**
   * The profile named {@code label} ({@code vn}, {@code vn-gov}, {@code vn-public}; case-insensitive).
   *
   * @throws IllegalArgumentException if there is no such profile
   */
  public static TrustProfile parse(String label) {
    Objects.requireNonNull(label, "label");
    for (TrustProfile p : values()) {
      if (p.label.equals(label.strip().toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException("The trust profile " + label + " is not known: use vn, vn-gov or vn-public.");
  }

  @Override
  public String toString() {
    return label;
  }
}
