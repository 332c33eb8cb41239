package dev.ganymede.hub.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link SessionStore} on the {@code sessions} table. Thread-safe; every method blocks. */
final class JdbiSessionStore implements SessionStore {

  private static final String SELECT =
      "SELECT s.id_hash, u.name AS user_name, s.csrf_token, s.created_at, s.expires_at"
          + " FROM sessions s JOIN users u ON u.id = s.user_id";

  private final SqlRunner sql;

  JdbiSessionStore(SqlRunner sql) {
    this.sql = Objects.requireNonNull(sql, "sql");
  }

  /**
   * Throws {@link NotFoundException} if the user does not exist and {@link AlreadyExistsException}
   * if a session has the same id hash.
   */
  @Override
  public void create(Session session) {
    Objects.requireNonNull(session, "session");
    int rows;
    try {
      rows =
          sql.call(
              "create a session for " + session.user(),
              h ->
                  h.createUpdate(
                          "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at,"
                              + " expires_at) SELECT :idHash, id, :csrf, :createdAt, :expiresAt"
                              + " FROM users WHERE name = :user")
                      .bind("idHash", session.idHash())
                      .bind("csrf", session.csrfToken())
                      .bind("createdAt", session.createdAt().toEpochMilli())
                      .bind("expiresAt", session.expiresAt().toEpochMilli())
                      .bind("user", session.user())
                      .execute());
    } catch (StoreException e) {
      if (SqlRunner.isUniqueViolation(e)) {
        throw new AlreadyExistsException("a session with that id exists already");
      }
      throw e;
    }
    if (rows == 0) {
      throw new NotFoundException("no user " + session.user());
    }
  }

  /** The stored session, expired or not; callers check {@link Session#expiresAt()}. */
  @Override
  public Optional<Session> find(String idHash) {
    Objects.requireNonNull(idHash, "idHash");
    return sql.call(
        "read a session",
        h ->
            h.createQuery(SELECT + " WHERE s.id_hash = :idHash")
                .bind("idHash", idHash)
                .map(JdbiSessionStore::session)
                .findOne());
  }

  @Override
  public List<Session> listValid(Instant now) {
    Objects.requireNonNull(now, "now");
    return sql.call(
        "list sessions",
        h ->
            h.createQuery(SELECT + " WHERE s.expires_at > :now ORDER BY s.created_at, s.id_hash")
                .bind("now", now.toEpochMilli())
                .map(JdbiSessionStore::session)
                .list());
  }

  @Override
  public boolean delete(String idHash) {
    Objects.requireNonNull(idHash, "idHash");
    return sql.call(
        "delete a session",
        h ->
            h.createUpdate("DELETE FROM sessions WHERE id_hash = :idHash")
                    .bind("idHash", idHash)
                    .execute()
                > 0);
  }

  @Override
  public int deleteForUser(String user) {
    Objects.requireNonNull(user, "user");
    return sql.call(
        "delete the sessions of " + user,
        h ->
            h.createUpdate(
                    "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = :user)")
                .bind("user", user)
                .execute());
  }

  @Override
  public int deleteExpired(Instant now) {
    Objects.requireNonNull(now, "now");
    return sql.call(
        "delete expired sessions",
        h ->
            h.createUpdate("DELETE FROM sessions WHERE expires_at <= :now")
                .bind("now", now.toEpochMilli())
                .execute());
  }

  private static Session session(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Session(
        rs.getString("id_hash"),
        rs.getString("user_name"),
        rs.getString("csrf_token"),
        Columns.instant(rs, "created_at"),
        Columns.instant(rs, "expires_at"));
  }
}
