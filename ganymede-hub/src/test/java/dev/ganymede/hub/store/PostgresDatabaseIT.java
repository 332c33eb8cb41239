package dev.ganymede.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.ganymede.hub.config.DatabaseConfig;
import dev.ganymede.testkit.PostgresDatabase;
import dev.ganymede.testkit.PostgresFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class PostgresDatabaseIT {

  @RegisterExtension static final PostgresFixture POSTGRES = new PostgresFixture();

  @TempDir Path dataDir;

  @Test
  void logsNoPasswordGivenInTheDatabaseUrl() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    root.addAppender(appender);
    PostgresDatabase db = POSTGRES.newDatabase();
    DatabaseConfig config =
        new DatabaseConfig(
            Optional.of(db.jdbcUrl() + "?password=url-secret-123"),
            Optional.of(db.username()),
            Optional.empty(),
            2);
    try {
      try (Database database = Database.open(config, dataDir)) {
        database.users().list();
      }
    } finally {
      root.detachAppender(appender);
    }

    List<String> messages = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(messages).anyMatch(m -> m.contains(db.name() + "?password=********"));
    assertThat(messages).noneMatch(m -> m.contains("url-secret-123"));
    assertThat(dataDir).isEmptyDirectory();
  }
}
