package dev.ganymede.hub.store;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A page of active users as the REST API lists them: a name filter, an order, an optional filter on
 * the users' servers, and offset and limit. The store answers it in the database, so listing stays
 * fast however many users there are.
 *
 * @param nameContains lower-case text the name must contain (empty: any)
 * @param sort the order; users without activity come last in either direction when sorting by
 *     activity
 * @param serverStates when present, keep users having a server in one of these states ({@code
 *     having}) or having none ({@code !having})
 */
public record UserQuery(
    String nameContains,
    Sort sort,
    boolean descending,
    Optional<Set<ServerState>> serverStates,
    boolean having,
    int offset,
    int limit) {

  /** The orders the REST API offers. */
  public enum Sort {
    ID,
    NAME,
    LAST_ACTIVITY
  }

  public UserQuery {
    Objects.requireNonNull(nameContains, "nameContains");
    Objects.requireNonNull(sort, "sort");
    serverStates = serverStates.map(Set::copyOf);
    if (offset < 0 || limit < 0) {
      throw new IllegalArgumentException("offset and limit must not be negative");
    }
  }

  /** The order of this query in Java, for callers that filter in memory: as the database orders. */
  public Comparator<User> comparator() {
    Comparator<User> order =
        switch (sort) {
          case ID -> Comparator.comparingLong(User::id);
          case NAME -> Comparator.comparing(User::name);
            // users without activity come last either way, as in JupyterHub
          case LAST_ACTIVITY ->
              Comparator.comparing(
                  (User u) -> u.lastActivity().orElse(descending ? Instant.MIN : Instant.MAX));
        };
    return descending ? order.reversed() : order;
  }

  /** Whether a user with servers in {@code states} passes the server filter. */
  public boolean keepsServerStates(Collection<ServerState> states) {
    return serverStates
        .map(wanted -> states.stream().anyMatch(wanted::contains) == having)
        .orElse(true);
  }
}
