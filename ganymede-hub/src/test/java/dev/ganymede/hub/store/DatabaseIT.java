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
  void startsAgainOnAMigratedDatabaseAndKeepsItsData() throws SQLException {
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
      java.util.List<String> versions = new java.util.ArrayList<>();
      while (history.next()) {
        assertThat(history.getBoolean("success")).isTrue();
        versions.add(history.getString("version"));
      }
      assertThat(versions).as("each migration applied once").containsExactly("1", "4");
    }
  }
}
