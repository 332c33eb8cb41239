package dev.ganymede.hub.server;

import dev.ganymede.hub.store.NotFoundException;
import dev.ganymede.hub.store.ServerRecord;
import dev.ganymede.hub.store.ServerStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link ServerStore} in a map, following the interface's contract; records saves in a journal.
 */
final class InMemoryServerStore implements ServerStore {
  private final Map<ServerKey, ServerRecord> rows = new ConcurrentHashMap<>();
  private final Set<String> users = ConcurrentHashMap.newKeySet();
  private final Journal journal;

  InMemoryServerStore(Journal journal, String... users) {
    this.journal = journal;
    this.users.addAll(List.of(users));
  }

  @Override
  public Optional<ServerRecord> find(String user, String name) {
    return Optional.ofNullable(rows.get(new ServerKey(user, name)));
  }

  @Override
  public List<ServerRecord> list() {
    return List.copyOf(rows.values());
  }

  @Override
  public List<ServerRecord> listFor(String user) {
    return rows.values().stream().filter(r -> r.user().equals(user)).toList();
  }

  @Override
  public synchronized void save(ServerRecord server) {
    if (!users.contains(server.user())) {
      throw new NotFoundException("no user " + server.user());
    }
    ServerKey key = new ServerKey(server.user(), server.name());
    ServerRecord existing = rows.get(key);
    Optional<Instant> activity = existing == null ? server.lastActivity() : existing.lastActivity();
    rows.put(
        key,
        new ServerRecord(
            server.user(),
            server.name(),
            server.state(),
            server.spawnerKind(),
            server.spawnerState(),
            server.url(),
            server.tokenNonce(),
            server.startedAt(),
            activity,
            server.failure()));
    journal.add("save " + key.subject() + " " + server.state());
  }

  @Override
  public synchronized boolean touch(String user, String name, Instant lastActivity) {
    ServerKey key = new ServerKey(user, name);
    ServerRecord existing = rows.get(key);
    if (existing == null) {
      return false;
    }
    if (existing.lastActivity().map(a -> a.isBefore(lastActivity)).orElse(true)) {
      rows.put(
          key,
          new ServerRecord(
              existing.user(),
              existing.name(),
              existing.state(),
              existing.spawnerKind(),
              existing.spawnerState(),
              existing.url(),
              existing.tokenNonce(),
              existing.startedAt(),
              Optional.of(lastActivity),
              existing.failure()));
    }
    return true;
  }

  @Override
  public boolean delete(String user, String name) {
    return rows.remove(new ServerKey(user, name)) != null;
  }

  /** Puts a row as it is, without journal entry (the state a crashed hub left). */
  void put(ServerRecord row) {
    users.add(row.user());
    rows.put(new ServerKey(row.user(), row.name()), row);
  }
}
