package dev.ganymede.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class DatabaseIT extends StoreTestBase {

  @Test
  void startsAgainOnAMigratedDatabaseAndKeepsItsData() throws SQLException, java.io.IOException {
    db.users().create("alice", false, UserStatus.ACTIVE, Optional.empty());
    db.close();

    Database again = open();
    Database thirdTime = open();

    assertThat(again.users().find("alice")).isPresent();
    assertThat(thirdTime.users().list()).hasSize(1);
    try (Connection connection = again.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet history =
            statement.executeQuery(
                "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL"
                    + " ORDER BY installed_rank")) {
      java.util.List<String> applied = new java.util.ArrayList<>();
      while (history.next()) {
        assertThat(history.getBoolean("success")).isTrue();
        applied.add(history.getString("version"));
      }
      assertThat(applied).as("each migration applied once").containsExactlyElementsOf(migrations());
    }
  }

  /** The versions of the migration files, in order ({@code V3__audit_events.sql} → 3). */
  private static java.util.List<String> migrations() throws java.io.IOException {
    try (java.util.stream.Stream<java.nio.file.Path> files =
        java.nio.file.Files.list(
            java.nio.file.Path.of("src", "main", "resources", "db", "migration", "common"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.matches("V\\d+__.*\\.sql"))
          .map(n -> n.substring(1, n.indexOf("__")))
          .sorted(java.util.Comparator.comparingInt(Integer::parseInt))
          .toList();
    }
  }
}
