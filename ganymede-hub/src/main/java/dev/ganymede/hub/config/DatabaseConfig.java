package dev.ganymede.hub.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Section {@code database}.
 *
 * @param url JDBC URL ({@code database.url}); empty means SQLite at {@code
 *     <hub.dataDir>/ganymede.sqlite}. {@code jdbc:sqlite:} and {@code jdbc:postgresql:} are
 *     supported.
 * @param username user name for PostgreSQL ({@code database.username})
 * @param password password for PostgreSQL ({@code database.password}); better given as the
 *     environment variable {@code GANYMEDE_DATABASE_PASSWORD}
 * @param maxPoolSize connection pool size ({@code database.maxPoolSize}, default 10, 1..200)
 */
public record DatabaseConfig(
    Optional<String> url, Optional<String> username, Optional<String> password, int maxPoolSize) {

  public DatabaseConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  public static DatabaseConfig defaults() {
    return new DatabaseConfig(Optional.empty(), Optional.empty(), Optional.empty(), 10);
  }

  /** Password omitted so the record can be logged. */
  @Override
  public String toString() {
    return "DatabaseConfig[url="
        + url
        + ", username="
        + username
        + ", password="
        + (password.isPresent() ? "<set>" : "<unset>")
        + ", maxPoolSize="
        + maxPoolSize
        + "]";
  }
}
