package org.kyso.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What {@code kyso serve} listens on, what it accepts and whom it trusts: from a YAML file, then environment
 * variables, over defaults that verify documents on 127.0.0.1:8080 with an embedded SQLite register.
 *
 * <p>Immutable. Secrets are never part of it: API tokens are held as SHA-256 hashes, key PINs and the TLS password
 * are named by the environment variable or file that holds them.
 */
public final class ServerConfig {
  /** The scopes an API token may carry. */
  public enum Scope { VERIFY, SIGN, REGISTER }

  /** An API token: its name (for the audit log), organisation, scopes and the SHA-256 of its secret value. */
  public record ApiToken(String name, String organisation, Set<Scope> scopes, String sha256) {
    public ApiToken {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(organisation, "organisation");
      scopes = Set.copyOf(scopes);
      sha256 = sha256.toLowerCase(Locale.ROOT);
      if (!sha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("The token " + name + " needs sha256: 64 hexadecimal digits.");
      }
    }

    @Override
    public String toString() {
      return "ApiToken[" + name + ", " + organisation + ", " + scopes + "]";
    }
  }

  /**
   * An organisation served: its id (as tokens and URLs name it), name and abbreviation for its registers and,
   * optionally, the key the server signs with for it ({@code p12:} or {@code pkcs11:} as in {@code --key}),
   * where that key's PIN is ({@code pinEnv} or {@code pinFile}) and the seal image (PNG) of the issuance profile.
   */
  public record OrganisationConfig(String id, String name, String abbreviation, Optional<String> key,
      Optional<String> pinEnv, Optional<Path> pinFile, Optional<Path> sealImage) {
    public OrganisationConfig {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(abbreviation, "abbreviation");
      if (!id.matches("[a-z0-9][a-z0-9-]{0,62}")) {
        throw new IllegalArgumentException("An organisation id is lowercase letters, digits and '-': " + id);
      }
    }
  }

  /**
   * The timestamp authority for levels B-T and above: URLs tried in order, optional HTTP basic credentials (the
   * password by the name of the environment variable that holds it) or a bearer token (likewise), and the policy
   * OID expected.
   */
  public record TimestampConfig(List<java.net.URI> urls, Optional<String> username, Optional<String> passwordEnv,
      Optional<String> bearerTokenEnv, Optional<String> policy) {
    public TimestampConfig {
      urls = List.copyOf(urls);
      if (urls.isEmpty()) {
        throw new IllegalArgumentException("timestamps.urls needs at least one URL");
      }
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(passwordEnv, "passwordEnv");
      Objects.requireNonNull(bearerTokenEnv, "bearerTokenEnv");
      Objects.requireNonNull(policy, "policy");
    }
  }

  /**
   * A key held by a remote signing service (CSC {@code csc:…}, or the Vietnamese services {@code smartca:…},
   * {@code mysign:…}, {@code qd769:…}) that an organisation's clients may sign with through asynchronous jobs: its
   * name (as {@code POST /v1/jobs} names it), organisation, key specification, and where its PIN and the service's
   * client secret are (by environment variable or file, never the value).
   */
  public record RemoteKeyConfig(String name, String organisation, String key, Optional<String> pinEnv,
      Optional<Path> pinFile, Optional<String> clientSecretEnv, Optional<Path> clientSecretFile) {
    public RemoteKeyConfig {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(organisation, "organisation");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(pinEnv, "pinEnv");
      Objects.requireNonNull(pinFile, "pinFile");
      Objects.requireNonNull(clientSecretEnv, "clientSecretEnv");
      Objects.requireNonNull(clientSecretFile, "clientSecretFile");
    }

    @Override
    public String toString() {
      return "RemoteKeyConfig[" + organisation + "/" + name + "]";
    }
  }

