package dev.ganymede.hub.auth.fakes;

import dev.ganymede.hub.event.EventSink;
import dev.ganymede.hub.event.HubEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every published event. */
public final class RecordingEventSink implements EventSink {

  private final List<HubEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void publish(HubEvent event) {
    events.add(event);
  }

  public List<HubEvent> events() {
    return List.copyOf(events);
  }

  public List<String> types() {
    return events.stream().map(HubEvent::type).toList();
  }

  public HubEvent last() {
    return events.getLast();
  }
}
