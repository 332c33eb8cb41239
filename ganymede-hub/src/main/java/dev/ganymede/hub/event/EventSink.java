package dev.ganymede.hub.event;

/**
 * Receives hub events. Implementations must be thread-safe, return quickly and never throw (a
 * failing audit store is logged, not propagated into a sign-in).
 */
@FunctionalInterface
public interface EventSink {
  void publish(HubEvent event);
}
