package dev.ganymede.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresFixtureIT {

  @RegisterExtension static final PostgresFixture POSTGRES = new PostgresFixture();

  @Test
  void handsOutAFreshEmptyDatabaseEachTime() throws SQLException {
    PostgresDatabase first = POSTGRES.newDatabase();
    PostgresDatabase second = POSTGRES.newDatabase();

    assertThat(first.name()).isNotEqualTo(second.name());
    try (Connection connection =
            DriverManager.getConnection(first.jdbcUrl(), first.username(), "");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE marker (id INTEGER)");
    }
    try (Connection connection =
            DriverManager.getConnection(second.jdbcUrl(), second.username(), "");
        Statement statement = connection.createStatement();
        ResultSet tables =
            statement.executeQuery(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'marker'")) {
      tables.next();
      assertThat(tables.getInt(1)).isZero();
    }
  }

  @Test
  void runsARealPostgresqlServer() throws SQLException {
    PostgresDatabase db = POSTGRES.newDatabase();

    try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), "");
        Statement statement = connection.createStatement();
        ResultSet version = statement.executeQuery("SHOW server_version")) {
      version.next();
      assertThat(version.getString(1)).matches("\\d+\\.\\d+.*");
      assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
    }
  }
}
