package dev.ganymede.hub.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LruCacheTest {
  private final LruCache<String, String> cache = new LruCache<>(10, Duration.ofMinutes(1));

  @Test
  void getAllOrLoadAsksTheLoaderOnceForTheMissingKeysOnlyAndKeepsWhatItLoaded() {
    cache.put("a", "cached-a");
    List<List<String>> asked = new ArrayList<>();

    Map<String, String> values =
        cache.getAllOrLoad(
            List.of("a", "b", "c"),
            missing -> {
              asked.add(missing);
              return Map.of("b", "loaded-b");
            },
            "none");

    assertThat(values)
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", "cached-a", "b", "loaded-b", "c", "none"));
    assertThat(asked).containsExactly(List.of("b", "c"));
    assertThat(cache.get("b")).contains("loaded-b");
    assertThat(cache.get("c")).contains("none");
  }

  @Test
  void getAllOrLoadDoesNotKeepValuesLoadedWhileTheCacheWasInvalidated() {
    Map<String, String> values =
        cache.getAllOrLoad(
            List.of("a"),
            missing -> {
              cache.clear(); // a writer changed the source and invalidated meanwhile
              return Map.of("a", "stale");
            },
            "none");

    assertThat(values).containsEntry("a", "stale");
    assertThat(cache.get("a")).isEmpty();
  }
}
