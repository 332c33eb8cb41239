package dev.ganymede.testkit;

import java.util.Objects;

/**
 * A fresh, empty PostgreSQL database of the {@link PostgresFixture}'s server; the user connects
 * without a password.
 *
 * @param jdbcUrl such as {@code jdbc:postgresql://127.0.0.1:54321/test_7}
 * @param username the database superuser, {@code postgres}
 * @param name the database's name
 */
public record PostgresDatabase(String jdbcUrl, String username, String name) {
  public PostgresDatabase {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(name, "name");
  }
}
