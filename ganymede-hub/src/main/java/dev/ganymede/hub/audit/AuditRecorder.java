package dev.ganymede.hub.audit;

import dev.ganymede.hub.event.EventSink;
import dev.ganymede.hub.event.HubEvent;
import dev.ganymede.hub.store.AuditStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores events in the audit log without making the publisher wait for the database: {@link
 * #publish} puts the event on a bounded queue and returns; one writer thread ({@code audit-writer},
 * virtual) stores them in batches (everything that arrived within 50 ms of a batch's first event,
 * up to 500 and at most the queue's capacity). When the queue is full the event is dropped, counted
 * through {@code onDrop} and logged (with its type, actor and subject) — never silently. A batch
 * the store refuses is retried a few times, then logged and counted as dropped.
 *
 * <pre>{@code
 * AuditRecorder audit = new AuditRecorder(database.audit(), 10_000, metrics::droppedEvent);
 * events = new FanOutEventSink(List.of(new LoggingEventSink(), audit));
 * ...
 * audit.close();   // stores what is queued, then stops the writer
 * }</pre>
 */
public final class AuditRecorder implements EventSink, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AuditRecorder.class);
  private static final int BATCH = 500;
  private static final int ATTEMPTS = 3;
  // how long the writer waits for more events after the first of a batch: one transaction per
  // burst instead of one per event (REST API bulk work publishes an event per request)
  private static final Duration LINGER = Duration.ofMillis(50);

  private final AuditStore store;
  private final Runnable onDrop;
  private final BlockingQueue<HubEvent> queue;
  private final int lingerBatch;
  private final Thread writer;
  private volatile boolean closing;

  /**
   * @param capacity how many events may wait for the database
   * @param onDrop called once per dropped event (a metric)
   */
  public AuditRecorder(AuditStore store, int capacity, Runnable onDrop) {
    this.store = Objects.requireNonNull(store, "store");
    this.onDrop = Objects.requireNonNull(onDrop, "onDrop");
    this.queue = new ArrayBlockingQueue<>(capacity);
    // what the writer holds while it lingers never exceeds the queue's own bound
    this.lingerBatch = Math.min(BATCH, capacity);
    this.writer = Thread.ofVirtual().name("audit-writer").start(this::run);
  }

  @Override
  public void publish(HubEvent event) {
    Objects.requireNonNull(event, "event");
    if (closing || !queue.offer(event)) {
      dropped(List.of(event), closing ? "the audit log is closed" : "the audit queue is full");
    }
  }

  /** Stores what is queued (waiting up to 10 seconds), then stops the writer. */
  @Override
  public void close() {
    closing = true;
    writer.interrupt();
    try {
      writer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<HubEvent> batch = new ArrayList<>(BATCH);
    while (true) {
      try {
        HubEvent first = queue.poll(1, TimeUnit.SECONDS);
        if (first != null) {
          batch.add(first);
          long until = System.nanoTime() + LINGER.toNanos();
          while (batch.size() < lingerBatch && !closing) {
            queue.drainTo(batch, lingerBatch - batch.size());
            long left = until - System.nanoTime();
            HubEvent next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
              break;
            }
            batch.add(next);
          }
          write(batch);
          batch.clear();
        } else if (closing) {
          return;
        }
      } catch (InterruptedException e) {
        queue.drainTo(batch);
        write(batch);
        return;
      }
    }
  }

  private void write(List<HubEvent> batch) {
    if (batch.isEmpty()) {
      return;
    }
    RuntimeException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        store.append(batch);
        return;
      } catch (RuntimeException e) {
        last = e;
      }
    }
    dropped(batch, "the database refused them: " + last.getMessage());
  }

  private void dropped(List<HubEvent> events, String why) {
    for (HubEvent event : events) {
      onDrop.run();
      log.warn(
          "Audit event not stored ({}): {} by {} on {} at {}",
          why,
          event.type(),
          event.actor(),
          event.subject(),
          event.at());
    }
  }
}
