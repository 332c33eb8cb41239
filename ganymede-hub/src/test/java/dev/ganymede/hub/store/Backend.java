package dev.ganymede.hub.store;

import dev.ganymede.hub.config.DatabaseConfig;
import dev.ganymede.testkit.PostgresDatabase;
import dev.ganymede.testkit.PostgresFixture;
import java.util.Optional;

/** The databases every store test runs against. */
enum Backend {
  /** A new SQLite file in the test's data directory. */
  SQLITE,
  /** A new database on the shared PostgreSQL test server. */
  POSTGRESQL;

  private static final int POOL_SIZE = 4;

  /** Configuration of a fresh, empty database of this kind. */
  DatabaseConfig freshDatabase(PostgresFixture postgres) {
    return switch (this) {
      case SQLITE ->
          new DatabaseConfig(Optional.empty(), Optional.empty(), Optional.empty(), POOL_SIZE);
      case POSTGRESQL -> {
        PostgresDatabase db = postgres.newDatabase();
        yield new DatabaseConfig(
            Optional.of(db.jdbcUrl()), Optional.of(db.username()), Optional.empty(), POOL_SIZE);
      }
    };
  }
}
