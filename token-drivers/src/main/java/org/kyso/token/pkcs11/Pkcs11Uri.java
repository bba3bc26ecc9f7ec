package org.kyso.token.pkcs11;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.kyso.core.KeySelector;

/**
 * A PKCS#11 URI (RFC 7512) naming a token and, optionally, a key on it, e.g.
 * {@code pkcs11:token=An;object=sign;id=%01?module-path=/usr/lib/softhsm/libsofthsm2.so}.
 *
 * <p>Understood path attributes: {@code token}, {@code manufacturer}, {@code serial}, {@code model},
 * {@code slot-id}, {@code object}, {@code id} (percent-encoded bytes) and {@code type}; the other RFC 7512
 * attributes ({@code library-*}, {@code slot-description}, {@code slot-manufacturer}) and vendor attributes
 * ({@code x-…}) are accepted and ignored. Query attributes: {@code module-path}; {@code pin-source} and
 * {@code module-name} are ignored (kyso takes PINs from a {@link org.kyso.core.PinSource}); {@code pin-value} is
 * refused, since a PIN never belongs in a command line or a configuration string.
 *
 * <p>Immutable; {@link #toString()} gives the canonical URI, which contains no secret.
 */
public final class Pkcs11Uri {
  private static final Set<String> IGNORED_PATH = Set.of("library-manufacturer", "library-description",
      "library-version", "slot-description", "slot-manufacturer");
  private static final Set<String> IGNORED_QUERY = Set.of("pin-source", "module-name");

  private final String token;
  private final String manufacturer;
  private final String serial;
  private final String model;
  private final Long slotId;
  private final String object;
  private final byte[] id;
  private final String type;
  private final Path modulePath;

  private Pkcs11Uri(Builder b) {
    this.token = b.token;
    this.manufacturer = b.manufacturer;
    this.serial = b.serial;
    this.model = b.model;
    this.slotId = b.slotId;
    this.object = b.object;
    this.id = b.id == null ? null : b.id.clone();
    this.type = b.type;
    this.modulePath = b.modulePath;
  }

  /**
   * Parses a PKCS#11 URI.
   *
   * @throws IllegalArgumentException if it is not a well-formed PKCS#11 URI, repeats an attribute, names an
   *     unknown attribute or carries a {@code pin-value}
   */
  public static Pkcs11Uri parse(String uri) {
    Objects.requireNonNull(uri, "uri");
    if (!uri.regionMatches(true, 0, "pkcs11:", 0, 7)) {
      throw new IllegalArgumentException("A PKCS#11 URI starts with 'pkcs11:', e.g. pkcs11:token=An;object=sign.");
    }
    String rest = uri.substring(7);
    int q = rest.indexOf('?');
    String path = q >= 0 ? rest.substring(0, q) : rest;
    String query = q >= 0 ? rest.substring(q + 1) : "";
    Builder b = new Builder();
    Set<String> seen = new java.util.HashSet<>();
    if (!path.isEmpty()) {
      for (String part : path.split(";", -1)) {
        String[] kv = attribute(part, uri);
        if (!seen.add(kv[0])) {
          throw new IllegalArgumentException("The PKCS#11 URI repeats the attribute '" + kv[0] + "'.");
        }
        switch (kv[0]) {
          case "token" -> b.token = text(kv[1]);
          case "manufacturer" -> b.manufacturer = text(kv[1]);
          case "serial" -> b.serial = text(kv[1]);
          case "model" -> b.model = text(kv[1]);
          case "object" -> b.object = text(kv[1]);
          case "id" -> b.id = bytes(kv[1]);
          case "type" -> {
            String t = text(kv[1]);
            if (!Set.of("private", "public", "cert", "secret-key", "data").contains(t)) {
              throw new IllegalArgumentException("The PKCS#11 URI type '" + t
                  + "' is not one of private, public, cert, secret-key, data.");
            }
            b.type = t;
          }
          case "slot-id" -> {
            try {
              b.slotId = Long.parseLong(text(kv[1]));
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("The PKCS#11 URI slot-id must be a decimal number.");
            }
          }
          default -> {
            if (!IGNORED_PATH.contains(kv[0]) && !kv[0].startsWith("x-")) {
              throw new IllegalArgumentException("The PKCS#11 URI attribute '" + kv[0] + "' is unknown.");
            }
          }
        }
      }
    }
    if (!query.isEmpty()) {
      for (String part : query.split("&", -1)) {
        String[] kv = attribute(part, uri);
        if (!seen.add("?" + kv[0])) {
          throw new IllegalArgumentException("The PKCS#11 URI repeats the attribute '" + kv[0] + "'.");
        }
        switch (kv[0]) {
          case "module-path" -> b.modulePath = Path.of(text(kv[1]));
          case "pin-value" -> throw new IllegalArgumentException(
              "A PIN must not be written into a PKCS#11 URI: use --pin-env, --pin-file or the prompt.");
          default -> {
            if (!IGNORED_QUERY.contains(kv[0]) && !kv[0].startsWith("x-")) {
              throw new IllegalArgumentException("The PKCS#11 URI query attribute '" + kv[0] + "' is unknown.");
            }
          }
        }
      }
    }
    return new Pkcs11Uri(b);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this URI's values. */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.token = token;
    b.manufacturer = manufacturer;
    b.serial = serial;
    b.model = model;
    b.slotId = slotId;
    b.object = object;
    b.id = id == null ? null : id.clone();
    b.type = type;
    b.modulePath = modulePath;
    return b;
  }

  /** The token label ({@code token=}). */
  public Optional<String> token() {
    return Optional.ofNullable(token);
  }

