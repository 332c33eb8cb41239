package dev.ganymede.hub.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ganymede.hub.config.DatabaseConfig;
import dev.ganymede.testkit.FreePorts;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

  @TempDir Path dir;

  @Test
  void failsWithTheMaskedUrlWhenPostgresqlCannotBeReached() {
    String url = "jdbc:postgresql://127.0.0.1:" + FreePorts.next() + "/ganymede?password=topsecret";
    DatabaseConfig config =
        new DatabaseConfig(Optional.of(url), Optional.of("hub"), Optional.of("alsosecret"), 2);

    assertThatThrownBy(() -> Database.open(config, dir))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("cannot connect to the database at jdbc:postgresql://127.0.0.1:")
        .hasMessageContaining("password=********")
        .hasMessageNotContaining("topsecret")
        .hasMessageNotContaining("alsosecret");
  }

  @Test
  void refusesAnUnsupportedDatabaseUrl() {
    DatabaseConfig config =
        new DatabaseConfig(
            Optional.of("jdbc:mysql://db/ganymede"), Optional.empty(), Optional.empty(), 2);

    assertThatThrownBy(() -> Database.open(config, dir))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("unsupported database URL");
  }
}
