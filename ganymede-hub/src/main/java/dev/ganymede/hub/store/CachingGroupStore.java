package dev.ganymede.hub.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link GroupStore} that serves each user's groups from {@link StoreCaches}; any group write
 * forgets every user's groups (group writes are rare).
 */
final class CachingGroupStore implements GroupStore {
  private final GroupStore store;
  private final StoreCaches caches;

  CachingGroupStore(GroupStore store, StoreCaches caches) {
    this.store = Objects.requireNonNull(store, "store");
    this.caches = Objects.requireNonNull(caches, "caches");
  }

  @Override
  public Optional<Group> find(String name) {
    return store.find(name);
  }

  @Override
  public List<Group> list() {
    return store.list();
  }

  @Override
  public Group create(String name) {
    try {
      return store.create(name);
    } finally {
      caches.groupsChanged();
    }
  }

  @Override
  public boolean delete(String name) {
    try {
      return store.delete(name);
    } finally {
      caches.groupsChanged();
    }
  }

  @Override
  public void addMembers(String group, Set<String> users) {
    try {
      store.addMembers(group, users);
    } finally {
      caches.groupsChanged();
    }
  }

  @Override
  public void removeMembers(String group, Set<String> users) {
    try {
      store.removeMembers(group, users);
    } finally {
      caches.groupsChanged();
    }
  }

  @Override
  public Set<String> groupsOf(String user) {
    Objects.requireNonNull(user, "user");
    return caches.groupsOfUser.getOrLoad(user, () -> Optional.of(store.groupsOf(user))).get();
  }

  @Override
  public Map<String, Set<String>> groupsOf(Collection<String> users) {
    Map<String, Set<String>> memberships =
        caches.groupsOfUser.getAllOrLoad(
            users,
            missing -> {
              Map<String, Set<String>> loaded = new HashMap<>(store.groupsOf(missing));
              loaded.replaceAll((user, groups) -> Set.copyOf(groups));
              return loaded;
            },
            Set.of());
    memberships.values().removeIf(Set::isEmpty);
    return memberships;
  }
}
