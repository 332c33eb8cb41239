package dev.ganymede.hub.store;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** {@link SignInTokenStore} on the {@code sign_in_tokens} table. Thread-safe; blocks. */
final class JdbiSignInTokenStore implements SignInTokenStore {
  private final SqlRunner sql;
  private final Clock clock;

  JdbiSignInTokenStore(SqlRunner sql, Clock clock) {
    this.sql = Objects.requireNonNull(sql, "sql");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void replace(String user, Map<String, String> sealedValues) {
    Objects.requireNonNull(user, "user");
    Map<String, String> values = Map.copyOf(sealedValues);
    sql.inTransaction(
        "replace sign-in tokens",
        h -> {
          h.createUpdate("DELETE FROM sign_in_tokens WHERE user_name = :user")
              .bind("user", user)
              .execute();
          long now = clock.millis();
          values.forEach(
              (name, value) ->
                  h.createUpdate(
                          "INSERT INTO sign_in_tokens (user_name, name, value, updated_at)"
                              + " VALUES (:user, :name, :value, :at)")
                      .bind("user", user)
                      .bind("name", name)
                      .bind("value", value)
                      .bind("at", now)
                      .execute());
          return null;
        });
  }

  @Override
  public Map<String, String> read(String user) {
    Objects.requireNonNull(user, "user");
    return sql.call(
        "read sign-in tokens",
        h -> {
          Map<String, String> values = new LinkedHashMap<>();
          h.createQuery(
                  "SELECT name, value FROM sign_in_tokens WHERE user_name = :user ORDER BY name")
              .bind("user", user)
              .map((rs, ctx) -> Map.entry(rs.getString("name"), rs.getString("value")))
              .forEach(e -> values.put(e.getKey(), e.getValue()));
          return Map.copyOf(values);
        });
  }
}
