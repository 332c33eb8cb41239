package dev.ganymede.hub.store;

import java.util.List;
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
}
