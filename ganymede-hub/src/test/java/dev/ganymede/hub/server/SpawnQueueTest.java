package dev.ganymede.hub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SpawnQueueTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final SpawnQueue queue = new SpawnQueue(1);
  private final List<Thread> threads = new CopyOnWriteArrayList<>();

  /** Waits for a permit on a virtual thread; completes when it holds one. */
  private CompletableFuture<Void> waiter(List<Integer> places) {
    CompletableFuture<Void> granted = new CompletableFuture<>();
    Thread thread =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    queue.acquire(places::add);
                    granted.complete(null);
                  } catch (InterruptedException e) {
                    granted.completeExceptionally(e);
                  }
                });
    threads.add(thread);
    return granted;
  }

  @Test
  void aFreePermitIsTakenAtOnceWithoutAPlaceInTheQueue() throws InterruptedException {
    List<Integer> places = new CopyOnWriteArrayList<>();

    queue.acquire(places::add);

    assertThat(places).isEmpty();
    assertThat(queue.waiting()).isZero();
  }

  @Test
  void waitersAreServedInOrderAndAnInterruptedOneGivesUpItsPlace() throws InterruptedException {
    queue.acquire(place -> {});
    List<Integer> first = new CopyOnWriteArrayList<>();
    List<Integer> second = new CopyOnWriteArrayList<>();
    List<Integer> third = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> firstGranted = waiter(first);
    await().atMost(WAIT).until(() -> first.equals(List.of(0)));
    CompletableFuture<Void> secondGranted = waiter(second);
    await().atMost(WAIT).until(() -> second.equals(List.of(1)));
    CompletableFuture<Void> thirdGranted = waiter(third);
    await().atMost(WAIT).until(() -> third.equals(List.of(2)));

    threads.get(0).interrupt();
    await().atMost(WAIT).until(firstGranted::isCompletedExceptionally);
    await().atMost(WAIT).until(() -> second.equals(List.of(1, 0)) && third.equals(List.of(2, 1)));
    assertThat(queue.waiting()).isEqualTo(2);

    queue.release();
    await().atMost(WAIT).until(secondGranted::isDone);
    assertThat(secondGranted).isCompleted();
    await().atMost(WAIT).until(() -> third.equals(List.of(2, 1, 0)));
    assertThat(thirdGranted).isNotDone();

    queue.release();
    await().atMost(WAIT).until(thirdGranted::isDone);
    assertThat(queue.waiting()).isZero();
  }
}
