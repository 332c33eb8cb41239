package dev.ganymede.hub.rbac;

import dev.ganymede.hub.store.ApiTokenRecord;
import dev.ganymede.hub.store.ApiTokenStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API tokens: creation (random values shown once), lookup by value, revocation and last-use
 * tracking. Only the SHA-256 of a token is stored, indexed by its first four characters, as
 * JupyterHub does. Expired tokens are never returned. Every method blocks on the store.
 *
 * <p>Last use is written behind: {@link #lookup} only notes it (at most every 30 seconds per
 * token), and {@link #flushLastUse} writes the noted times; the hub calls it every {@link
 * #FLUSH_INTERVAL} and when it stops. JupyterHub updates last activity lazily too.
 */
public final class TokenService {
  /** The OAuth client that owns plain API tokens. */
  public static final String HUB_CLIENT = "jupyterhub";

  /** How often the hub writes noted last uses. */
  public static final Duration FLUSH_INTERVAL = Duration.ofSeconds(5);

  private static final Duration ACTIVITY_RESOLUTION = Duration.ofSeconds(30);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private final ApiTokenStore store;
  private final Clock clock;
  private final ConcurrentHashMap<Long, Instant> pendingUse = new ConcurrentHashMap<>();

  public TokenService(ApiTokenStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Creates a plain API token (32 hex characters, like JupyterHub's uuid4 hex). */
  public IssuedToken create(
      String owner,
      boolean service,
      List<String> scopes,
      Optional<Duration> expiresIn,
      String note) {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return store(
        HexFormat.of().formatHex(bytes),
        owner,
        service,
        scopes,
        expiresIn,
        note,
        HUB_CLIENT,
        Optional.empty());
  }

  /** Creates an OAuth access token (30 random alphanumerics) for a client in a hub session. */
  public IssuedToken createOAuth(
      String owner,
      List<String> scopes,
      Duration expiresIn,
      String clientId,
      Optional<String> sessionId) {
    StringBuilder value = new StringBuilder(30);
    for (int i = 0; i < 30; i++) {
      value.append(ALNUM[RANDOM.nextInt(ALNUM.length)]);
    }
    return store(
        value.toString(),
        owner,
        false,
        scopes,
        Optional.of(expiresIn),
        "OAuth token for " + clientId,
        clientId,
        sessionId);
  }

  /** Stores a token whose value comes from configuration (services); at least 8 characters. */
  public ApiTokenRecord register(String value, String owner, boolean service, List<String> scopes) {
    if (value.length() < 8) {
      throw new IllegalArgumentException("a token must have at least 8 characters");
    }
    Optional<ApiTokenRecord> existing = store.findByHash(prefix(value), sha256(value));
    if (existing.isPresent()) {
      return existing.get();
    }
    return store(
            value,
            owner,
            service,
            scopes,
            Optional.empty(),
            "from configuration",
            HUB_CLIENT,
            Optional.empty())
        .record();
  }

  private IssuedToken store(
      String value,
      String owner,
      boolean service,
      List<String> scopes,
      Optional<Duration> expiresIn,
      String note,
      String clientId,
      Optional<String> sessionId) {
    Instant now = clock.instant();
    ApiTokenRecord record =
        store.create(
            owner,
            service,
            prefix(value),
            sha256(value),
            scopes,
            note,
            clientId,
            sessionId,
            now,
            expiresIn.map(now::plus));
    return new IssuedToken(record, value);
  }

  /**
   * The unexpired token with this value; notes its use (written by {@link #flushLastUse}, at most
   * every 30 seconds per token).
   */
  public Optional<ApiTokenRecord> lookup(String value) {
    Objects.requireNonNull(value, "value");
    if (value.length() < 8 || value.length() > 200) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Optional<ApiTokenRecord> found =
        store.findByHash(prefix(value), sha256(value)).filter(t -> !t.expiredAt(now));
    found.ifPresent(
        t -> {
          if (t.lastActivity().isEmpty()
              || t.lastActivity().get().plus(ACTIVITY_RESOLUTION).isBefore(now)) {
            pendingUse.merge(t.id(), now, (a, b) -> a.isAfter(b) ? a : b);
          }
        });
    return found;
  }

  /** Writes the last uses noted since the previous flush; returns how many tokens it wrote. */
  public int flushLastUse() {
    int written = 0;
    for (Long id : List.copyOf(pendingUse.keySet())) {
      Instant at = pendingUse.remove(id);
      if (at != null) {
        store.touch(id, at);
        written++;
      }
    }
    return written;
  }

  /** The unexpired tokens of an owner, most recently used first. */
  public List<ApiTokenRecord> list(String owner, boolean service) {
    Instant now = clock.instant();
    return store.listFor(owner, service).stream()
        .filter(t -> !t.expiredAt(now))
        .sorted(
            (a, b) ->
                b.lastActivity()
                    .orElse(Instant.EPOCH)
                    .compareTo(a.lastActivity().orElse(Instant.EPOCH)))
        .toList();
  }

  /** The unexpired token with API id {@code a<n>} owned by {@code owner}. */
  public Optional<ApiTokenRecord> find(String owner, String apiId) {
    if (!apiId.matches("a[0-9]{1,18}")) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    return store
        .find(Long.parseLong(apiId.substring(1)))
        .filter(t -> !t.service() && t.owner().equals(owner) && !t.expiredAt(now));
  }

  /**
   * Revokes a token; revoking an OAuth token revokes every token the owner got from that client, as
   * JupyterHub does.
   */
  public void revoke(ApiTokenRecord token) {
    if (!token.clientId().equals(HUB_CLIENT) && !token.service()) {
      store.deleteForClient(token.owner(), token.clientId());
    }
    store.delete(token.id());
  }

  /** Revokes the OAuth tokens issued in a hub session (at sign-out). */
  public int revokeSession(String sessionId) {
    return store.deleteForSession(sessionId);
  }

  /** Revokes every token a user got from an OAuth client (when the server stops). */
  public int revokeClient(String owner, String clientId) {
    return store.deleteForClient(owner, clientId);
  }

  public int purgeExpired() {
    return store.deleteExpired(clock.instant());
  }

  static String prefix(String value) {
    return value.substring(0, Math.min(4, value.length()));
  }

  static String sha256(String value) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
