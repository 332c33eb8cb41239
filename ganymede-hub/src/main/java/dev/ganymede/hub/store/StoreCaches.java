package dev.ganymede.hub.store;

import dev.ganymede.hub.cache.LruCache;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory copies of what every authenticated request reads — users by name, each user's
 * groups and server rows, API tokens by hash — and the one place that invalidates them.
 *
 * <p>Coherence: this hub process is assumed to be the only writer of its database. Every write of
 * the caching stores goes to the database first and then calls the matching method here, so the
 * next read sees it (a revoked token is refused on the very next request). A write from elsewhere
 * (the {@code ganymede user} command, a second hub replica) is seen at the latest after {@link
 * #MAX_AGE}; a future cross-replica notification (e.g. PostgreSQL {@code LISTEN/NOTIFY}) calls
 * these same methods.
 *
 * <p>Pages of users ({@link UserStore#page}) are kept for the last 64 queries, each with the
 * version of the users table it was read at; every user or server write moves the version on.
 *
 * <p>Memory: each cache keeps at most {@code capacity} entries ({@code database.cacheSize}), least
 * recently used first out.
 */
public final class StoreCaches {
  /** How long an entry is served without being read again (bounds other writers' staleness). */
  public static final Duration MAX_AGE = Duration.ofSeconds(5);

  final LruCache<String, Optional<User>> users;
  final LruCache<String, Set<String>> groupsOfUser;
  final LruCache<String, List<ServerRecord>> serversOfUser;
  final LruCache<String, ApiTokenRecord> tokensByHash;
  final LruCache<UserQuery, VersionedPage> userPages;
  // bumped after every write that can change a page of users (rows, or server states it filters)
  private final AtomicLong usersVersion = new AtomicLong();

  /** A page of users read when {@link #usersVersion()} was {@code version}. */
  record VersionedPage(long version, UserPage page) {}

  private static final int PAGES = 64;

  public StoreCaches(int capacity) {
    this.userPages = new LruCache<>(Math.min(capacity, PAGES), MAX_AGE);
    this.users = new LruCache<>(capacity, MAX_AGE);
    this.groupsOfUser = new LruCache<>(capacity, MAX_AGE);
    this.serversOfUser = new LruCache<>(capacity, MAX_AGE);
    this.tokensByHash = new LruCache<>(capacity, MAX_AGE);
  }

  /** A user's row changed (admin flag, status, password, activity) or was created. */
  public void userChanged(String name) {
    users.remove(Objects.requireNonNull(name, "name"));
    usersVersion.incrementAndGet();
  }

  /** A user was deleted, with their memberships, server rows and tokens. */
  public void userDeleted(String name) {
    Objects.requireNonNull(name, "name");
    users.remove(name);
    usersVersion.incrementAndGet();
    groupsOfUser.remove(name);
    serversOfUser.remove(name);
    tokensByHash.removeIf((hash, token) -> !token.service() && token.owner().equals(name));
  }

  /** Some group or membership changed. */
  public void groupsChanged() {
    groupsOfUser.clear();
  }

  /** A server row of {@code user} changed. */
  public void serversChanged(String user) {
    serversOfUser.remove(Objects.requireNonNull(user, "user"));
    usersVersion.incrementAndGet();
  }

  /** Some API token was revoked, expired or used. */
  public void tokensChanged() {
    tokensByHash.clear();
  }

  /** The version of the users table (and server states) that pages of users are read at. */
  long usersVersion() {
    return usersVersion.get();
  }

  /** Everything may have changed. */
  public void clear() {
    users.clear();
    usersVersion.incrementAndGet();
    userPages.clear();
    groupsOfUser.clear();
    serversOfUser.clear();
    tokensByHash.clear();
  }
}
