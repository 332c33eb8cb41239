package dev.ganymede.hub.config;

import static dev.ganymede.hub.config.ValueTypes.bool;
import static dev.ganymede.hub.config.ValueTypes.environmentVariables;
import static dev.ganymede.hub.config.ValueTypes.integer;
import static dev.ganymede.hub.config.ValueTypes.oneOf;
import static dev.ganymede.hub.config.ValueTypes.optional;
import static dev.ganymede.hub.config.ValueTypes.positiveDuration;
import static dev.ganymede.hub.config.ValueTypes.userNames;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Every section and key of {@code ganymede.yaml}, with the type of each value. */
final class ConfigSchema {

  static final ConfigSection<HubConfig> HUB =
      section(
          "hub",
          HubConfig.class,
          HubConfig.defaults(),
          GanymedeConfig::hub,
          key("ip", ValueTypes.host()),
          key("port", integer(0, 65535)),
          key("baseUrl", ValueTypes.basePath()),
          key("publicUrl", optional(ValueTypes.httpUrl())),
          key("dataDir", ValueTypes.path()),
          key("allowNamedServers", bool()),
          key("namedServerLimitPerUser", integer(0, 1000)));

  static final ConfigSection<DatabaseConfig> DATABASE =
      section(
          "database",
          DatabaseConfig.class,
          DatabaseConfig.defaults(),
          GanymedeConfig::database,
          key("url", optional(ValueTypes.jdbcUrl())),
          key("username", optional(ValueTypes.word("a database user name"))),
          key("password", optional(ValueTypes.secret(1))),
          key("maxPoolSize", integer(1, 200)),
          key("cacheSize", integer(0, 1_000_000)));

  static final ConfigSection<AuthConfig> AUTH =
      section(
          "auth",
          AuthConfig.class,
          AuthConfig.defaults(),
          GanymedeConfig::auth,
          key(
              "type",
              oneOf(
                  AuthConfig.PASSWORD,
                  AuthConfig.SHARED_PASSWORD,
                  AuthConfig.OIDC,
                  AuthConfig.GITHUB,
                  AuthConfig.CLOUDFLARE_ACCESS,
                  AuthConfig.TRUSTED_HEADER)),
          key("adminUsers", userNames()),
          key("allowedUsers", userNames()),
          key("blockedUsers", userNames()),
          key("allowSignup", bool()),
          key("sharedPassword", optional(ValueTypes.secret(8))),
          key("sessionMaxAge", positiveDuration()),
          key("throttleMaxFailures", integer(1, 1000)),
          key("throttleWindow", positiveDuration()),
          key("throttleMaxFailuresPerAddress", integer(1, 100000)));

  static final ConfigSection<SpawnerConfig> SPAWNER =
      section(
          "spawner",
          SpawnerConfig.class,
          SpawnerConfig.defaults(),
          GanymedeConfig::spawner,
          key(
              "type",
              ValueTypes.spawnerType(
                  SpawnerConfig.LOCAL, SpawnerConfig.KUBERNETES, SpawnerConfig.NULL)),
          key(
              "command",
              ValueTypes.stringList("a list of non-empty command words (program first)")),
          key("pythonEnv", optional(ValueTypes.path())),
          key("managedEnv", bool()),
          key("startTimeout", positiveDuration()),
          key("stopGracePeriod", positiveDuration()),
          key("environment", environmentVariables()),
          key("nullTarget", optional(ValueTypes.httpUrl())),
          key("mode", oneOf(SpawnerConfig.LAB, SpawnerConfig.SINGLEUSER)),
          key("concurrentSpawns", integer(1, 1000)),
          key("pendingSpawnLimit", integer(0, 1_000_000)),
          key("activeServerLimit", integer(0, 1_000_000)));

  static final ConfigSection<ProxyConfig> PROXY =
      section(
          "proxy",
          ProxyConfig.class,
          ProxyConfig.defaults(),
          GanymedeConfig::proxy,
          key("mode", oneOf(ProxyConfig.IN_PROCESS, ProxyConfig.EXTERNAL)),
          key("apiUrl", ValueTypes.httpUrl()),
          key("authToken", optional(ValueTypes.secret(16))),
          key("checkRoutesInterval", positiveDuration()),
          key("apiCa", optional(ValueTypes.path())),
          key("apiClientCert", optional(ValueTypes.path())),
          key("apiClientKey", optional(ValueTypes.path())));

