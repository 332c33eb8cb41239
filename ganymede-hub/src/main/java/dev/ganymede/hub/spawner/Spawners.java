package dev.ganymede.hub.spawner;

import java.util.ServiceLoader;

/** Finds the {@link SpawnerProvider} of the configured {@code spawner.type}. */
public final class Spawners {
  private Spawners() {}

  /**
   * The spawner of {@code spawner.type}, made by the provider of that kind on the class path.
   *
   * @throws IllegalStateException if no provider serves that kind
   */
  public static Spawner create(SpawnerProvider.Environment environment) {
    String kind = environment.config().spawner().type();
    for (SpawnerProvider provider : ServiceLoader.load(SpawnerProvider.class)) {
      if (provider.kind().equals(kind)) {
        return provider.create(environment);
      }
    }
    throw new IllegalStateException(
        "spawner.type is " + kind + " but no spawner of that kind is on the class path");
  }
}
