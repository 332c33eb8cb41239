package dev.ganymede.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ganymede.hub.event.HubEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingEventSinkTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger("ganymede.events");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  @BeforeEach
  void attach() {
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void detach() {
    logger.detachAppender(appender);
  }

  @Test
  void writesEachEventAsOneJsonLineOnTheEventsLogger() throws Exception {
    HubEvent event =
        new HubEvent(
            Instant.parse("2026-11-22T10:15:30Z"),
            "login.failure",
            "evil\nname\"",
            "alice",
            "10.0.0.7",
            "failure",
            Map.of("reason", "wrong password", "authenticator", "password"));

    new LoggingEventSink().publish(event);

    assertThat(appender.list).hasSize(1);
    String line = appender.list.get(0).getFormattedMessage();
    assertThat(line).doesNotContain("\n");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.get("at").asText()).isEqualTo("2026-11-22T10:15:30Z");
    assertThat(json.get("type").asText()).isEqualTo("login.failure");
    assertThat(json.get("actor").asText()).isEqualTo("evil\nname\"");
    assertThat(json.get("subject").asText()).isEqualTo("alice");
    assertThat(json.get("clientAddress").asText()).isEqualTo("10.0.0.7");
    assertThat(json.get("outcome").asText()).isEqualTo("failure");
    assertThat(json.get("details").get("reason").asText()).isEqualTo("wrong password");
  }
}
