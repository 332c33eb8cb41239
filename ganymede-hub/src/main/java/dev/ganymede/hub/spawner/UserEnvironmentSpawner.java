package dev.ganymede.hub.spawner;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A {@link Spawner} that adds per-user variables (a sign-in's tokens) to each {@link
 * SpawnRequest#environment()} before the wrapped spawner starts the server; the configured
 * environment wins over them. Thread-safe if {@code variables} is.
 */
public final class UserEnvironmentSpawner implements Spawner {
  private final Spawner inner;
  private final Function<String, Map<String, String>> variables;

  /**
   * @param variables the extra variables for a user name (empty map for none); called on the
   *     spawning thread
   */
  public UserEnvironmentSpawner(Spawner inner, Function<String, Map<String, String>> variables) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.variables = Objects.requireNonNull(variables, "variables");
  }

  @Override
  public String kind() {
    return inner.kind();
  }

  @Override
  public RunningServer start(SpawnRequest request, SpawnContext context) {
    Map<String, String> environment = new HashMap<>(variables.apply(request.user()));
    environment.putAll(request.environment());
    return inner.start(
        new SpawnRequest(
            request.user(),
            request.serverName(),
            request.basePath(),
            request.serverToken(),
            environment,
            request.userOptions()),
        context);
  }

  @Override
  public ServerStatus poll(SpawnerState state) {
    return inner.poll(state);
  }

  @Override
  public void stop(SpawnerState state, Duration grace) {
    inner.stop(state, grace);
  }

  @Override
  public java.util.List<dev.ganymede.hub.config.ProfileConfig> profiles(String user) {
    return inner.profiles(user);
  }

  @Override
  public void validateOptions(String user, Map<String, Object> userOptions) {
    inner.validateOptions(user, userOptions);
  }

  @Override
  public void removeOrphans(java.util.Collection<SpawnerState> known) {
    inner.removeOrphans(known);
  }

  @Override
  public void close() {
    inner.close();
  }
}
