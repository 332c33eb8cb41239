package dev.ganymede.hub.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ganymede.hub.event.EventSink;
import dev.ganymede.hub.event.HubEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each {@link HubEvent} as one JSON line at INFO on the logger {@value #LOGGER}, e.g.
 *
 * <pre>{@code
 * {"at":"2026-11-22T10:15:30Z","type":"login.failure","actor":"alice","subject":"alice",
 *  "clientAddress":"10.0.0.7","outcome":"failure","details":{"authenticator":"password","reason":"wrong password"}}
 * }</pre>
 *
 * (one line in the log). Thread-safe; never throws.
 */
public final class LoggingEventSink implements EventSink {

  public static final String LOGGER = "ganymede.events";

  private static final Logger events = LoggerFactory.getLogger(LOGGER);
  private static final Logger log = LoggerFactory.getLogger(LoggingEventSink.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public void publish(HubEvent event) {
    Objects.requireNonNull(event, "event");
    try {
      events.info(toJson(event));
    } catch (RuntimeException | JsonProcessingException failure) {
      log.warn("Could not log event {}: {}", event.type(), failure.toString());
    }
  }

  static String toJson(HubEvent event) throws JsonProcessingException {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("at", event.at().toString());
    fields.put("type", event.type());
    fields.put("actor", event.actor());
    fields.put("subject", event.subject());
    fields.put("clientAddress", event.clientAddress());
    fields.put("outcome", event.outcome());
    fields.put("details", new TreeMap<>(event.details()));
    return JSON.writeValueAsString(fields);
  }
}
