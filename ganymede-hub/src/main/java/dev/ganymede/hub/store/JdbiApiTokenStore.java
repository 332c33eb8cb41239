package dev.ganymede.hub.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** {@link ApiTokenStore} on the {@code api_tokens} table. Thread-safe; every method blocks. */
final class JdbiApiTokenStore implements ApiTokenStore {
  private static final String SELECT =
      "SELECT t.id, t.service, u.name AS user_name, t.scopes, t.note, t.client_id, t.session_id,"
          + " t.created_at, t.expires_at, t.last_activity FROM api_tokens t"
          + " LEFT JOIN users u ON u.id = t.user_id";

  private final SqlRunner sql;

  JdbiApiTokenStore(SqlRunner sql) {
    this.sql = Objects.requireNonNull(sql, "sql");
  }

  @Override
  public ApiTokenRecord create(
      String owner,
      boolean service,
      String prefix,
      String hash,
      List<String> scopes,
      String note,
      String clientId,
      Optional<String> sessionId,
      Instant createdAt,
      Optional<Instant> expiresAt) {
    Objects.requireNonNull(owner, "owner");
    return sql.inTransaction(
        "create token for " + owner,
        h -> {
          Long userId = null;
          if (!service) {
            userId =
                h.createQuery("SELECT id FROM users WHERE name = :name")
                    .bind("name", owner)
                    .mapTo(Long.class)
                    .findOne()
                    .orElseThrow(() -> new NotFoundException("no such user: " + owner));
          }
          h.createUpdate(
                  "INSERT INTO api_tokens (user_id, service, prefix, hash, scopes, note,"
                      + " client_id, session_id, created_at, expires_at) VALUES (:user,"
                      + " :service, :prefix, :hash, :scopes, :note, :client, :session,"
                      + " :created, :expires)")
              .bind("user", userId)
              .bind("service", service ? owner : null)
              .bind("prefix", prefix)
              .bind("hash", hash)
              .bind("scopes", String.join(" ", scopes))
              .bind("note", note)
              .bind("client", clientId)
              .bind("session", sessionId.orElse(null))
              .bind("created", createdAt.toEpochMilli())
              .bind("expires", Columns.millis(expiresAt))
              .execute();
          return h.createQuery(SELECT + " WHERE t.hash = :hash")
              .bind("hash", hash)
              .map((rs, ctx) -> row(rs))
              .one();
        });
  }

  @Override
  public Optional<ApiTokenRecord> findByHash(String prefix, String hash) {
    return sql.call(
        "find token",
        h ->
            h.createQuery(SELECT + " WHERE t.prefix = :prefix AND t.hash = :hash")
                .bind("prefix", prefix)
                .bind("hash", hash)
                .map((rs, ctx) -> row(rs))
                .findOne());
  }

  @Override
  public Optional<ApiTokenRecord> find(long id) {
    return sql.call("read token a" + id, h -> byId(h, id));
  }

  @Override
  public List<ApiTokenRecord> listFor(String owner, boolean service) {
    String where = service ? " WHERE t.service = :owner" : " WHERE u.name = :owner";
    return sql.call(
        "list tokens of " + owner,
        h ->
            h.createQuery(SELECT + where + " ORDER BY t.id")
                .bind("owner", owner)
                .map((rs, ctx) -> row(rs))
                .list());
  }

  @Override
  public boolean delete(long id) {
    return sql.call(
        "delete token a" + id,
        h -> h.createUpdate("DELETE FROM api_tokens WHERE id = :id").bind("id", id).execute() > 0);
  }

  @Override
  public int deleteForSession(String sessionId) {
    return sql.call(
        "delete session tokens",
        h ->
            h.createUpdate("DELETE FROM api_tokens WHERE session_id = :session")
                .bind("session", sessionId)
                .execute());
  }

  @Override
  public int deleteForClient(String owner, String clientId) {
    return sql.call(
        "delete client tokens of " + owner,
        h ->
            h.createUpdate(
                    "DELETE FROM api_tokens WHERE client_id = :client"
                        + " AND user_id = (SELECT id FROM users WHERE name = :owner)")
                .bind("client", clientId)
                .bind("owner", owner)
                .execute());
  }

  @Override
  public void touch(long id, Instant lastActivity) {
    long millis = lastActivity.toEpochMilli();
    sql.call(
        "touch token a" + id,
        h ->
            h.createUpdate(
                    "UPDATE api_tokens SET last_activity = :at WHERE id = :id"
                        + " AND (last_activity IS NULL OR last_activity < :at)")
                .bind("at", millis)
                .bind("id", id)
                .execute());
  }

  @Override
  public int deleteExpired(Instant now) {
    return sql.call(
        "delete expired tokens",
        h ->
            h.createUpdate(
                    "DELETE FROM api_tokens WHERE expires_at IS NOT NULL AND expires_at <= :now")
                .bind("now", now.toEpochMilli())
                .execute());
  }

  private static Optional<ApiTokenRecord> byId(Handle h, long id) {
    return h.createQuery(SELECT + " WHERE t.id = :id")
        .bind("id", id)
        .map((rs, ctx) -> row(rs))
        .findOne();
  }

  private static ApiTokenRecord row(ResultSet rs) throws SQLException {
    String service = rs.getString("service");
    String scopes = rs.getString("scopes");
    return new ApiTokenRecord(
        rs.getLong("id"),
        service != null ? service : rs.getString("user_name"),
        service != null,
        scopes.isBlank() ? List.of() : Arrays.asList(scopes.split(" ")),
        rs.getString("note"),
        rs.getString("client_id"),
        Columns.optionalString(rs, "session_id"),
        Columns.instant(rs, "created_at"),
        Columns.optionalInstant(rs, "expires_at"),
        Columns.optionalInstant(rs, "last_activity"));
  }
}
