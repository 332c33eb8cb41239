package dev.ganymede.hub.spawner.nullspawner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ganymede.hub.spawner.RunningServer;
import dev.ganymede.hub.spawner.ServerStatus;
import dev.ganymede.hub.spawner.SpawnContext;
import dev.ganymede.hub.spawner.SpawnRequest;
import dev.ganymede.hub.spawner.SpawnerState;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NullSpawnerTest {
  private static final URI TARGET = URI.create("http://127.0.0.1:9999");

  @Test
  void startsNothingCheckpointsAndAnswersWithTheTargetThenPollsRunningUntilForgotten() {
    List<String> journal = new ArrayList<>();
    NullSpawner spawner = new NullSpawner(TARGET);
    RunningServer server =
        spawner.start(
            request(),
            new SpawnContext() {
              @Override
              public void progress(int percent, String message) {
                journal.add("progress " + percent);
              }

              @Override
              public void checkpoint(SpawnerState state) {
                journal.add("checkpoint " + state.values());
              }
            });

    assertThat(server.url()).isEqualTo(TARGET);
    assertThat(journal).containsExactly("checkpoint {target=http://127.0.0.1:9999}", "progress 50");
    assertThat(spawner.kind()).isEqualTo("null");
    assertThat(spawner.poll(server.state())).isEqualTo(ServerStatus.RUNNING);
    spawner.stop(server.state(), Duration.ofSeconds(1));
    assertThat(spawner.poll(SpawnerState.EMPTY)).isEqualTo(ServerStatus.STOPPED);
  }

  private static SpawnRequest request() {
    return new SpawnRequest("alice", "", "/user/alice/", "secret", Map.of(), Map.of());
  }
}
