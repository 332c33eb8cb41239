package dev.ganymede.hub.auth.fakes;

import dev.ganymede.hub.store.Session;
import dev.ganymede.hub.store.SessionStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link SessionStore} in memory that counts {@link #find} calls. Thread-safe. */
public final class InMemorySessionStore implements SessionStore {

  private final Map<String, Session> byHash = new HashMap<>();
  private final AtomicInteger finds = new AtomicInteger();

  /** How often {@link #find} was called. */
  public int finds() {
    return finds.get();
  }

  /** Every stored row, expired ones included. */
  public synchronized List<Session> all() {
    return List.copyOf(byHash.values());
  }

  @Override
  public synchronized void create(Session session) {
    if (byHash.putIfAbsent(session.idHash(), session) != null) {
      throw new IllegalStateException("duplicate session id hash");
    }
  }

  @Override
  public synchronized Optional<Session> find(String idHash) {
    finds.incrementAndGet();
    return Optional.ofNullable(byHash.get(idHash));
  }

  @Override
  public synchronized List<Session> listValid(Instant now) {
    return byHash.values().stream().filter(s -> s.expiresAt().isAfter(now)).toList();
  }

  @Override
  public synchronized boolean delete(String idHash) {
    return byHash.remove(idHash) != null;
  }

  @Override
  public synchronized int deleteForUser(String user) {
    int before = byHash.size();
    byHash.values().removeIf(s -> s.user().equals(user));
    return before - byHash.size();
  }

  @Override
  public synchronized int deleteExpired(Instant now) {
    int before = byHash.size();
    byHash.values().removeIf(s -> !s.expiresAt().isAfter(now));
    return before - byHash.size();
  }
}
