package dev.ganymede.hub.config;

import java.util.Objects;

/**
 * The whole configuration of a Ganymede hub: one immutable value built from {@code ganymede.yaml},
 * environment variables and command-line flags by {@link ConfigLoader}.
 *
 * <p>Each section is a record with its defaults next to its fields; a section missing from the file
 * is that section's defaults. Tests build configurations in code with {@link #defaults()} and the
 * sections' {@code with...} methods.
 */
public record GanymedeConfig(
    HubConfig hub,
    DatabaseConfig database,
    AuthConfig auth,
    SpawnerConfig spawner,
    ProxyConfig proxy,
    ApiConfig api) {

  public GanymedeConfig {
    Objects.requireNonNull(hub, "hub");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(spawner, "spawner");
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(api, "api");
  }

  public static GanymedeConfig defaults() {
    return new GanymedeConfig(
        HubConfig.defaults(),
        DatabaseConfig.defaults(),
        AuthConfig.defaults(),
        SpawnerConfig.defaults(),
        ProxyConfig.defaults(),
        ApiConfig.defaults());
  }

  public GanymedeConfig withHub(HubConfig value) {
    return new GanymedeConfig(value, database, auth, spawner, proxy, api);
  }

  public GanymedeConfig withDatabase(DatabaseConfig value) {
    return new GanymedeConfig(hub, value, auth, spawner, proxy, api);
  }

  public GanymedeConfig withAuth(AuthConfig value) {
    return new GanymedeConfig(hub, database, value, spawner, proxy, api);
  }

  public GanymedeConfig withSpawner(SpawnerConfig value) {
    return new GanymedeConfig(hub, database, auth, value, proxy, api);
  }

  public GanymedeConfig withProxy(ProxyConfig value) {
    return new GanymedeConfig(hub, database, auth, spawner, value, api);
  }

  public GanymedeConfig withApi(ApiConfig value) {
    return new GanymedeConfig(hub, database, auth, spawner, proxy, value);
  }
}
