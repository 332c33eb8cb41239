package dev.ganymede.hub.spawner.local;

import dev.ganymede.hub.spawner.SpawnContext;
import dev.ganymede.hub.spawner.SpawnerState;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link SpawnContext} that remembers what the spawner told it. */
final class RecordingContext implements SpawnContext {
  final List<String> messages = new CopyOnWriteArrayList<>();
  final List<Integer> percents = new CopyOnWriteArrayList<>();
  final List<SpawnerState> checkpoints = new CopyOnWriteArrayList<>();

  @Override
  public void progress(int percent, String message) {
    percents.add(percent);
    messages.add(message);
  }

  @Override
  public void checkpoint(SpawnerState state) {
    checkpoints.add(state);
  }

  Optional<SpawnerState> lastCheckpoint() {
    return checkpoints.isEmpty()
        ? Optional.empty()
        : Optional.of(checkpoints.get(checkpoints.size() - 1));
  }
}
