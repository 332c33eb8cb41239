package dev.ganymede.hub.auth.fakes;

import dev.ganymede.hub.store.AlreadyExistsException;
import dev.ganymede.hub.store.Group;
import dev.ganymede.hub.store.GroupStore;
import dev.ganymede.hub.store.NotFoundException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/** A {@link GroupStore} in memory over an {@link InMemoryUserStore}. Thread-safe. */
public final class InMemoryGroupStore implements GroupStore {

  private final InMemoryUserStore users;
  private final Map<String, Group> groups = new TreeMap<>();
  private final AtomicLong ids = new AtomicLong();

  public InMemoryGroupStore(InMemoryUserStore users) {
    this.users = users;
    users.onDelete(this::forget);
  }

  @Override
  public synchronized Optional<Group> find(String name) {
    return Optional.ofNullable(groups.get(name));
  }

  @Override
  public synchronized List<Group> list() {
    return List.copyOf(groups.values());
  }

  @Override
  public synchronized Group create(String name) {
    if (groups.containsKey(name)) {
      throw new AlreadyExistsException("Group " + name + " exists");
    }
    Group group = new Group(ids.incrementAndGet(), name, Set.of());
    groups.put(name, group);
    return group;
  }

  @Override
  public synchronized boolean delete(String name) {
    return groups.remove(name) != null;
  }

  @Override
  public synchronized void addMembers(String group, Set<String> members) {
    Group existing = groups.get(group);
    if (existing == null) {
      throw new NotFoundException("Group " + group + " does not exist.");
    }
    for (String member : members) {
      if (!users.exists(member)) {
        throw new NotFoundException("User " + member + " does not exist.");
      }
    }
    Set<String> all = new HashSet<>(existing.members());
    all.addAll(members);
    groups.put(group, new Group(existing.id(), group, all));
  }

  @Override
  public synchronized void removeMembers(String group, Set<String> members) {
    Group existing = groups.get(group);
    if (existing == null) {
      return;
    }
    Set<String> rest = new HashSet<>(existing.members());
    rest.removeAll(members);
    groups.put(group, new Group(existing.id(), group, rest));
  }

  @Override
  public synchronized Set<String> groupsOf(String user) {
    return groups.values().stream()
        .filter(group -> group.members().contains(user))
        .map(Group::name)
        .collect(Collectors.toUnmodifiableSet());
  }

  private synchronized void forget(String user) {
    groups.replaceAll(
        (name, group) -> {
          Set<String> rest = new HashSet<>(group.members());
          rest.remove(user);
          return new Group(group.id(), name, rest);
        });
  }
}
