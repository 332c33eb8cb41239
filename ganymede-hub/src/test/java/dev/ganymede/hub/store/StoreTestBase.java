package dev.ganymede.hub.store;

import dev.ganymede.hub.config.DatabaseConfig;
import dev.ganymede.testkit.PostgresFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * Opens a fresh database of the class parameter's {@link Backend} before each test and closes every
 * database the test opened after it. Subclasses are
 * {@code @ParameterizedClass @EnumSource(Backend.class)}.
 */
abstract class StoreTestBase {

  @RegisterExtension static final PostgresFixture POSTGRES = new PostgresFixture();

  /** What the stores' clock says; creation times are this instant. */
  static final Instant NOW = Instant.parse("2026-03-04T05:06:07.089Z");

  @Parameter Backend backend;

  @TempDir Path dataDir;

  DatabaseConfig config;
  Database db;
  private final List<Database> opened = new ArrayList<>();

  @BeforeEach
  void openFreshDatabase() {
    config = backend.freshDatabase(POSTGRES);
    db = open();
  }

  /** Opens the same database again, as a second hub (or a restarted one) would. */
  Database open() {
    Database database = Database.open(config, dataDir, Clock.fixed(NOW, ZoneOffset.UTC));
    opened.add(database);
    return database;
  }

  @AfterEach
  void closeDatabases() {
    opened.forEach(Database::close);
  }
}
