package dev.ganymede.hub.audit;

import dev.ganymede.hub.event.EventSink;
import dev.ganymede.hub.event.HubEvent;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each event to several sinks in order (the JSON log, the audit store, metrics). A sink that
 * throws does not keep the event from the others. Thread-safe if the sinks are; never throws.
 */
public final class FanOutEventSink implements EventSink {
  private static final Logger log = LoggerFactory.getLogger(FanOutEventSink.class);

  private final List<EventSink> sinks;

  public FanOutEventSink(List<EventSink> sinks) {
    this.sinks = List.copyOf(sinks);
  }

  @Override
  public void publish(HubEvent event) {
    Objects.requireNonNull(event, "event");
    for (EventSink sink : sinks) {
      try {
        sink.publish(event);
      } catch (RuntimeException e) {
        log.warn("An event sink failed on {}: {}", event.type(), e.toString());
      }
    }
  }
}
