package dev.ganymede.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class SecretStoreIT extends StoreTestBase {

  @Test
  void storesTheFirstGeneratedValueAndNeverCallsTheGeneratorAgain() {
    AtomicInteger calls = new AtomicInteger();

    String first = db.secrets().getOrCreate("key", () -> "value-" + calls.incrementAndGet());
    String second = db.secrets().getOrCreate("key", () -> "value-" + calls.incrementAndGet());

    assertThat(first).isEqualTo("value-1");
    assertThat(second).isEqualTo("value-1");
    assertThat(calls).hasValue(1);
    assertThat(db.secrets().getOrCreate("other", () -> "x")).isEqualTo("x");
  }

  @Test
  void givesConcurrentCallersOfTwoHubsTheSameValue() throws Exception {
    List<Database> hubs = List.of(db, open());
    int callers = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        SecretStore store = hubs.get(i % 2).secrets();
        String candidate = "candidate-" + i;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return store.getOrCreate("cookie", () -> candidate);
                }));
      }
      start.countDown();

      List<String> values = new ArrayList<>();
      for (Future<String> result : results) {
        values.add(result.get(30, TimeUnit.SECONDS));
      }

      assertThat(new HashSet<>(values)).hasSize(1);
      assertThat(values.get(0)).startsWith("candidate-");
      assertThat(db.secrets().getOrCreate("cookie", () -> "late")).isEqualTo(values.get(0));
    } finally {
      pool.shutdownNow();
    }
  }
}
