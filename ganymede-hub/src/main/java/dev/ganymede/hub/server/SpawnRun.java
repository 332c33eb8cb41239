package dev.ganymede.hub.server;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The progress events of one spawn: kept for replay and delivered to subscribers. Progress never
 * decreases; nothing is accepted after the terminal (ready or failed) event. Thread-safe; listeners
 * are called while this run's lock is held, so they must return quickly and must not block (hand
 * the event to an event loop).
 */
final class SpawnRun {
  private static final Logger log = LoggerFactory.getLogger(SpawnRun.class);

  private final String spawnId;
  private final List<ProgressEvent> events = new ArrayList<>();
  private final List<Consumer<ProgressEvent>> listeners = new ArrayList<>();
  private volatile int progress;
  private volatile boolean terminal;
  private boolean lastTransient; // guarded by this

  SpawnRun(String spawnId) {
    this.spawnId = spawnId;
  }

  String spawnId() {
    return spawnId;
  }

  /** Current progress; lock-free, so callers holding other locks may read it. */
  int progress() {
    return progress;
  }

  boolean terminal() {
    return terminal;
  }

  /** Records and delivers {@code event}; false if the run had already ended. */
  synchronized boolean publish(ProgressEvent event) {
    return publish(event, false);
  }

  /**
   * Like {@link #publish}, for a status that the next transient event makes stale (a place in the
   * spawn queue): a later subscriber is replayed only the latest of consecutive transient events,
   * so a long wait does not pile up events.
   */
  synchronized boolean publishTransient(ProgressEvent event) {
    return publish(event, true);
  }

  private synchronized boolean publish(ProgressEvent event, boolean isTransient) {
    if (terminal) {
      return false;
    }
    ProgressEvent raised = event.atLeast(progress);
    progress = raised.progress();
    terminal = raised.terminal();
    if (isTransient && lastTransient) {
      events.set(events.size() - 1, raised);
    } else {
      events.add(raised);
    }
    lastTransient = isTransient;
    for (Consumer<ProgressEvent> listener : List.copyOf(listeners)) {
      deliver(listener, raised);
    }
    if (terminal) {
      listeners.clear();
    }
    return true;
  }

  /** Replays the events so far to {@code listener}, then delivers live ones until the end. */
  synchronized AutoCloseable subscribe(Consumer<ProgressEvent> listener) {
    for (ProgressEvent event : events) {
      deliver(listener, event);
    }
    if (!terminal) {
      listeners.add(listener);
    }
    return () -> unsubscribe(listener);
  }

  private synchronized void unsubscribe(Consumer<ProgressEvent> listener) {
    listeners.remove(listener);
  }

  private void deliver(Consumer<ProgressEvent> listener, ProgressEvent event) {
    try {
      listener.accept(event);
    } catch (RuntimeException e) {
      log.warn("Progress listener failed", e);
    }
  }
}