  private final String host;
  private final int port;
  private final long maxUploadBytes;
  private final Duration requestTimeout;
  private final Duration verifyTimeout;
  private final int verifyConcurrency;
  private final Duration verifyQueueWait;
  private final List<Path> trust;
  private final boolean offline;
  private final String database;
  private final List<ApiToken> tokens;
  private final Map<String, OrganisationConfig> organisations;
  private final List<String> corsOrigins;
  private final Optional<Path> tlsKeystore;
  private final Optional<String> tlsPasswordEnv;
  private final Optional<Path> tlsPasswordFile;
  private final Optional<Path> auditLog;
  private final Optional<Path> revocationCache;
  private final int maxPagesRendered;
  private final Optional<String> seal;
  private final Optional<TimestampConfig> timestamps;
  private final List<RemoteKeyConfig> remoteKeys;
  private final int jobWorkers;
  private final Duration jobExpiry;
  private final Duration approvalTimeout;
  private final List<String> callbackPrefixes;
  private final Duration jobLease;

  private ServerConfig(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.maxUploadBytes = b.maxUploadBytes;
    this.requestTimeout = b.requestTimeout;
    this.verifyTimeout = b.verifyTimeout;
    this.verifyConcurrency = b.verifyConcurrency;
    this.verifyQueueWait = b.verifyQueueWait;
    this.trust = List.copyOf(b.trust);
    this.offline = b.offline;
    this.database = b.database;
    this.tokens = List.copyOf(b.tokens);
    this.organisations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.organisations));
    this.corsOrigins = List.copyOf(b.corsOrigins);
    this.tlsKeystore = Optional.ofNullable(b.tlsKeystore);
    this.tlsPasswordEnv = Optional.ofNullable(b.tlsPasswordEnv);
    this.tlsPasswordFile = Optional.ofNullable(b.tlsPasswordFile);
    this.auditLog = Optional.ofNullable(b.auditLog);
    this.revocationCache = Optional.ofNullable(b.revocationCache);
    this.maxPagesRendered = b.maxPagesRendered;
    this.seal = Optional.ofNullable(b.seal);
    this.timestamps = Optional.ofNullable(b.timestamps);
    this.remoteKeys = List.copyOf(b.remoteKeys);
    this.jobWorkers = b.jobWorkers;
    this.jobExpiry = b.jobExpiry;
    this.approvalTimeout = b.approvalTimeout;
    this.callbackPrefixes = List.copyOf(b.callbackPrefixes);
    this.jobLease = b.jobLease;
  }

  /** The defaults: 127.0.0.1:8080, 50 MiB uploads, SQLite file {@code kyso-registers.db}, no tokens. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's values. */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.host = host;
    b.port = port;
    b.maxUploadBytes = maxUploadBytes;
    b.requestTimeout = requestTimeout;
    b.verifyTimeout = verifyTimeout;
    b.verifyConcurrency = verifyConcurrency;
    b.verifyQueueWait = verifyQueueWait;
    b.trust.addAll(trust);
    b.offline = offline;
    b.database = database;
    b.tokens.addAll(tokens);
    b.organisations.putAll(organisations);
    b.corsOrigins.addAll(corsOrigins);
    b.tlsKeystore = tlsKeystore.orElse(null);
    b.tlsPasswordEnv = tlsPasswordEnv.orElse(null);
    b.tlsPasswordFile = tlsPasswordFile.orElse(null);
    b.auditLog = auditLog.orElse(null);
    b.revocationCache = revocationCache.orElse(null);
    b.revocationCacheSet = true;
    b.maxPagesRendered = maxPagesRendered;
    b.seal = seal.orElse(null);
    b.timestamps = timestamps.orElse(null);
    b.remoteKeys.addAll(remoteKeys);
    b.jobWorkers = jobWorkers;
    b.jobExpiry = jobExpiry;
    b.approvalTimeout = approvalTimeout;
    b.callbackPrefixes.addAll(callbackPrefixes);
    b.jobLease = jobLease;
    return b;
  }

  /**
   * Reads a configuration: the YAML file when given (relative paths in it are resolved against its folder), then
   * the environment variables {@code KYSO_HOST}, {@code KYSO_PORT}, {@code KYSO_DATABASE},
   * {@code KYSO_MAX_UPLOAD_MIB}, {@code KYSO_REQUEST_TIMEOUT_SECONDS}, {@code KYSO_VERIFY_CONCURRENCY},
   * {@code KYSO_TRUST} (paths separated by the path separator), {@code KYSO_OFFLINE}, {@code KYSO_AUDIT_LOG} and
   * {@code KYSO_REVOCATION_CACHE}. Without {@code revocationCache} in the file or the variable, the revocation
   * cache is the one {@code kyso sign} uses ({@code $XDG_CACHE_HOME/kyso/revocation}, else
   * {@code $HOME/.cache/kyso/revocation}), when {@code env} names a home.
   *
   * @throws FileAccessException if the file cannot be read
   * @throws DocumentException if the file or a variable holds a value that makes no sense, named in the message
   */
  public static ServerConfig load(Optional<Path> file, Map<String, String> env) throws KysoException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(env, "env");
    Builder b = builder();
    if (file.isPresent()) {
      Path f = file.get();
      Object root;
      try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
      } catch (IOException e) {
        throw new FileAccessException("The configuration file " + f + " does not exist or cannot be read.", e);
      } catch (RuntimeException e) {
        throw new DocumentException("The configuration file " + f + " is not valid YAML: "
            + firstLine(e.getMessage()), e);
      }
      Path base = f.toAbsolutePath().getParent();
      try {
        if (root != null) {
          if (!(root instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("its top level must be a mapping of settings");
          }
          b.fromYaml(m, base);
        }
      } catch (IllegalArgumentException | ClassCastException e) {
        throw new DocumentException("The configuration file " + f + " is not usable: " + e.getMessage() + ".", e);
      }
    }
    try {
      b.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      throw new DocumentException("An environment variable is not usable: " + e.getMessage() + ".", e);
    }
    if (!b.revocationCacheSet) {
      org.kyso.core.internal.revocation.DiskRevocationCache.defaultFolder(env).ifPresent(b::revocationCache);
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new DocumentException("The configuration is not usable: " + e.getMessage() + ".", e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    String l = nl < 0 ? s : s.substring(0, nl);
    // "java.nio.charset.MalformedInputException: Input length = 1": the file is not text
    if (l.matches("(?s).*\\b(java|javax|org|com)\\.[\\w.]*[A-Z]\\w*(Exception|Error).*")) {
      return "it is not UTF-8 text";
    }
    return l;
  }

  /** The SHA-256 (lowercase hex) of a token's secret value, as the configuration holds it. */
  public static String hashToken(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public String host() {
    return host;
  }

  /** The port; 0 lets the system pick one (see {@link KysoServer#port()}). */
  public int port() {
    return port;
  }

  public long maxUploadBytes() {
    return maxUploadBytes;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** The longest one file's verification may take. */
  public Duration verifyTimeout() {
    return verifyTimeout;
  }

  public int verifyConcurrency() {
    return verifyConcurrency;
  }

  public Duration verifyQueueWait() {
    return verifyQueueWait;
  }

  public List<Path> trust() {
    return trust;
  }

  public boolean offline() {
    return offline;
  }

  /** The register database: a SQLite file path or a {@code jdbc:postgresql://} URL. */
  public String database() {
    return database;
  }

  public List<ApiToken> tokens() {
    return tokens;
  }

  public Map<String, OrganisationConfig> organisations() {
    return organisations;
  }

  public List<String> corsOrigins() {
    return corsOrigins;
  }

  public Optional<Path> tlsKeystore() {
    return tlsKeystore;
  }

  public Optional<String> tlsPasswordEnv() {
    return tlsPasswordEnv;
  }

  /** The file holding the TLS key store's password (instead of {@link #tlsPasswordEnv()}). */
  public Optional<Path> tlsPasswordFile() {
    return tlsPasswordFile;
  }

  public Optional<Path> auditLog() {
    return auditLog;
  }

  /**
   * Where the signing routes keep the OCSP answers and CRLs of their pre-signing check while valid, shared by
   * every request (and with {@code kyso sign} on the same folder); empty: each request asks the CA.
   */
  public Optional<Path> revocationCache() {
    return revocationCache;
  }

  public int maxPagesRendered() {
    return maxPagesRendered;
  }

  /** The organisation whose key seals the PDF validation records, when one is configured. */
  public Optional<String> seal() {
    return seal;
  }

  /** The timestamp authority for signatures at B-T and above (and the validation records' seal), if any. */
  public Optional<TimestampConfig> timestamps() {
    return timestamps;
  }

  /** Keys held by remote signing services, signed with through asynchronous jobs. */
  public List<RemoteKeyConfig> remoteKeys() {
    return remoteKeys;
  }

  /** Jobs this process runs at once (0: it only accepts and answers jobs; other replicas run them). */
  public int jobWorkers() {
    return jobWorkers;
  }

  /** How long a job and its documents are kept after it was started; then it is deleted. */
  public Duration jobExpiry() {
    return jobExpiry;
  }

  /**
   * The addresses a job may call back when it is done (a callback URL must start with one of them); none: callbacks
   * are refused and clients poll.
   */
  public List<String> callbackPrefixes() {
    return callbackPrefixes;
  }

  /**
   * How long a replica's claim on a running job lasts without renewal (it renews it every half second while it
   * runs); when a replica dies, another takes its jobs over this long after.
   */
  public Duration jobLease() {
    return jobLease;
  }

  /** How long a remote signing job waits for the user's approval. */
  public Duration approvalTimeout() {
    return approvalTimeout;
  }

  @Override
  public String toString() {
    return "ServerConfig[" + host + ":" + port + ", " + summary() + "]";
  }

  /**
   * What the configuration serves, in words and without secrets (the database's password is hidden):
   * {@code database …, 2 tokens, 1 organisations}. The address is left out: before the server starts, a port of 0
   * only means "any free port".
   */
  public String summary() {
    return "database " + redact(database) + ", " + tokens.size() + " tokens, " + organisations.size() + " organisations";
  }

  private static String redact(String db) {
    return db.replaceAll("password=[^&;]*", "password=…");
  }

  /** Builds a {@link ServerConfig}. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 8080;
    private long maxUploadBytes = 50L << 20;
    private Duration requestTimeout = Duration.ofSeconds(60);
    private Duration verifyTimeout = Duration.ofSeconds(120);
    private int verifyConcurrency = Math.max(1, Runtime.getRuntime().availableProcessors());
    private Duration verifyQueueWait = Duration.ofSeconds(30);
    private final List<Path> trust = new ArrayList<>();
    private boolean offline;
    private String database = "kyso-registers.db";
    private final List<ApiToken> tokens = new ArrayList<>();
    private final Map<String, OrganisationConfig> organisations = new LinkedHashMap<>();
    private final List<String> corsOrigins = new ArrayList<>();
    private Path tlsKeystore;
    private String tlsPasswordEnv;
    private Path tlsPasswordFile;
    private Path auditLog;
    private Path revocationCache;
    /** Whether the file, the environment or a caller chose the revocation cache (else load() picks the default). */
    private boolean revocationCacheSet;
    private int maxPagesRendered = 30;
    private String seal;
    private TimestampConfig timestamps;
    private final List<RemoteKeyConfig> remoteKeys = new ArrayList<>();
    private int jobWorkers = 2;
    private Duration jobExpiry = Duration.ofHours(24);
    private Duration approvalTimeout = Duration.ofMinutes(5);
    private final List<String> callbackPrefixes = new ArrayList<>();
    private Duration jobLease = Duration.ofSeconds(20);

    private Builder() {}

    public Builder jobLease(Duration d) {
      if (d.toMillis() < 2000) {
        throw new IllegalArgumentException("jobs.leaseSeconds must be at least 2");
      }
      this.jobLease = d;
      return this;
    }

    /** Allows job callbacks to URLs starting with {@code prefix} (e.g. {@code https://portal.example.gov.vn/kyso/}). */
    public Builder callbackPrefix(String prefix) {
      java.net.URI u = uri(Objects.requireNonNull(prefix, "prefix"));
      // a prefix without a path would also match https://portal.example.vn.elsewhere.com/
      if (u.getRawPath() == null || !u.getRawPath().endsWith("/")) {
        throw new IllegalArgumentException("a callback prefix ends with a path and '/', e.g. https://portal/kyso/, "
            + "not " + prefix);
      }
      this.callbackPrefixes.add(prefix);
      return this;
    }

    /** The organisation whose key seals the PDF validation records. */
    public Builder seal(String organisation) {
      this.seal = Objects.requireNonNull(organisation, "organisation");
      return this;
    }

    public Builder timestamps(TimestampConfig t) {
      this.timestamps = Objects.requireNonNull(t, "t");
      return this;
    }

    public Builder remoteKey(RemoteKeyConfig k) {
      this.remoteKeys.add(Objects.requireNonNull(k, "k"));
      return this;
    }

    public Builder jobWorkers(int n) {
      if (n < 0 || n > 64) {
        throw new IllegalArgumentException("jobs.workers must be 0..64, not " + n);
      }
      this.jobWorkers = n;
      return this;
    }

    public Builder jobExpiry(Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("jobs.expiryMinutes must be positive");
      }
      this.jobExpiry = d;
      return this;
    }

    public Builder approvalTimeout(Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("jobs.approvalTimeoutSeconds must be positive");
      }
      this.approvalTimeout = d;
      return this;
    }

    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, not " + port);
      }
      this.port = port;
      return this;
    }

    public Builder maxUploadBytes(long bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("the upload limit must be at least 1 KiB");
      }
      this.maxUploadBytes = bytes;
      return this;
    }

    public Builder requestTimeout(Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("the request timeout must be positive");
      }
      this.requestTimeout = d;
      return this;
    }

    public Builder verifyTimeout(Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("the verification timeout must be positive");
      }
      this.verifyTimeout = d;
      return this;
    }

    public Builder verifyConcurrency(int n) {
      if (n < 1 || n > 1024) {
        throw new IllegalArgumentException("verifyConcurrency must be 1..1024, not " + n);
      }
      this.verifyConcurrency = n;
      return this;
    }

    public Builder verifyQueueWait(Duration d) {
      this.verifyQueueWait = Objects.requireNonNull(d, "d");
      return this;
    }

    public Builder trust(Path p) {
      this.trust.add(Objects.requireNonNull(p, "p"));
      return this;
    }

    public Builder offline(boolean offline) {
      this.offline = offline;
      return this;
    }

    public Builder database(String database) {
      this.database = Objects.requireNonNull(database, "database");
      return this;
    }

    public Builder token(ApiToken token) {
      this.tokens.add(Objects.requireNonNull(token, "token"));
      return this;
    }

    public Builder organisation(OrganisationConfig org) {
      this.organisations.put(org.id(), org);
      return this;
    }

    public Builder corsOrigin(String origin) {
      this.corsOrigins.add(Objects.requireNonNull(origin, "origin"));
      return this;
    }

    public Builder tls(Path keystore, String passwordEnv) {
      this.tlsKeystore = Objects.requireNonNull(keystore, "keystore");
      this.tlsPasswordEnv = Objects.requireNonNull(passwordEnv, "passwordEnv");
      return this;
    }

    /** TLS with the key store's password in a file (e.g. a container secret). */
    public Builder tlsWithPasswordFile(Path keystore, Path passwordFile) {
      this.tlsKeystore = Objects.requireNonNull(keystore, "keystore");
      this.tlsPasswordFile = Objects.requireNonNull(passwordFile, "passwordFile");
      this.tlsPasswordEnv = null;
      return this;
    }

    public Builder auditLog(Path file) {
      this.auditLog = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Keeps the OCSP answers and CRLs of the signing routes' pre-signing check in {@code folder} while they are
     * valid (at most 1,000 answers and 64 MiB), so that one certificate's status is asked of the CA once per
     * validity period, not once per request. Default: none from the builder.
     */
    public Builder revocationCache(Path folder) {
      this.revocationCache = Objects.requireNonNull(folder, "folder");
      this.revocationCacheSet = true;
      return this;
    }

    /** No revocation cache: each signing request asks the CA ({@code revocationCache: off}). */
    public Builder noRevocationCache() {
      this.revocationCache = null;
      this.revocationCacheSet = true;
      return this;
    }

    public Builder maxPagesRendered(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("maxPagesRendered must not be negative");
      }
      this.maxPagesRendered = n;
      return this;
    }

    /** @throws IllegalArgumentException if a token names an organisation that is not configured */
    public ServerConfig build() {
      for (ApiToken t : tokens) {
        if (!organisations.containsKey(t.organisation())) {
          throw new IllegalArgumentException("the token " + t.name() + " names the organisation "
              + t.organisation() + ", which is not under organisations");
        }
      }
      if (seal != null && (!organisations.containsKey(seal) || organisations.get(seal).key().isEmpty())) {
        throw new IllegalArgumentException("seal names " + seal + ", which is not an organisation with a key");
      }
      java.util.Set<String> names = new java.util.HashSet<>();
      for (RemoteKeyConfig k : remoteKeys) {
        if (!organisations.containsKey(k.organisation())) {
          throw new IllegalArgumentException("the remote key " + k.name() + " names the organisation "
              + k.organisation() + ", which is not under organisations");
        }
        if (!names.add(k.organisation() + "/" + k.name())) {
          throw new IllegalArgumentException("the remote key " + k.name() + " is configured twice for "
              + k.organisation());
        }
      }
      return new ServerConfig(this);
    }

    private void fromYaml(Map<?, ?> m, Path base) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String k = String.valueOf(e.getKey());
        Object v = e.getValue();
        switch (k) {
          case "host" -> host(str(k, v));
          case "port" -> port(integer(k, v));
          case "database" -> {
            String db = str(k, v);
            database(db.startsWith("jdbc:") ? db : base.resolve(db).toString());
          }
          case "auditLog" -> auditLog(base.resolve(str(k, v)));
          case "revocationCache" -> {
            // YAML reads an unquoted off as false
            String folder = Boolean.FALSE.equals(v) ? "off" : str(k, v).strip();
            if (folder.equals("off")) {
              noRevocationCache();
            } else {
              revocationCache(base.resolve(folder));
            }
          }
          case "limits" -> {
            for (Map.Entry<?, ?> l : map(k, v).entrySet()) {
              String lk = String.valueOf(l.getKey());
              switch (lk) {
                case "maxUploadMib" -> maxUploadBytes((long) integer(lk, l.getValue()) << 20);
                case "requestTimeoutSeconds" -> requestTimeout(Duration.ofSeconds(integer(lk, l.getValue())));
                case "verifyConcurrency" -> verifyConcurrency(integer(lk, l.getValue()));
                case "verifyTimeoutSeconds" -> verifyTimeout(Duration.ofSeconds(integer(lk, l.getValue())));
                case "verifyQueueSeconds" -> verifyQueueWait(Duration.ofSeconds(integer(lk, l.getValue())));
                case "maxPagesRendered" -> maxPagesRendered(integer(lk, l.getValue()));
                default -> throw new IllegalArgumentException("limits." + lk + " is not a known setting");
              }
            }
          }
          case "verify" -> {
            for (Map.Entry<?, ?> l : map(k, v).entrySet()) {
              String lk = String.valueOf(l.getKey());
              switch (lk) {
                case "trust" -> list(lk, l.getValue()).forEach(t -> trust(base.resolve(str(lk, t))));
                case "offline" -> offline(bool(lk, l.getValue()));
                default -> throw new IllegalArgumentException("verify." + lk + " is not a known setting");
              }
            }
          }
          case "cors" -> list(k, v).forEach(o -> corsOrigin(str(k, o)));
          case "seal" -> seal(str(k, v));
          case "timestamps" -> {
            Map<?, ?> t = map(k, v);
            List<java.net.URI> urls = new ArrayList<>();
            Object u = t.get("urls") != null ? t.get("urls") : t.get("url");
            for (Object x : u instanceof List<?> l ? l : List.of(str("timestamps.url", u))) {
              urls.add(uri(str("timestamps.urls", x)));
            }
            for (Object tk : t.keySet()) {
              if (!Set.of("url", "urls", "username", "passwordEnv", "bearerTokenEnv", "policy").contains(tk)) {
                throw new IllegalArgumentException("timestamps." + tk + " is not a known setting");
              }
            }
            timestamps(new TimestampConfig(urls, opt(t, "username"), opt(t, "passwordEnv"),
                opt(t, "bearerTokenEnv"), opt(t, "policy")));
          }
          case "remoteKeys" -> {
            for (Object o : list(k, v)) {
              Map<?, ?> rm = map("remoteKeys[]", o);
              remoteKey(new RemoteKeyConfig(str("remoteKeys[].name", rm.get("name")),
                  str("remoteKeys[].organisation", rm.get("organisation")), str("remoteKeys[].key", rm.get("key")),
                  opt(rm, "pinEnv"), opt(rm, "pinFile").map(base::resolve), opt(rm, "clientSecretEnv"),
                  opt(rm, "clientSecretFile").map(base::resolve)));
            }
          }
          case "jobs" -> {
            for (Map.Entry<?, ?> l : map(k, v).entrySet()) {
              String lk = String.valueOf(l.getKey());
              switch (lk) {
                case "workers" -> jobWorkers(integer(lk, l.getValue()));
                case "expiryMinutes" -> jobExpiry(Duration.ofMinutes(integer(lk, l.getValue())));
                case "approvalTimeoutSeconds" -> approvalTimeout(Duration.ofSeconds(integer(lk, l.getValue())));
                case "callbacks" -> list(lk, l.getValue()).forEach(x -> callbackPrefix(str(lk, x)));
                case "leaseSeconds" -> jobLease(Duration.ofSeconds(integer(lk, l.getValue())));
                default -> throw new IllegalArgumentException("jobs." + lk + " is not a known setting");
              }
            }
          }
          case "tls" -> {
            Map<?, ?> t = map(k, v);
            Path ks = base.resolve(str("tls.keystore", t.get("keystore")));
            if (t.get("passwordFile") != null) {
              tlsWithPasswordFile(ks, base.resolve(str("tls.passwordFile", t.get("passwordFile"))));
            } else {
              tls(ks, str("tls.passwordEnv", t.get("passwordEnv")));
            }
          }
          case "organisations" -> {
            for (Map.Entry<?, ?> o : map(k, v).entrySet()) {
              String id = String.valueOf(o.getKey());
              Map<?, ?> om = map("organisations." + id, o.getValue());
              Object pinFile = om.get("pinFile");
              Object seal = om.get("sealImage");
              organisation(new OrganisationConfig(id, str(id + ".name", om.get("name")),
                  str(id + ".abbreviation", om.get("abbreviation")),
                  Optional.ofNullable(om.get("key")).map(x -> resolveKey(String.valueOf(x), base)),
                  Optional.ofNullable(om.get("pinEnv")).map(String::valueOf),
                  Optional.ofNullable(pinFile).map(x -> base.resolve(String.valueOf(x))),
                  Optional.ofNullable(seal).map(x -> base.resolve(String.valueOf(x)))));
            }
          }
          case "tokens" -> {
            for (Object o : list(k, v)) {
              Map<?, ?> tm = map("tokens[]", o);
              List<Scope> scopes = new ArrayList<>();
              for (Object s : list("scopes", tm.get("scopes"))) {
                scopes.add(scope(String.valueOf(s)));
              }
              token(new ApiToken(str("tokens[].name", tm.get("name")),
                  str("tokens[].organisation", tm.get("organisation")), Set.copyOf(scopes),
                  str("tokens[].sha256", tm.get("sha256"))));
            }
          }
          default -> throw new IllegalArgumentException(k + " is not a known setting");
        }
      }
    }

    private static Optional<String> opt(Map<?, ?> m, String key) {
      Object v = m.get(key);
      return v == null ? Optional.empty() : Optional.of(str(key, v));
    }

    private static java.net.URI uri(String s) {
      try {
        java.net.URI u = new java.net.URI(s);
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
          throw new java.net.URISyntaxException(s, "not http or https");
        }
        return u;
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException("an http or https URL is needed, not " + s);
      }
    }

    private static String resolveKey(String key, Path base) {
      if (key.startsWith("p12:")) {
        String rest = key.substring(4);
        int hash = rest.indexOf('#');
        String path = hash < 0 ? rest : rest.substring(0, hash);
        return "p12:" + base.resolve(path) + (hash < 0 ? "" : rest.substring(hash));
      }
      return key;
    }

    private void fromEnvironment(Map<String, String> env) {
      String v;
      if ((v = env.get("KYSO_HOST")) != null) {
        host(v);
      }
      if ((v = env.get("KYSO_PORT")) != null) {
        port(integer("KYSO_PORT", v));
      }
      if ((v = env.get("KYSO_DATABASE")) != null) {
        database(v);
      }
      if ((v = env.get("KYSO_MAX_UPLOAD_MIB")) != null) {
        maxUploadBytes((long) integer("KYSO_MAX_UPLOAD_MIB", v) << 20);
      }
      if ((v = env.get("KYSO_REQUEST_TIMEOUT_SECONDS")) != null) {
        requestTimeout(Duration.ofSeconds(integer("KYSO_REQUEST_TIMEOUT_SECONDS", v)));
      }
      if ((v = env.get("KYSO_VERIFY_CONCURRENCY")) != null) {
        verifyConcurrency(integer("KYSO_VERIFY_CONCURRENCY", v));
      }
      if ((v = env.get("KYSO_TRUST")) != null) {
        for (String p : v.split(java.io.File.pathSeparator)) {
          if (!p.isBlank()) {
            trust(Path.of(p));
          }
        }
      }
      if ((v = env.get("KYSO_OFFLINE")) != null) {
        offline(bool("KYSO_OFFLINE", v));
      }
      if ((v = env.get("KYSO_AUDIT_LOG")) != null) {
        auditLog(Path.of(v));
      }
      if ((v = env.get("KYSO_REVOCATION_CACHE")) != null && !v.isBlank()) {
        if (v.strip().equals("off")) {
          noRevocationCache();
        } else {
          revocationCache(Path.of(v));
        }
      }
      if ((v = env.get("KYSO_TSA_URL")) != null) {
        timestamps(new TimestampConfig(List.of(uri(v)), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty()));
      }
      if ((v = env.get("KYSO_JOB_WORKERS")) != null) {
        jobWorkers(integer("KYSO_JOB_WORKERS", v));
      }
    }

    private static Scope scope(String s) {
      try {
        return Scope.valueOf(s.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("a token scope is verify, sign or register, not " + s);
      }
    }

    private static String str(String k, Object v) {
      if (v == null || v instanceof Map || v instanceof List) {
        throw new IllegalArgumentException(k + " needs a text value");
      }
      return String.valueOf(v);
    }

    private static int integer(String k, Object v) {
      if (v instanceof Integer i) {
        return i;
      }
      try {
        return Integer.parseInt(String.valueOf(v).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(k + " needs a whole number, not " + v);
      }
    }

    private static boolean bool(String k, Object v) {
      if (v instanceof Boolean bo) {
        return bo;
      }
      String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
      if (s.equals("true") || s.equals("1") || s.equals("yes")) {
        return true;
      }
      if (s.equals("false") || s.equals("0") || s.equals("no")) {
        return false;
      }
      throw new IllegalArgumentException(k + " needs true or false, not " + v);
    }

    private static Map<?, ?> map(String k, Object v) {
      if (!(v instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException(k + " needs a mapping");
      }
      return m;
    }

    private static List<?> list(String k, Object v) {
      if (!(v instanceof List<?> l)) {
        throw new IllegalArgumentException(k + " needs a list");
      }
      return l;
    }
  }
}
