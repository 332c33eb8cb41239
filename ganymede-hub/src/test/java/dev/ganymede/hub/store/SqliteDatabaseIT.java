package dev.ganymede.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ganymede.hub.config.DatabaseConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDatabaseIT {

  @TempDir Path dir;

  @Test
  void createsTheDataDirectoryAndTheSqliteFileInIt() {
    Path dataDir = dir.resolve("nested").resolve("data");

    try (Database db = Database.open(DatabaseConfig.defaults(), dataDir)) {
      assertThat(db.users().list()).isEmpty();
    }

    assertThat(dataDir.resolve(Database.SQLITE_FILE)).isRegularFile();
  }

  @Test
  void usesAnSqliteFileGivenByUrl() {
    Path file = dir.resolve("elsewhere.db");
    DatabaseConfig config =
        new DatabaseConfig(
            Optional.of("jdbc:sqlite:" + file), Optional.empty(), Optional.empty(), 2);

    try (Database db = Database.open(config, dir.resolve("unused"))) {
      db.secrets().getOrCreate("x", () -> "y");
    }

    assertThat(file).isRegularFile();
    assertThat(dir.resolve("unused")).doesNotExist();
  }

  @Test
  void setsWalBusyTimeoutAndForeignKeysOnEveryPooledConnection() throws SQLException {
    DatabaseConfig config =
        new DatabaseConfig(Optional.empty(), Optional.empty(), Optional.empty(), 3);
    try (Database db = Database.open(config, dir)) {
      List<Connection> connections = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          connections.add(db.dataSource().getConnection());
        }
        for (Connection connection : connections) {
          assertThat(pragma(connection, "journal_mode")).isEqualTo("wal");
          assertThat(pragma(connection, "busy_timeout")).isEqualTo("5000");
          assertThat(pragma(connection, "foreign_keys")).isEqualTo("1");
        }
      } finally {
        for (Connection connection : connections) {
          connection.close();
        }
      }
    }
  }

  private static String pragma(Connection connection, String name) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("PRAGMA " + name)) {
      result.next();
      return result.getString(1);
    }
  }
}
