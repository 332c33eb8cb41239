package dev.ganymede.hub.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Groups and their members. Blocking. */
public interface GroupStore {

  Optional<Group> find(String name);

  /** Every group, ordered by name. */
  List<Group> list();

  /** Throws {@link AlreadyExistsException} if the name is taken. */
  Group create(String name);

  boolean delete(String name);

  /** Adds existing users to an existing group; throws {@link NotFoundException} otherwise. */
  void addMembers(String group, Set<String> users);

  void removeMembers(String group, Set<String> users);

  /** Names of the groups a user belongs to. */
  Set<String> groupsOf(String user);

  /** The groups of each of {@code users} that belongs to any. */
  default Map<String, Set<String>> groupsOf(Collection<String> users) {
    Map<String, Set<String>> memberships = new HashMap<>();
    for (String user : users) {
      Set<String> groups = groupsOf(user);
      if (!groups.isEmpty()) {
        memberships.put(user, groups);
      }
    }
    return memberships;
  }

  /** The groups of every user that belongs to any, from one read of {@link #list()}. */
  default Map<String, Set<String>> membershipsByUser() {
    Map<String, Set<String>> memberships = new HashMap<>();
    for (Group group : list()) {
      for (String member : group.members()) {
        memberships.computeIfAbsent(member, m -> new HashSet<>()).add(group.name());
      }
    }
    return memberships;
  }
}
