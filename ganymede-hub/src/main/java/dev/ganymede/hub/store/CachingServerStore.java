package dev.ganymede.hub.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link ServerStore} that serves each user's server rows from {@link StoreCaches}; every write
 * of a row forgets its user's rows.
 */
final class CachingServerStore implements ServerStore {
  private final ServerStore store;
  private final StoreCaches caches;

  CachingServerStore(ServerStore store, StoreCaches caches) {
    this.store = Objects.requireNonNull(store, "store");
    this.caches = Objects.requireNonNull(caches, "caches");
  }

  @Override
  public Optional<ServerRecord> find(String user, String name) {
    Objects.requireNonNull(name, "name");
    return listFor(user).stream().filter(s -> s.name().equals(name)).findFirst();
  }

  @Override
  public List<ServerRecord> list() {
    return store.list();
  }

  @Override
  public List<ServerRecord> listFor(String user) {
    Objects.requireNonNull(user, "user");
    return caches
        .serversOfUser
        .getOrLoad(user, () -> Optional.of(List.copyOf(store.listFor(user))))
        .get();
  }

  @Override
  public List<ServerRecord> listFor(Collection<String> users) {
    Map<String, List<ServerRecord>> byUser =
        caches.serversOfUser.getAllOrLoad(
            users,
            missing -> {
              Map<String, List<ServerRecord>> loaded = new HashMap<>();
              for (ServerRecord row : store.listFor(missing)) {
                loaded.computeIfAbsent(row.user(), u -> new ArrayList<>()).add(row);
              }
              loaded.replaceAll((user, rows) -> List.copyOf(rows));
              return loaded;
            },
            List.of());
    List<ServerRecord> rows = new ArrayList<>();
    for (String user : users.stream().distinct().sorted().toList()) {
      rows.addAll(byUser.get(user));
    }
    return rows;
  }

  @Override
  public void save(ServerRecord server) {
    try {
      store.save(server);
    } finally {
      caches.serversChanged(server.user());
    }
  }

  @Override
  public boolean touch(String user, String name, Instant lastActivity) {
    try {
      return store.touch(user, name, lastActivity);
    } finally {
      caches.serversChanged(user);
    }
  }

  @Override
  public boolean delete(String user, String name) {
    try {
      return store.delete(user, name);
    } finally {
      caches.serversChanged(user);
    }
  }
}