  public Optional<String> manufacturer() {
    return Optional.ofNullable(manufacturer);
  }

  /** The token serial number ({@code serial=}). */
  public Optional<String> serial() {
    return Optional.ofNullable(serial);
  }

  public Optional<String> model() {
    return Optional.ofNullable(model);
  }

  /** The slot id ({@code slot-id=}); slot ids may change between runs, prefer the token label. */
  public Optional<Long> slotId() {
    return Optional.ofNullable(slotId);
  }

  /** The object label ({@code object=}, CKA_LABEL). */
  public Optional<String> object() {
    return Optional.ofNullable(object);
  }

  /** The object id ({@code id=}, CKA_ID bytes). */
  public Optional<byte[]> id() {
    return Optional.ofNullable(id).map(byte[]::clone);
  }

  /** The object type ({@code type=}): private, public, cert, secret-key or data. */
  public Optional<String> type() {
    return Optional.ofNullable(type);
  }

  /** The PKCS#11 library ({@code ?module-path=}). */
  public Optional<Path> modulePath() {
    return Optional.ofNullable(modulePath);
  }

  /** The key this URI names: by label and/or id; any key with a certificate when it names none. */
  public KeySelector keySelector() {
    KeySelector s = KeySelector.any();
    if (object != null) {
      s = KeySelector.label(object);
    }
    if (id != null) {
      s = object != null ? s.and(KeySelector.id(id)) : KeySelector.id(id);
    }
    return s;
  }

  /** True when the token attributes of this URI (label, serial, manufacturer, model) accept the given token. */
  public boolean matchesToken(String label, String serialNumber, String manufacturerId, String modelName) {
    return (token == null || token.equals(label))
        && (serial == null || serial.equals(serialNumber))
        && (manufacturer == null || manufacturer.equals(manufacturerId))
        && (model == null || model.equals(modelName));
  }

  /** A short description of the token for messages: its label, serial or slot. */
  String tokenDescription() {
    if (token != null) {
      return "'" + token + "'";
    }
    if (serial != null) {
      return "with serial " + serial;
    }
    if (slotId != null) {
      return "in slot " + slotId;
    }
    return "(first token found)";
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("pkcs11:");
    StringBuilder path = new StringBuilder();
    append(path, "token", token);
    append(path, "manufacturer", manufacturer);
    append(path, "serial", serial);
    append(path, "model", model);
    if (slotId != null) {
      append(path, "slot-id", slotId.toString());
    }
    append(path, "object", object);
    if (id != null) {
      if (path.length() > 0) {
        path.append(';');
      }
      path.append("id=");
      for (byte x : id) {
        path.append('%').append(String.format(Locale.ROOT, "%02X", x & 0xFF));
      }
    }
    append(path, "type", type);
    b.append(path);
    if (modulePath != null) {
      b.append("?module-path=").append(encode(modulePath.toString(), true));
    }
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Pkcs11Uri other && toString().equals(other.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  private static void append(StringBuilder b, String name, String value) {
    if (value == null) {
      return;
    }
    if (b.length() > 0) {
      b.append(';');
    }
    b.append(name).append('=').append(encode(value, false));
  }

  private static String encode(String value, boolean query) {
    StringBuilder b = new StringBuilder();
    for (byte x : value.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xFF;
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "-._~:[]@!$'()*+,".indexOf(c) >= 0 || (query && (c == '/' || c == '?' || c == '|'))
          || (!query && c == '&');
      if (plain) {
        b.append((char) c);
      } else {
        b.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return b.toString();
  }

  private static String[] attribute(String part, String uri) {
    int eq = part.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("The PKCS#11 URI part '" + part + "' is not name=value.");
    }
    return new String[] {part.substring(0, eq).toLowerCase(Locale.ROOT), part.substring(eq + 1)};
  }

  private static byte[] bytes(String encoded) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%') {
        if (i + 2 >= encoded.length()) {
          throw new IllegalArgumentException("The PKCS#11 URI has a truncated percent escape.");
        }
        try {
          out.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("The PKCS#11 URI has a bad percent escape near '"
              + encoded.substring(i, Math.min(encoded.length(), i + 3)) + "'.");
        }
        i += 2;
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.writeBytes(utf8);
      }
    }
    return out.toByteArray();
  }

  private static String text(String encoded) {
    byte[] b = bytes(encoded);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("A PKCS#11 URI value is not valid UTF-8 after percent decoding.");
    }
  }

  /** Builds a {@link Pkcs11Uri}. */
  public static final class Builder {
    private String token;
    private String manufacturer;
    private String serial;
    private String model;
    private Long slotId;
    private String object;
    private byte[] id;
    private String type;
    private Path modulePath;

    private Builder() {}

    public Builder token(String label) {
      this.token = label;
      return this;
    }

    public Builder serial(String serialNumber) {
      this.serial = serialNumber;
      return this;
    }

    public Builder manufacturer(String manufacturerId) {
      this.manufacturer = manufacturerId;
      return this;
    }

    public Builder model(String modelName) {
      this.model = modelName;
      return this;
    }

    public Builder slotId(Long id) {
      this.slotId = id;
      return this;
    }

    public Builder object(String label) {
      this.object = label;
      return this;
    }

    public Builder id(byte[] objectId) {
      this.id = objectId == null ? null : Arrays.copyOf(objectId, objectId.length);
      return this;
    }

    public Builder type(String objectType) {
      this.type = objectType;
      return this;
    }

    public Builder modulePath(Path path) {
      this.modulePath = path;
      return this;
    }

    public Pkcs11Uri build() {
      return new Pkcs11Uri(this);
    }
  }
}
