package dev.ganymede.hub.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Server rows. Blocking. */
public interface ServerStore {

  Optional<ServerRecord> find(String user, String name);

  /** Every server row of every user. */
  List<ServerRecord> list();

  /** Servers of one user. */
  List<ServerRecord> listFor(String user);

  /** The servers of each of {@code users}, ordered by user and server name. */
  default List<ServerRecord> listFor(Collection<String> users) {
    List<ServerRecord> rows = new ArrayList<>();
    for (String user : users.stream().sorted().toList()) {
      rows.addAll(listFor(user));
    }
    return rows;
  }

  /**
   * Inserts or replaces the row for (user, name), except last activity, which only {@link #touch}
   * moves. Throws {@link NotFoundException} if the user does not exist.
   */
  void save(ServerRecord server);

  /** Records activity (never moves it backwards); false if there is no such row. */
  boolean touch(String user, String name, Instant lastActivity);

  boolean delete(String user, String name);
}
