package dev.ganymede.hub.store;

import dev.ganymede.hub.event.HubEvent;
import java.util.List;

/** The stored audit log. Thread-safe; every method blocks. */
public interface AuditStore {

  /** Appends events in one transaction. */
  void append(List<HubEvent> events);

  /** The events matching {@code query}, newest first, and how many match in all. */
  AuditPage find(AuditQuery query);
}
