package dev.ganymede.hub.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link ApiTokenStore} that serves {@link #findByHash} from {@link StoreCaches}; revoking,
 * purging or touching any token forgets every cached token.
 */
final class CachingApiTokenStore implements ApiTokenStore {
  private final ApiTokenStore store;
  private final StoreCaches caches;

  CachingApiTokenStore(ApiTokenStore store, StoreCaches caches) {
    this.store = Objects.requireNonNull(store, "store");
    this.caches = Objects.requireNonNull(caches, "caches");
  }

  @Override
  public ApiTokenRecord create(
      String owner,
      boolean service,
      String prefix,
      String hash,
      List<String> scopes,
      String note,
      String clientId,
      Optional<String> sessionId,
      Instant createdAt,
      Optional<Instant> expiresAt) {
    return store.create(
        owner, service, prefix, hash, scopes, note, clientId, sessionId, createdAt, expiresAt);
  }

  @Override
  public Optional<ApiTokenRecord> findByHash(String prefix, String hash) {
    return caches.tokensByHash.getOrLoad(hash, () -> store.findByHash(prefix, hash));
  }

  @Override
  public Optional<ApiTokenRecord> find(long id) {
    return store.find(id);
  }

  @Override
  public List<ApiTokenRecord> listFor(String owner, boolean service) {
    return store.listFor(owner, service);
  }

  @Override
  public boolean delete(long id) {
    try {
      return store.delete(id);
    } finally {
      caches.tokensChanged();
    }
  }

  @Override
  public int deleteForSession(String sessionId) {
    try {
      return store.deleteForSession(sessionId);
    } finally {
      caches.tokensChanged();
    }
  }

  @Override
  public int deleteForClient(String owner, String clientId) {
    try {
      return store.deleteForClient(owner, clientId);
    } finally {
      caches.tokensChanged();
    }
  }

  @Override
  public void touch(long id, Instant lastActivity) {
    try {
      store.touch(id, lastActivity);
    } finally {
      caches.tokensByHash.removeIf((hash, token) -> token.id() == id);
    }
  }

  @Override
  public int deleteExpired(Instant now) {
    try {
      return store.deleteExpired(now);
    } finally {
      caches.tokensChanged();
    }
  }
}
