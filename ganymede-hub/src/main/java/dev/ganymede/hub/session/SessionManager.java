package dev.ganymede.hub.session;

import dev.ganymede.hub.config.AuthConfig;
import dev.ganymede.hub.store.Session;
import dev.ganymede.hub.store.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Browser sessions. The cookie value is 32 random bytes (SecureRandom, unpadded Base64url); the
 * {@link SessionStore} keeps only its SHA-256 hex, so a leaked database does not sign anyone in.
 * Each session has its own CSRF token ({@link Session#csrfToken()}) and lasts {@link
 * AuthConfig#sessionMaxAge()}.
 *
 * <p>Valid sessions are cached in memory by hash: call {@link #loadAll()} once at start; then
 * {@link #lookup} costs one SHA-256 and one map read, and touches the store only for a cookie it
 * does not know (once per such lookup). Expired sessions are never returned and are evicted when
 * met; {@link #purgeExpired()} removes them from the store too.
 *
 * <p>Thread-safe. {@link #lookupCached} never blocks and may be called on an event loop; every
 * other method may block on the store and belongs on a virtual thread or worker.
 *
 * <pre>{@code
 * OpenedSession opened = sessions.open("alice");       // on sign-in
 * response.addCookie(cookie(opened.cookieValue()));
 * Optional<Session> session = sessions.lookup(cookie); // on each request
 * sessions.close(cookie);                              // on sign-out
 * }</pre>
 *
 * <p>Several hubs on one database: a session closed on one hub stays valid in the others' caches
 * until it expires or they restart.
 */
public final class SessionManager {

  private static final Logger log = LoggerFactory.getLogger(SessionManager.class);

  private final SessionStore store;
  private final Duration maxAge;
  private final Clock clock;
  private final ConcurrentMap<String, Session> byHash = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Instant> confirmedAt = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Object> confirming = new ConcurrentHashMap<>();
  private volatile Duration reconfirmAfter = Duration.ZERO;
  private volatile Predicate<Session> stillAllowed = session -> true;

  public SessionManager(SessionStore store, AuthConfig config, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.maxAge = Objects.requireNonNull(config, "config").sessionMaxAge();
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("auth.sessionMaxAge must be positive");
    }
  }

  /**
   * From now on, {@link #lookup} asks {@code stillAllowed} about a session once {@code after} has
   * passed since it opened or was last confirmed; a session it refuses is closed and not returned
   * ({@code auth.oidc.refreshAfter}). {@code stillAllowed} is called on the looking-up thread, at
   * most once at a time per session, and may block. {@link #lookupCached} does not ask.
   */
  public void reconfirmAfter(Duration after, Predicate<Session> stillAllowed) {
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(stillAllowed, "stillAllowed");
    if (after.isNegative() || after.isZero()) {
      throw new IllegalArgumentException("the reconfirmation age must be positive");
    }
    this.stillAllowed = stillAllowed;
    this.reconfirmAfter = after;
  }

  /** Fills the cache with the store's valid sessions; returns how many. Call once at start. */
  public int loadAll() {
    int count = 0;
    for (Session session : store.listValid(clock.instant())) {
      byHash.put(session.idHash(), session);
      count++;
    }
    log.info("Loaded {} valid sessions", count);
    return count;
  }

  /** Opens a session for {@code user} (a normalised name) and stores its hash. */
  public OpenedSession open(String user) {
    Objects.requireNonNull(user, "user");
    String cookieValue = RandomTokens.newToken();
    Instant now = clock.instant();
    Session session =
        new Session(
            RandomTokens.sha256Hex(cookieValue),
            user,
            CsrfTokens.newToken(),
            now,
            now.plus(maxAge));
    store.create(session);
    byHash.put(session.idHash(), session);
    return new OpenedSession(cookieValue, session);
  }

  /**
   * The unexpired session of this cookie value. A value the cache does not know is looked up in the
   * store once (a session another hub opened) and cached if found.
   */
  public Optional<Session> lookup(String cookieValue) {
    Objects.requireNonNull(cookieValue, "cookieValue");
    if (!RandomTokens.looksLikeToken(cookieValue)) {
      return Optional.empty();
    }
    String hash = RandomTokens.sha256Hex(cookieValue);
    Instant now = clock.instant();
    Session cached = byHash.get(hash);
    if (cached != null) {
      return unlessExpired(cached, now).flatMap(session -> confirmed(session, now));
    }
    Optional<Session> stored = store.find(hash).filter(session -> session.expiresAt().isAfter(now));
    stored.ifPresent(session -> byHash.put(hash, session));
    return stored.flatMap(session -> confirmed(session, now));
  }

  private Optional<Session> confirmed(Session session, Instant now) {
    Duration after = reconfirmAfter;
    if (after.isZero() || isFresh(session, now, after)) {
      return Optional.of(session);
    }
    String hash = session.idHash();
    synchronized (confirming.computeIfAbsent(hash, h -> new Object())) {
      if (isFresh(session, clock.instant(), after)) {
        return Optional.of(session); // another request confirmed it meanwhile
      }
      if (stillAllowed.test(session)) {
        confirmedAt.put(hash, clock.instant());
        return Optional.of(session);
      }
      byHash.remove(hash);
      store.delete(hash);
      forget(hash);
      return Optional.empty();
    }
  }

  private boolean isFresh(Session session, Instant now, Duration after) {
    return now.isBefore(
        confirmedAt.getOrDefault(session.idHash(), session.createdAt()).plus(after));
  }

  private void forget(String hash) {
    confirmedAt.remove(hash);
    confirming.remove(hash);
  }

  /** Like {@link #lookup}, from the cache only: never blocks, for event-loop callers. */
  public Optional<Session> lookupCached(String cookieValue) {
    Objects.requireNonNull(cookieValue, "cookieValue");
    if (!RandomTokens.looksLikeToken(cookieValue)) {
      return Optional.empty();
    }
    Session cached = byHash.get(RandomTokens.sha256Hex(cookieValue));
    return cached == null ? Optional.empty() : unlessExpired(cached, clock.instant());
  }

  /** Signs this cookie's session out (nothing happens for an unknown value). */
  public void close(String cookieValue) {
    Objects.requireNonNull(cookieValue, "cookieValue");
    if (!RandomTokens.looksLikeToken(cookieValue)) {
      return;
    }
    String hash = RandomTokens.sha256Hex(cookieValue);
    byHash.remove(hash);
    store.delete(hash);
    forget(hash);
  }

  /** Signs {@code user} out everywhere; returns how many sessions the store removed. */
  public int closeAllFor(String user) {
    Objects.requireNonNull(user, "user");
    byHash.values().removeIf(session -> session.user().equals(user));
    int removed = store.deleteForUser(user);
    // A lookup that read the store before the delete may have cached a session again.
    byHash.values().removeIf(session -> session.user().equals(user));
    return removed;
  }

  /** Drops expired sessions from the cache and the store. */
  public void purgeExpired() {
    Instant now = clock.instant();
    byHash.values().removeIf(session -> !session.expiresAt().isAfter(now));
    int removed = store.deleteExpired(now);
    confirmedAt.keySet().removeIf(hash -> !byHash.containsKey(hash));
    confirming.keySet().removeIf(hash -> !byHash.containsKey(hash));
    log.debug("Purged {} expired sessions", removed);
  }

  private Optional<Session> unlessExpired(Session session, Instant now) {
    if (session.expiresAt().isAfter(now)) {
      return Optional.of(session);
    }
    byHash.remove(session.idHash(), session);
    return Optional.empty();
  }
}
