package dev.ganymede.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ganymede.hub.event.HubEvent;
import dev.ganymede.hub.store.AuditPage;
import dev.ganymede.hub.store.AuditQuery;
import dev.ganymede.hub.store.AuditStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AuditRecorderTest {

  /** A store whose writes wait for {@link #gate}. */
  static final class GatedStore implements AuditStore {
    final List<HubEvent> stored = new CopyOnWriteArrayList<>();
    volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);
    volatile boolean fail;

    @Override
    public void append(List<HubEvent> events) {
      gate.join();
      if (fail) {
        throw new IllegalStateException("database is down");
      }
      stored.addAll(events);
    }

    @Override
    public AuditPage find(AuditQuery query) {
      return new AuditPage(List.of(), 0);
    }
  }

  private final GatedStore store = new GatedStore();
  private final AtomicInteger dropped = new AtomicInteger();

  @Test
  void storesPublishedEventsInOrderWithoutBlockingThePublisher() {
    store.gate = new CompletableFuture<>();
    try (AuditRecorder recorder = new AuditRecorder(store, 100, dropped::incrementAndGet)) {
      for (int i = 0; i < 50; i++) {
        recorder.publish(event("e" + i)); // returns although the store is stuck
      }
      store.gate.complete(null);
      await().atMost(Duration.ofSeconds(10)).until(() -> store.stored.size() == 50);
    }
    assertThat(store.stored.get(0).type()).isEqualTo("e0");
    assertThat(store.stored.get(49).type()).isEqualTo("e49");
    assertThat(dropped).hasValue(0);
  }

  @Test
  void countsEveryEventItCannotKeepWhenTheQueueIsFull() {
    store.gate = new CompletableFuture<>();
    try (AuditRecorder recorder = new AuditRecorder(store, 5, dropped::incrementAndGet)) {
      for (int i = 0; i < 30; i++) {
        recorder.publish(event("e" + i));
      }
      // the writer holds at most what it took from the queue before the store got stuck
      assertThat(dropped.get()).isPositive();
      store.gate.complete(null);
      await().atMost(Duration.ofSeconds(10)).until(() -> store.stored.size() + dropped.get() == 30);
    } finally {
      store.gate.complete(null);
    }
    assertThat(store.stored.size()).isLessThanOrEqualTo(1 + 5 + 5); // one batch + a full queue
  }

  @Test
  void countsABatchTheDatabaseRefusesAsDropped() {
    store.fail = true;
    try (AuditRecorder recorder = new AuditRecorder(store, 10, dropped::incrementAndGet)) {
      recorder.publish(event("lost"));
      await().atMost(Duration.ofSeconds(10)).until(() -> dropped.get() == 1);
    }
    assertThat(store.stored).isEmpty();
  }

  @Test
  void theFanOutDeliversToEverySinkEvenIfOneThrows() {
    List<HubEvent> seen = new CopyOnWriteArrayList<>();
    FanOutEventSink sink =
        new FanOutEventSink(
            List.of(
                e -> {
                  throw new IllegalStateException("broken sink");
                },
                seen::add));
    sink.publish(event("x"));
    assertThat(seen).extracting(HubEvent::type).containsExactly("x");
  }

  private static HubEvent event(String type) {
    return new HubEvent(Instant.EPOCH, type, "alice", "alice", "", "success", Map.of());
  }
}
