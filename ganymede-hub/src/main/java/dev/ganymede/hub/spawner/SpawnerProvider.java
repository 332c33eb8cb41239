package dev.ganymede.hub.spawner;

import dev.ganymede.hub.config.GanymedeConfig;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Creates the spawner named by {@code spawner.type} when it is not built into the hub. Modules such
 * as {@code ganymede-kubernetes} register an implementation in {@code
 * META-INF/services/dev.ganymede.hub.spawner.SpawnerProvider}; the hub finds it with {@link
 * java.util.ServiceLoader}, so the hub module depends on none of them.
 */
public interface SpawnerProvider {

  /** The {@code spawner.type} this provider serves, such as {@code kubernetes}. */
  String kind();

  /** A new spawner; the hub closes it on shutdown. Fails fast on configuration it cannot use. */
  Spawner create(Environment environment);

  /**
   * What a spawner may use from the hub.
   *
   * @param config the whole configuration
   * @param groupsOf the names of the groups a user belongs to (blocking; for profile visibility)
   */
  record Environment(GanymedeConfig config, Function<String, Set<String>> groupsOf) {
    public Environment {
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(groupsOf, "groupsOf");
    }
  }
}
