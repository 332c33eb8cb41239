package dev.ganymede.hub.store;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * {@link ServerStore} on the {@code servers} table, one row per (user, server name). Thread-safe;
 * every method blocks.
 */
final class JdbiServerStore implements ServerStore {

  private static final String SELECT =
      "SELECT u.name AS user_name, s.name, s.state, s.spawner_kind, s.spawner_state, s.url,"
          + " s.token_nonce, s.started_at, s.last_activity, s.failure"
          + " FROM servers s JOIN users u ON u.id = s.user_id";

  private static final String USER_ID = "(SELECT id FROM users WHERE name = :user)";

  private final SqlRunner sql;

  JdbiServerStore(SqlRunner sql) {
    this.sql = Objects.requireNonNull(sql, "sql");
  }

  @Override
  public Optional<ServerRecord> find(String user, String name) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(name, "name");
    return sql.call(
        "read server " + describe(user, name),
        h ->
            h.createQuery(SELECT + " WHERE u.name = :user AND s.name = :name")
                .bind("user", user)
                .bind("name", name)
                .map(JdbiServerStore::server)
                .findOne());
  }

  @Override
  public List<ServerRecord> list() {
    return sql.call(
        "list servers",
        h ->
            h.createQuery(SELECT + " ORDER BY u.name, s.name").map(JdbiServerStore::server).list());
  }

  @Override
  public List<ServerRecord> listFor(String user) {
    Objects.requireNonNull(user, "user");
    return sql.call(
        "list servers of " + user,
        h ->
            h.createQuery(SELECT + " WHERE u.name = :user ORDER BY s.name")
                .bind("user", user)
                .map(JdbiServerStore::server)
                .list());
  }

  @Override
  public List<ServerRecord> listFor(Collection<String> users) {
    if (users.isEmpty()) {
      return List.of();
    }
    return sql.call(
        "list servers of " + users.size() + " users",
        h ->
            h.createQuery(SELECT + " WHERE u.name IN (<users>) ORDER BY u.name, s.name")
                .bindList("users", List.copyOf(users))
                .map(JdbiServerStore::server)
                .list());
  }

  /**
   * One statement, so two hubs saving the same server cannot race: insert, or on conflict update
   * every column but {@code last_activity}. A new row takes the record's last activity.
   */
  @Override
  public void save(ServerRecord server) {
    Objects.requireNonNull(server, "server");
    int rows =
        sql.call(
            "save server " + describe(server.user(), server.name()),
            h ->
                h.createUpdate(
                        "INSERT INTO servers (user_id, name, state, spawner_kind, spawner_state,"
                            + " url, token_nonce, started_at, last_activity, failure)"
                            + " SELECT id, :name, :state, :kind, :spawnerState, :url, :nonce,"
                            + " :startedAt, :lastActivity, :failure FROM users WHERE name = :user"
                            + " ON CONFLICT (user_id, name) DO UPDATE SET"
                            + " state = excluded.state,"
                            + " spawner_kind = excluded.spawner_kind,"
                            + " spawner_state = excluded.spawner_state,"
                            + " url = excluded.url,"
                            + " token_nonce = excluded.token_nonce,"
                            + " started_at = excluded.started_at,"
                            + " failure = excluded.failure")
                    .bind("user", server.user())
                    .bind("name", server.name())
                    .bind("state", server.state().name())
                    .bind("kind", server.spawnerKind())
                    .bind("spawnerState", SpawnerStateJson.write(server.spawnerState()))
                    .bind("url", server.url().map(URI::toString).orElse(null))
                    .bind("nonce", server.tokenNonce())
                    .bind("startedAt", Columns.millis(server.startedAt()))
                    .bind("lastActivity", Columns.millis(server.lastActivity()))
                    .bind("failure", server.failure().orElse(null))
                    .execute());
    if (rows == 0) {
      throw new NotFoundException("no user " + server.user());
    }
  }

  @Override
  public boolean touch(String user, String name, Instant lastActivity) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(lastActivity, "lastActivity");
    return sql.call(
        "record activity of server " + describe(user, name),
        h ->
            h.createUpdate(
                        "UPDATE servers SET last_activity = CASE WHEN last_activity IS NULL"
                            + " OR last_activity < :at THEN :at ELSE last_activity END"
                            + " WHERE user_id = "
                            + USER_ID
                            + " AND name = :name")
                    .bind("at", lastActivity.toEpochMilli())
                    .bind("user", user)
                    .bind("name", name)
                    .execute()
                > 0);
  }

  @Override
  public boolean delete(String user, String name) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(name, "name");
    return sql.call(
        "delete server " + describe(user, name),
        h ->
            h.createUpdate("DELETE FROM servers WHERE user_id = " + USER_ID + " AND name = :name")
                    .bind("user", user)
                    .bind("name", name)
                    .execute()
                > 0);
  }

  private static String describe(String user, String name) {
    return name.isEmpty() ? user + "/ (default)" : user + "/" + name;
  }

  private static ServerRecord server(ResultSet rs, StatementContext ctx) throws SQLException {
    return new ServerRecord(
        rs.getString("user_name"),
        rs.getString("name"),
        ServerState.valueOf(rs.getString("state")),
        rs.getString("spawner_kind"),
        SpawnerStateJson.read(rs.getString("spawner_state")),
        Columns.optionalUri(rs, "url"),
        rs.getString("token_nonce"),
        Columns.optionalInstant(rs, "started_at"),
        Columns.optionalInstant(rs, "last_activity"),
        Columns.optionalString(rs, "failure"));
  }
}
