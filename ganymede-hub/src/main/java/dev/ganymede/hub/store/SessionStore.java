package dev.ganymede.hub.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Browser sign-ins. Blocking. */
public interface SessionStore {

  void create(Session session);

  Optional<Session> find(String idHash);

  /** Every unexpired session (the hub caches them in memory at start). */
  List<Session> listValid(Instant now);

  boolean delete(String idHash);

  /** Signs a user out everywhere; returns how many sessions were removed. */
  int deleteForUser(String user);

  int deleteExpired(Instant now);
}