  static final ConfigSection<ApiConfig> API =
      section(
          "api",
          ApiConfig.class,
          ApiConfig.defaults(),
          GanymedeConfig::api,
          key("services", ApiValueTypes.services()),
          key("roles", ApiValueTypes.roles()));

  static final ConfigSection<CullerConfig> CULLER =
      section(
          "culler",
          CullerConfig.class,
          CullerConfig.defaults(),
          GanymedeConfig::culler,
          key("enabled", bool()),
          key("timeout", positiveDuration()),
          key("every", optional(positiveDuration())),
          key("maxAge", optional(positiveDuration())),
          key("concurrency", integer(1, 1000)),
          key("cullUsers", bool()),
          key("removeNamedServers", bool()),
          key("cullAdminUsers", bool()));

  static final ConfigSection<MetricsConfig> METRICS =
      section(
          "metrics",
          MetricsConfig.class,
          MetricsConfig.defaults(),
          GanymedeConfig::metrics,
          key("authenticated", bool()));

  static final ConfigSection<KubernetesConfig> KUBERNETES =
      section(
          "kubernetes",
          KubernetesConfig.class,
          KubernetesConfig.defaults(),
          GanymedeConfig::kubernetes,
          key(
              "namespace",
              KubernetesValueTypes.text(
                  "a Kubernetes namespace name",
                  n -> n.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"))),
          key("namespacePerUser", bool()),
          key("userNamespaceTemplate", KubernetesValueTypes.userNamespaceTemplate()),
          key("userNamespaceLabels", KubernetesValueTypes.labels()),
          key("userNamespaceAnnotations", KubernetesValueTypes.labels()),
          key("hubUrl", optional(ValueTypes.httpUrl())),
          key("image", ValueTypes.word("a container image reference")),
          key("imagePullPolicy", optional(oneOf("Always", "IfNotPresent", "Never"))),
          key("imagePullSecrets", ValueTypes.stringList("a list of Secret names")),
          key(
              "command",
              ValueTypes.stringList("a list of non-empty command words (program first)")),
          key("args", ValueTypes.stringList("a list of non-empty arguments")),
          key("port", integer(1, 65535)),
          key("workingDir", optional(ValueTypes.word("a directory in the container"))),
          key("environment", environmentVariables()),
          key("extraEnv", KubernetesValueTypes.objects("Kubernetes EnvVar objects")),
          key("envFrom", KubernetesValueTypes.objects("Kubernetes EnvFromSource objects")),
          key("extraFiles", KubernetesValueTypes.objects("files from ConfigMaps or Secrets")),
          key("initContainers", KubernetesValueTypes.objects("Kubernetes Container objects")),
          key("extraContainers", KubernetesValueTypes.objects("Kubernetes Container objects")),
          key("lifecycleHooks", KubernetesValueTypes.object("a Kubernetes Lifecycle object")),
          key("serviceAccount", optional(ValueTypes.word("a ServiceAccount name"))),
          key("automountServiceAccountToken", bool()),
          key("cpuGuarantee", optional(KubernetesValueTypes.quantity())),
          key("cpuLimit", optional(KubernetesValueTypes.quantity())),
          key("memoryGuarantee", optional(KubernetesValueTypes.quantity())),
          key("memoryLimit", optional(KubernetesValueTypes.quantity())),
          key("extraResourceGuarantees", KubernetesValueTypes.resources()),
          key("extraResourceLimits", KubernetesValueTypes.resources()),
          key("nodeSelector", KubernetesValueTypes.labels()),
          key("tolerations", KubernetesValueTypes.objects("Kubernetes Toleration objects")),
          key("affinity", KubernetesValueTypes.object("a Kubernetes Affinity object")),
          key("priorityClassName", optional(ValueTypes.word("a PriorityClass name"))),
          key("schedulerName", optional(ValueTypes.word("a scheduler name"))),
          key("uid", integer(0, Integer.MAX_VALUE)),
          key("fsGid", integer(0, Integer.MAX_VALUE)),
          key("allowPrivilegeEscalation", bool()),
          key("extraLabels", KubernetesValueTypes.labels()),
          key("extraAnnotations", KubernetesValueTypes.labels()),
          key(
              "storageType",
              oneOf(KubernetesConfig.DYNAMIC, KubernetesConfig.STATIC, KubernetesConfig.NONE)),
          key("storageCapacity", KubernetesValueTypes.quantity()),
          key("storageClass", optional(ValueTypes.word("a StorageClass name"))),
          key(
              "storageAccessModes",
              ValueTypes.stringList(
                  "a list of access modes (ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod)")),
          key("staticClaim", optional(ValueTypes.word("a PersistentVolumeClaim name"))),
          key("staticSubPath", ValueTypes.word("a sub-path template such as {username}")),
          key("homeMountPath", ValueTypes.word("an absolute path in the container")),
          key("dataClaim", optional(ValueTypes.word("a PersistentVolumeClaim name"))),
          key("dataMountPath", ValueTypes.word("an absolute path in the container")),
          key("sharedClaim", optional(ValueTypes.word("a PersistentVolumeClaim name"))),
          key("sharedMountPath", ValueTypes.word("an absolute path in the container")),
          key("volumes", KubernetesValueTypes.objects("Kubernetes Volume objects")),
          key("volumeMounts", KubernetesValueTypes.objects("Kubernetes VolumeMount objects")),
          key("networkPolicy", bool()),
          key(
              "networkPolicyEgress",
              KubernetesValueTypes.objects("NetworkPolicyEgressRule objects")),
          key("componentLabel", ValueTypes.word("a label value")),
          key("profiles", KubernetesValueTypes.profiles(name -> ConfigSchema.kubernetesKey(name))));

  static final ConfigSection<OidcConfig> OIDC =
      section(
          "auth.oidc",
          OidcConfig.class,
          OidcConfig.defaults(),
          c -> c.sso().oidc(),
          key("issuer", optional(ValueTypes.httpUrl())),
          key("clientId", ValueTypes.word("a client id")),
          key("clientSecret", optional(ValueTypes.secret(1))),
          key("scopes", ValueTypes.stringList("a list of scopes")),
          key("usernameClaim", ValueTypes.word("a claim name")),
          key("groupsClaim", ValueTypes.word("a claim name")),
          key("allowedGroups", ValueTypes.stringSet("a list of group names")),
          key("adminGroups", ValueTypes.stringSet("a list of group names")),
          key("displayName", ValueTypes.word("a name for the sign-in button")),
          key("signOutAtProvider", bool()),
          key("syncGroups", bool()),
          key("tokensToServer", bool()),
          key("refreshAfter", optional(positiveDuration())));

  static final ConfigSection<GithubConfig> GITHUB =
      section(
          "auth.github",
          GithubConfig.class,
          GithubConfig.defaults(),
          c -> c.sso().github(),
          key("clientId", ValueTypes.text("an OAuth app client id")),
          key("clientSecret", optional(ValueTypes.secret(1))),
          key("url", ValueTypes.httpUrl()),
          key("apiUrl", ValueTypes.httpUrl()),
          key("allowedOrganizations", ValueTypes.stringSet("a list of org or org:team names")),
          key("tokenToServer", bool()));

  static final ConfigSection<CloudflareAccessConfig> CLOUDFLARE_ACCESS =
      section(
          "auth.cloudflareAccess",
          CloudflareAccessConfig.class,
          CloudflareAccessConfig.defaults(),
          c -> c.sso().cloudflareAccess(),
          key("teamDomain", optional(ValueTypes.httpUrl())),
          key("audience", ValueTypes.text("an application audience (AUD) tag")),
          key("usernameClaim", ValueTypes.word("a claim name")));

  static final ConfigSection<TrustedHeaderConfig> TRUSTED_HEADER =
      section(
          "auth.trustedHeader",
          TrustedHeaderConfig.class,
          TrustedHeaderConfig.defaults(),
          c -> c.sso().trustedHeader(),
          key("header", ValueTypes.word("a header name")),
          key("trustedProxies", ValueTypes.cidrList()));

  static final ConfigSection<RegisteredUsersConfig> REGISTERED_USERS =
      section(
          "auth.registeredUsers",
          RegisteredUsersConfig.class,
          RegisteredUsersConfig.defaults(),
          c -> c.sso().registeredUsers(),
          key("urls", ValueTypes.urlTemplates()),
          key("tokenHeader", ValueTypes.word("a header name")),
          key("token", optional(ValueTypes.secret(1))),
          key("jsonPath", ValueTypes.text("dotted field names, or empty")),
          key("timeout", positiveDuration()));

  static final ConfigSection<AuthStateConfig> AUTH_STATE =
      section(
          "auth.state",
          AuthStateConfig.class,
          AuthStateConfig.defaults(),
          c -> c.sso().state(),
          key("key", optional(ValueTypes.secret(32))));

  /** In the order of {@link GanymedeConfig}'s components, then the subsections of {@code auth}. */
  static final List<ConfigSection<?>> SECTIONS =
      List.of(
          HUB,
          DATABASE,
          AUTH,
          SPAWNER,
          PROXY,
          KUBERNETES,
          CULLER,
          METRICS,
          API,
          OIDC,
          GITHUB,
          CLOUDFLARE_ACCESS,
          TRUSTED_HEADER,
          REGISTERED_USERS,
          AUTH_STATE);

  private static final Map<String, ConfigKey<?>> BY_ENVIRONMENT_VARIABLE =
      SECTIONS.stream()
          .flatMap(s -> s.keys().stream())
          .collect(Collectors.toUnmodifiableMap(ConfigKey::environmentVariable, k -> k));

  private ConfigSchema() {}

  static Optional<ConfigSection<?>> section(String name) {
    return SECTIONS.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** A key of section {@code kubernetes} (looked up late: profiles refer to the section). */
  static Optional<ConfigKey<?>> kubernetesKey(String name) {
    return KUBERNETES.key(name);
  }

  static Optional<ConfigKey<?>> byEnvironmentVariable(String variable) {
    return Optional.ofNullable(BY_ENVIRONMENT_VARIABLE.get(variable));
  }

  /** {@code known sections: hub, database, ...}, for unknown-section messages. */
  static String knownSections() {
    return "known sections: "
        + String.join(
            ", ",
            SECTIONS.stream().map(ConfigSection::name).filter(n -> !n.contains(".")).toList());
  }

  /** The configuration from each section's record (built by {@link ConfigSection#bind}). */
  static GanymedeConfig assemble(Map<String, Record> sections) {
    return new GanymedeConfig(
        (HubConfig) sections.get(HUB.name()),
        (DatabaseConfig) sections.get(DATABASE.name()),
        (AuthConfig) sections.get(AUTH.name()),
        (SpawnerConfig) sections.get(SPAWNER.name()),
        (ProxyConfig) sections.get(PROXY.name()),
        (KubernetesConfig) sections.get(KUBERNETES.name()),
        new SsoConfig(
            (OidcConfig) sections.get(OIDC.name()),
            (GithubConfig) sections.get(GITHUB.name()),
            (CloudflareAccessConfig) sections.get(CLOUDFLARE_ACCESS.name()),
            (TrustedHeaderConfig) sections.get(TRUSTED_HEADER.name()),
            (RegisteredUsersConfig) sections.get(REGISTERED_USERS.name()),
            (AuthStateConfig) sections.get(AUTH_STATE.name())),
        (CullerConfig) sections.get(CULLER.name()),
        (MetricsConfig) sections.get(METRICS.name()),
        (ApiConfig) sections.get(API.name()));
  }

  private static <R extends Record> ConfigSection<R> section(
      String name,
      Class<R> type,
      R defaults,
      Function<GanymedeConfig, R> extractor,
      KeySpec<?>... keys) {
    List<ConfigKey<?>> sectionKeys =
        Stream.of(keys).<ConfigKey<?>>map(spec -> spec.in(name)).toList();
    return new ConfigSection<>(name, type, defaults, extractor, sectionKeys);
  }

  private static <T> KeySpec<T> key(String name, ValueType<T> type) {
    return new KeySpec<>(name, type);
  }

  private record KeySpec<T>(String name, ValueType<T> type) {
    ConfigKey<T> in(String section) {
      return new ConfigKey<>(section, name, type);
    }
  }
}
