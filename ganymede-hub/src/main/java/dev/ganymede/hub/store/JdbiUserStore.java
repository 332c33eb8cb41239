package dev.ganymede.hub.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link UserStore} on the {@code users} table. Thread-safe; every method blocks. */
final class JdbiUserStore implements UserStore {

  private static final String SELECT =
      "SELECT id, name, admin, status, created_at, last_activity, password_must_change FROM users";

  private final SqlRunner sql;
  private final Clock clock;

  JdbiUserStore(SqlRunner sql, Clock clock) {
    this.sql = Objects.requireNonNull(sql, "sql");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Optional<User> find(String name) {
    Objects.requireNonNull(name, "name");
    return sql.call(
        "read user " + name,
        h ->
            h.createQuery(SELECT + " WHERE name = :name")
                .bind("name", name)
                .map(JdbiUserStore::user)
                .findOne());
  }

  @Override
  public UserPage page(UserQuery query) {
    StringBuilder where = new StringBuilder(" WHERE u.status = 'ACTIVE'");
    if (!query.nameContains().isEmpty()) {
      where.append(" AND u.name LIKE :pattern ESCAPE '!'");
    }
    query
        .serverStates()
        .ifPresent(
            states ->
                where
                    .append(query.having() ? " AND" : " AND NOT")
                    .append(
                        " EXISTS (SELECT 1 FROM servers s WHERE s.user_id = u.id AND s.state IN"
                            + " (<states>))"));
    String direction = query.descending() ? " DESC" : " ASC";
    String order =
        switch (query.sort()) {
          case ID -> " ORDER BY u.id" + direction;
          case NAME -> " ORDER BY u.name" + direction + ", u.id";
          case LAST_ACTIVITY ->
              " ORDER BY CASE WHEN u.last_activity IS NULL THEN 1 ELSE 0 END, u.last_activity"
                  + direction
                  + ", u.id";
        };
    String pattern =
        "%" + query.nameContains().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    List<String> states =
        query.serverStates().orElse(Set.of()).stream().map(ServerState::name).sorted().toList();
    return sql.call(
        "list a page of users",
        h -> {
          var count = h.createQuery("SELECT COUNT(*) FROM users u" + where);
          var select =
              h.createQuery(
                  "SELECT u.id, u.name, u.admin, u.status, u.created_at, u.last_activity,"
                      + " u.password_must_change FROM users u"
                      + where
                      + order
                      + " LIMIT :limit OFFSET :offset");
          if (!query.nameContains().isEmpty()) {
            count.bind("pattern", pattern);
            select.bind("pattern", pattern);
          }
          if (query.serverStates().isPresent()) {
            count.bindList("states", states.isEmpty() ? List.of("") : states);
            select.bindList("states", states.isEmpty() ? List.of("") : states);
          }
          long total = count.mapTo(Long.class).one();
          List<User> users =
              select
                  .bind("limit", query.limit())
                  .bind("offset", query.offset())
                  .map(JdbiUserStore::user)
                  .list();
          return new UserPage(users, total);
        });
  }

  @Override
  public List<User> list() {
    return sql.call(
        "list users",
        h -> h.createQuery(SELECT + " ORDER BY name").map(JdbiUserStore::user).list());
  }

  @Override
  public User create(String name, boolean admin, UserStatus status, Optional<String> passwordHash) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(passwordHash, "passwordHash");
    try {
      // one statement (no transaction around an INSERT and a SELECT): both databases have RETURNING
      return sql.call(
          "create user " + name,
          h ->
              h.createQuery(
                      "INSERT INTO users (name, admin, status, password_hash,"
                          + " password_must_change, created_at)"
                          + " VALUES (:name, :admin, :status, :hash, :mustChange, :createdAt)"
                          + " RETURNING id, name, admin, status, created_at, last_activity,"
                          + " password_must_change")
                  .bind("name", name)
                  .bind("admin", admin)
                  .bind("status", status.name())
                  .bind("hash", passwordHash.orElse(null))
                  .bind("mustChange", false)
                  .bind("createdAt", clock.millis())
                  .map(JdbiUserStore::user)
                  .one());
    } catch (StoreException e) {
      if (SqlRunner.isUniqueViolation(e)) {
        throw new AlreadyExistsException("user " + name + " exists already");
      }
      throw e;
    }
  }

  @Override
  public boolean setAdmin(String name, boolean admin) {
    Objects.requireNonNull(name, "name");
    return update(
        "set admin flag of " + name,
        "UPDATE users SET admin = :value WHERE name = :name",
        name,
        admin);
  }

  @Override
  public boolean setStatus(String name, UserStatus status) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    return update(
        "set status of " + name,
        "UPDATE users SET status = :value WHERE name = :name",
        name,
        status.name());
  }

  @Override
  public Optional<String> passwordHash(String name) {
    Objects.requireNonNull(name, "name");
    return sql.call(
        "read password hash of " + name,
        h ->
            h.createQuery("SELECT password_hash FROM users WHERE name = :name")
                .bind("name", name)
                .map((rs, ctx) -> Columns.optionalString(rs, "password_hash"))
                .findOne()
                .flatMap(hash -> hash));
  }

  @Override
  public boolean setPasswordHash(String name, String passwordHash, boolean mustChange) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(passwordHash, "passwordHash");
    return sql.call(
        "set password of " + name,
        h ->
            h.createUpdate(
                        "UPDATE users SET password_hash = :hash, password_must_change ="
                            + " :mustChange WHERE name = :name")
                    .bind("hash", passwordHash)
                    .bind("mustChange", mustChange)
                    .bind("name", name)
                    .execute()
                > 0);
  }

  @Override
  public boolean touch(String name, Instant lastActivity) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(lastActivity, "lastActivity");
    return sql.call(
        "record activity of " + name,
        h ->
            h.createUpdate(
                        "UPDATE users SET last_activity = CASE WHEN last_activity IS NULL"
                            + " OR last_activity < :at THEN :at ELSE last_activity END"
                            + " WHERE name = :name")
                    .bind("at", lastActivity.toEpochMilli())
                    .bind("name", name)
                    .execute()
                > 0);
  }

  @Override
  public boolean delete(String name) {
    Objects.requireNonNull(name, "name");
    // Memberships, servers and sessions go with the user (ON DELETE CASCADE).
    return sql.call(
        "delete user " + name,
        h ->
            h.createUpdate("DELETE FROM users WHERE name = :name").bind("name", name).execute()
                > 0);
  }

  private boolean update(String action, String statement, String name, Object value) {
    return sql.call(
        action,
        h ->
            h.createUpdate(statement)
                    .bindByType("value", value, value.getClass())
                    .bind("name", name)
                    .execute()
                > 0);
  }

  private static User user(ResultSet rs, StatementContext ctx) throws SQLException {
    return new User(
        rs.getLong("id"),
        rs.getString("name"),
        rs.getBoolean("admin"),
        UserStatus.valueOf(rs.getString("status")),
        Columns.instant(rs, "created_at"),
        Columns.optionalInstant(rs, "last_activity"),
        rs.getBoolean("password_must_change"));
  }
}
