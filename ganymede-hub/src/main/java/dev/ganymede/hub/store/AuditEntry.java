package dev.ganymede.hub.store;

import dev.ganymede.hub.event.HubEvent;
import java.util.Objects;

/** A stored audit event with its id (ascending in order of storage). */
public record AuditEntry(long id, HubEvent event) {
  public AuditEntry {
    Objects.requireNonNull(event, "event");
  }
}
