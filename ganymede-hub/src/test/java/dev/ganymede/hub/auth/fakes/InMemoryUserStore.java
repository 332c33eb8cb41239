package dev.ganymede.hub.auth.fakes;

import dev.ganymede.hub.store.AlreadyExistsException;
import dev.ganymede.hub.store.User;
import dev.ganymede.hub.store.UserPage;
import dev.ganymede.hub.store.UserQuery;
import dev.ganymede.hub.store.UserStatus;
import dev.ganymede.hub.store.UserStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** A {@link UserStore} in memory, faithful to the interface's Javadoc. Thread-safe. */
public final class InMemoryUserStore implements UserStore {

  private record Row(User user, Optional<String> passwordHash) {}

  private final Map<String, Row> rows = new TreeMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final Clock clock;
  private final List<Consumer<String>> deletionListeners = new ArrayList<>();

  public InMemoryUserStore(Clock clock) {
    this.clock = clock;
  }

  /** Called with the name of each deleted user (group memberships, ...). */
  public synchronized void onDelete(Consumer<String> listener) {
    deletionListeners.add(listener);
  }

  public synchronized boolean exists(String name) {
    return rows.containsKey(name);
  }

  @Override
  public synchronized Optional<User> find(String name) {
    return Optional.ofNullable(rows.get(name)).map(Row::user);
  }

  @Override
  public synchronized List<User> list() {
    return rows.values().stream().map(Row::user).toList();
  }

  /** Name filter, order and paging as the database does; no server filter (no servers here). */
  @Override
  public synchronized UserPage page(UserQuery query) {
    if (query.serverStates().isPresent()) {
      throw new UnsupportedOperationException("the in-memory store knows no servers");
    }
    List<User> all =
        rows.values().stream()
            .map(Row::user)
            .filter(u -> u.status() == UserStatus.ACTIVE)
            .filter(u -> u.name().contains(query.nameContains()))
            .sorted(query.comparator())
            .toList();
    int from = Math.min(query.offset(), all.size());
    int to = Math.min(all.size(), from + query.limit());
    return new UserPage(all.subList(from, to), all.size());
  }

  @Override
  public synchronized User create(
      String name, boolean admin, UserStatus status, Optional<String> passwordHash) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(passwordHash, "passwordHash");
    if (rows.containsKey(name)) {
      throw new AlreadyExistsException("User " + name + " exists");
    }
    User user =
        new User(
            ids.incrementAndGet(), name, admin, status, clock.instant(), Optional.empty(), false);
    rows.put(name, new Row(user, passwordHash));
    return user;
  }

  @Override
  public synchronized boolean setAdmin(String name, boolean admin) {
    return update(
        name,
        row -> {
          User u = row.user();
          return new Row(
              new User(
                  u.id(),
                  u.name(),
                  admin,
                  u.status(),
                  u.createdAt(),
                  u.lastActivity(),
                  u.passwordMustChange()),
              row.passwordHash());
        });
  }

  @Override
  public synchronized boolean setStatus(String name, UserStatus status) {
    return update(
        name,
        row -> {
          User u = row.user();
          return new Row(
              new User(
                  u.id(),
                  u.name(),
                  u.admin(),
                  status,
                  u.createdAt(),
                  u.lastActivity(),
                  u.passwordMustChange()),
              row.passwordHash());
        });
  }

  @Override
  public synchronized Optional<String> passwordHash(String name) {
    return Optional.ofNullable(rows.get(name)).flatMap(Row::passwordHash);
  }

  @Override
  public synchronized boolean setPasswordHash(
      String name, String passwordHash, boolean mustChange) {
    Objects.requireNonNull(passwordHash, "passwordHash");
    return update(
        name,
        row -> {
          User u = row.user();
          return new Row(
              new User(
                  u.id(),
                  u.name(),
                  u.admin(),
                  u.status(),
                  u.createdAt(),
                  u.lastActivity(),
                  mustChange),
              Optional.of(passwordHash));
        });
  }

  @Override
  public synchronized boolean touch(String name, Instant lastActivity) {
    return update(
        name,
        row -> {
          User u = row.user();
          Instant latest =
              u.lastActivity()
                  .filter(previous -> previous.isAfter(lastActivity))
                  .orElse(lastActivity);
          return new Row(
              new User(
                  u.id(),
                  u.name(),
                  u.admin(),
                  u.status(),
                  u.createdAt(),
                  Optional.of(latest),
                  u.passwordMustChange()),
              row.passwordHash());
        });
  }

  @Override
  public synchronized boolean delete(String name) {
    boolean existed = rows.remove(name) != null;
    if (existed) {
      deletionListeners.forEach(listener -> listener.accept(name));
    }
    return existed;
  }

  private boolean update(String name, java.util.function.UnaryOperator<Row> change) {
    Row row = rows.get(name);
    if (row == null) {
      return false;
    }
    rows.put(name, change.apply(row));
    return true;
  }
}
