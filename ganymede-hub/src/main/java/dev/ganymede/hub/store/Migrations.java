package dev.ganymede.hub.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database's schema up to date with Flyway; a no-op when it is current.
 *
 * <p>Flyway 11 supports SQLite in {@code flyway-core} itself ({@code
 * org.flywaydb.core.internal.database.sqlite}); PostgreSQL needs {@code
 * flyway-database-postgresql}.
 */
final class Migrations {

  static final String LOCATION = "classpath:db/migration/common";

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /** Applies pending migrations; returns the schema version afterwards. */
  static String apply(DataSource dataSource, DatabaseKind kind) {
    try {
      MigrateResult result =
          Flyway.configure(Migrations.class.getClassLoader())
              .dataSource(dataSource)
              .locations(LOCATION)
              .placeholders(kind.placeholders())
              .failOnMissingLocations(true)
              .load()
              .migrate();
      String version = result.targetSchemaVersion;
      if (result.migrationsExecuted > 0) {
        LOG.info(
            "Database schema migrated from version {} to {} ({} migrations)",
            result.initialSchemaVersion,
            version,
            result.migrationsExecuted);
      }
      return version == null ? result.initialSchemaVersion : version;
    } catch (FlywayException e) {
      throw new StoreException("cannot migrate the database schema: " + e.getMessage(), e);
    }
  }
}
