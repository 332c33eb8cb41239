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
 * @param cacheSize most users, users' groups, users' servers and API tokens each kept in memory
 *     ({@code database.cacheSize}, default 10000, 0..1000000; 0 reads everything from the database)
 */
public record DatabaseConfig(
    Optional<String> url,
    Optional<String> username,
    Optional<String> password,
    int maxPoolSize,
    int cacheSize) {

  /** The default cache size, {@value}. */
  public static final int DEFAULT_CACHE_SIZE = 10_000;

  public DatabaseConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (cacheSize < 0) {
      throw new IllegalArgumentException("cacheSize must be 0 or more, got " + cacheSize);
    }
  }

  /** With the default cache size. */
  public DatabaseConfig(
      Optional<String> url, Optional<String> username, Optional<String> password, int maxPoolSize) {
    this(url, username, password, maxPoolSize, DEFAULT_CACHE_SIZE);
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
        + ", cacheSize="
        + cacheSize
        + "]";
  }
}
