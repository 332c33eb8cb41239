package dev.ganymede.hub.config;

import java.util.Objects;

/**
 * The whole configuration of a Ganymede hub: one immutable value built from {@code ganymede.yaml},
 * environment variables and command-line flags by {@link ConfigLoader}.
 *
 * <p>Each section is a record with its defaults next to its fields; a section missing from the file
 * is that section's defaults. Tests build configurations in code with {@link #defaults()} and the
 * {@code with...} methods. The single sign-on settings ({@link SsoConfig}) are written under the
 * {@code auth} section in files ({@code auth.oidc}, {@code auth.github}, ...).
 */
public record GanymedeConfig(
    HubConfig hub,
    DatabaseConfig database,
    AuthConfig auth,
    SpawnerConfig spawner,
    ProxyConfig proxy,
    KubernetesConfig kubernetes,
    SsoConfig sso,
    CullerConfig culler,
    MetricsConfig metrics,
    ApiConfig api) {

  public GanymedeConfig {
    Objects.requireNonNull(hub, "hub");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(spawner, "spawner");
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(kubernetes, "kubernetes");
    Objects.requireNonNull(sso, "sso");
    Objects.requireNonNull(culler, "culler");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(api, "api");
  }

  public static GanymedeConfig defaults() {
    return new GanymedeConfig(
        HubConfig.defaults(),
        DatabaseConfig.defaults(),
        AuthConfig.defaults(),
        SpawnerConfig.defaults(),
        ProxyConfig.defaults(),
        KubernetesConfig.defaults(),
        SsoConfig.defaults(),
        CullerConfig.defaults(),
        MetricsConfig.defaults(),
        ApiConfig.defaults());
  }

  public GanymedeConfig withHub(HubConfig value) {
    return new GanymedeConfig(
        value, database, auth, spawner, proxy, kubernetes, sso, culler, metrics, api);
  }

  public GanymedeConfig withDatabase(DatabaseConfig value) {
    return new GanymedeConfig(
        hub, value, auth, spawner, proxy, kubernetes, sso, culler, metrics, api);
  }

  public GanymedeConfig withAuth(AuthConfig value) {
    return new GanymedeConfig(
        hub, database, value, spawner, proxy, kubernetes, sso, culler, metrics, api);
  }

  public GanymedeConfig withSpawner(SpawnerConfig value) {
    return new GanymedeConfig(
        hub, database, auth, value, proxy, kubernetes, sso, culler, metrics, api);
  }

  public GanymedeConfig withProxy(ProxyConfig value) {
    return new GanymedeConfig(
        hub, database, auth, spawner, value, kubernetes, sso, culler, metrics, api);
  }

  public GanymedeConfig withKubernetes(KubernetesConfig value) {
    return new GanymedeConfig(
        hub, database, auth, spawner, proxy, value, sso, culler, metrics, api);
  }

  public GanymedeConfig withSso(SsoConfig value) {
    return new GanymedeConfig(
        hub, database, auth, spawner, proxy, kubernetes, value, culler, metrics, api);
  }

  public GanymedeConfig withCuller(CullerConfig value) {
    return new GanymedeConfig(
        hub, database, auth, spawner, proxy, kubernetes, sso, value, metrics, api);
  }

  public GanymedeConfig withMetrics(MetricsConfig value) {
    return new GanymedeConfig(
        hub, database, auth, spawner, proxy, kubernetes, sso, culler, value, api);
  }

  public GanymedeConfig withApi(ApiConfig value) {
    return new GanymedeConfig(
        hub, database, auth, spawner, proxy, kubernetes, sso, culler, metrics, value);
  }
}
