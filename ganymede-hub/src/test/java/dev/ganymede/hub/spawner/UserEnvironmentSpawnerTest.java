package dev.ganymede.hub.spawner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ganymede.hub.config.ProfileConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserEnvironmentSpawnerTest {

  /** Records what reaches it; refuses options named "bad". */
  static final class RecordingSpawner implements Spawner {
    final List<String> calls = new ArrayList<>();
    SpawnRequest started;

    @Override
    public String kind() {
      return "recording";
    }

    @Override
    public RunningServer start(SpawnRequest request, SpawnContext context) {
      started = request;
      return new RunningServer(URI.create("http://127.0.0.1:1"), SpawnerState.EMPTY);
    }

    @Override
    public ServerStatus poll(SpawnerState state) {
      calls.add("poll");
      return ServerStatus.STOPPED;
    }

    @Override
    public void stop(SpawnerState state, Duration grace) {
      calls.add("stop");
    }

    @Override
    public List<ProfileConfig> profiles(String user) {
      calls.add("profiles " + user);
      return List.of();
    }

    @Override
    public void validateOptions(String user, Map<String, Object> userOptions) {
      if (userOptions.containsKey("bad")) {
        throw new InvalidOptionsException("bad option");
      }
    }

    @Override
    public void removeOrphans(Collection<SpawnerState> known) {
      calls.add("removeOrphans");
    }

    @Override
    public void close() {
      calls.add("close");
    }
  }

  @Test
  void addsTheUsersVariablesButLetsTheHubsOwnVariablesWin() {
    RecordingSpawner inner = new RecordingSpawner();
    Spawner spawner =
        new UserEnvironmentSpawner(inner, user -> Map.of("GITHUB_TOKEN", "t-" + user, "X", "user"));
    spawner.start(
        new SpawnRequest("ada", "", "/user/ada/", "secret", Map.of("X", "hub"), Map.of()),
        new SpawnContext() {
          @Override
          public void progress(int percent, String message) {}

          @Override
          public void checkpoint(SpawnerState state) {}
        });
    assertThat(inner.started.environment())
        .containsEntry("GITHUB_TOKEN", "t-ada")
        .containsEntry("X", "hub");
  }

  @Test
  void passesProfilesOptionChecksOrphanRemovalAndCloseThroughToTheWrappedSpawner() {
    RecordingSpawner inner = new RecordingSpawner();
    Spawner spawner = new UserEnvironmentSpawner(inner, user -> Map.of());
    spawner.profiles("ada");
    spawner.removeOrphans(List.of());
    spawner.close();
    assertThat(inner.calls).containsExactly("profiles ada", "removeOrphans", "close");
    assertThatThrownBy(() -> spawner.validateOptions("ada", Map.of("bad", true)))
        .isInstanceOf(InvalidOptionsException.class);
  }
}
