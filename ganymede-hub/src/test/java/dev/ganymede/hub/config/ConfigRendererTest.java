package dev.ganymede.hub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigRendererTest {

  @TempDir Path dir;

  private static GanymedeConfig withSecrets() {
    return GanymedeConfig.defaults()
        .withDatabase(
            new DatabaseConfig(
                Optional.of("jdbc:postgresql://db/ganymede?user=hub&password=url-secret&ssl=true"),
                Optional.of("hub"),
                Optional.of("db-secret"),
                10))
        .withAuth(
            new AuthConfig(
                AuthConfig.SHARED_PASSWORD,
                Set.of("admin"),
                Set.of(),
                Set.of(),
                false,
                Optional.of("workshop-secret"),
                Duration.ofDays(14),
                5,
                Duration.ofMinutes(5),
                50));
  }

  @Test
  void masksEverySecret() {
    String yaml = ConfigRenderer.render(withSecrets());

    assertThat(yaml)
        .doesNotContain("url-secret")
        .doesNotContain("db-secret")
        .doesNotContain("workshop-secret")
        .contains("password=********&ssl=true")
        .contains("sharedPassword: '********'")
        .contains("  password: '********'");
  }

  @Test
  void showsEveryKeyOfEverySection() {
    String yaml = ConfigRenderer.render(GanymedeConfig.defaults());

    for (ConfigSection<?> section : ConfigSchema.SECTIONS) {
      assertThat(yaml).contains(section.name() + ":\n");
      for (ConfigKey<?> key : section.keys()) {
        assertThat(yaml).contains("  " + key.name() + ":");
      }
    }
    assertThat(yaml).contains("sessionMaxAge: 14d").contains("port: 8000");
  }

  @Test
  void rendersWhatTheLoaderReadsBackAsTheSameConfiguration() throws IOException {
    GanymedeConfig config =
        GanymedeConfig.defaults()
            .withHub(
                new HubConfig(
                    "0.0.0.0",
                    0,
                    "/jupyter/",
                    Optional.of(URI.create("https://hub.example.org/jupyter/")),
                    Path.of("/srv/ganymede data"),
                    false,
                    0))
            .withSpawner(
                new SpawnerConfig(
                    "local",
                    List.of("jupyter", "lab", "--debug"),
                    Optional.of(Path.of("/opt/env")),
                    false,
                    Duration.ofMillis(1500),
                    Duration.ofSeconds(3),
                    Map.of("TRUE", "true", "N", "007", "STAR", "*x")))
            .withAuth(
                new AuthConfig(
                    AuthConfig.PASSWORD,
                    Set.of("alice", "bob"),
                    Set.of("carol"),
                    Set.of("yes"),
                    true,
                    Optional.empty(),
                    Duration.ofHours(36),
                    7,
                    Duration.ofSeconds(90),
                    50));
    Path file = Files.writeString(dir.resolve("ganymede.yaml"), ConfigRenderer.render(config));

    assertThat(ConfigLoader.load(Optional.of(file), Map.of(), Map.of())).isEqualTo(config);
  }
}
