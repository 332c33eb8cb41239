package dev.ganymede.kubernetes;

import dev.ganymede.hub.config.ProfileConfig;
import dev.ganymede.hub.spawner.RunningServer;
import dev.ganymede.hub.spawner.ServerStatus;
import dev.ganymede.hub.spawner.SpawnContext;
import dev.ganymede.hub.spawner.SpawnRequest;
import dev.ganymede.hub.spawner.Spawner;
import dev.ganymede.hub.spawner.SpawnerState;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The spawner the provider hands to the hub: closing it closes the client it created too. */
final class ClosingSpawner implements Spawner {
  private final KubernetesSpawner spawner;
  private final KubernetesClient client;

  ClosingSpawner(KubernetesSpawner spawner, KubernetesClient client) {
    this.spawner = spawner;
    this.client = client;
  }

  @Override
  public String kind() {
    return spawner.kind();
  }

  @Override
  public RunningServer start(SpawnRequest request, SpawnContext context) {
    return spawner.start(request, context);
  }

  @Override
  public ServerStatus poll(SpawnerState state) {
    return spawner.poll(state);
  }

  @Override
  public void stop(SpawnerState state, Duration grace) {
    spawner.stop(state, grace);
  }

  @Override
  public List<ProfileConfig> profiles(String user) {
    return spawner.profiles(user);
  }

  @Override
  public void validateOptions(String user, Map<String, Object> userOptions) {
    spawner.validateOptions(user, userOptions);
  }

  @Override
  public void removeOrphans(Collection<SpawnerState> known) {
    spawner.removeOrphans(known);
  }

  @Override
  public void close() {
    spawner.close();
    client.close();
  }
}
