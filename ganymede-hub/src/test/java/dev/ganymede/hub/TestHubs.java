package dev.ganymede.hub;

import dev.ganymede.hub.config.GanymedeConfig;
import dev.ganymede.hub.config.HubConfig;
import dev.ganymede.hub.config.SpawnerConfig;
import dev.ganymede.testkit.JupyterFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Configurations for hubs under test: port 0, a temporary data directory, real JupyterLab. */
final class TestHubs {
  private TestHubs() {}

  static GanymedeConfig config(Path dataDir) {
    GanymedeConfig defaults = GanymedeConfig.defaults();
    return defaults
        .withHub(defaults.hub().withPort(0).withDataDir(dataDir))
        .withSpawner(
            new SpawnerConfig(
                SpawnerConfig.LOCAL,
                List.of(JupyterFixture.jupyterLab().toString()),
                Optional.empty(),
                false,
                Duration.ofSeconds(90),
                Duration.ofSeconds(5),
                Map.of()));
  }

  /** A hub whose servers start when the test opens their {@link GatedSpawner} gates. */
  static GanymedeConfig gated(
      Path dataDir, int concurrentSpawns, int pendingSpawnLimit, int activeServerLimit) {
    return config(dataDir)
        .withSpawner(
            new SpawnerConfig(
                GatedSpawner.KIND,
                List.of(),
                Optional.empty(),
                false,
                Duration.ofSeconds(90),
                Duration.ofSeconds(5),
                Map.of(),
                Optional.empty(),
                SpawnerConfig.LAB,
                concurrentSpawns,
                pendingSpawnLimit,
                activeServerLimit));
  }

  static HubConfig hubConfig(Path dataDir) {
    return HubConfig.defaults().withPort(0).withDataDir(dataDir);
  }
}
