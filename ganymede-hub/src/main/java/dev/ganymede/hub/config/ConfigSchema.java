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
          key("dataDir", ValueTypes.path()));

  static final ConfigSection<DatabaseConfig> DATABASE =
      section(
          "database",
          DatabaseConfig.class,
          DatabaseConfig.defaults(),
          GanymedeConfig::database,
          key("url", optional(ValueTypes.jdbcUrl())),
          key("username", optional(ValueTypes.word("a database user name"))),
          key("password", optional(ValueTypes.secret(1))),
          key("maxPoolSize", integer(1, 200)));

  static final ConfigSection<AuthConfig> AUTH =
      section(
          "auth",
          AuthConfig.class,
          AuthConfig.defaults(),
          GanymedeConfig::auth,
          key("type", oneOf(AuthConfig.PASSWORD, AuthConfig.SHARED_PASSWORD)),
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
          key("type", oneOf(SpawnerConfig.LOCAL)),
          key(
              "command",
              ValueTypes.stringList("a list of non-empty command words (program first)")),
          key("pythonEnv", optional(ValueTypes.path())),
          key("managedEnv", bool()),
          key("startTimeout", positiveDuration()),
          key("stopGracePeriod", positiveDuration()),
          key("environment", environmentVariables()));

  static final ConfigSection<ProxyConfig> PROXY =
      section(
          "proxy",
          ProxyConfig.class,
          ProxyConfig.defaults(),
          GanymedeConfig::proxy,
          key("mode", oneOf(ProxyConfig.IN_PROCESS, ProxyConfig.EXTERNAL)),
          key("apiUrl", ValueTypes.httpUrl()),
          key("authToken", optional(ValueTypes.secret(16))),
          key("checkRoutesInterval", positiveDuration()));

  /** In the order of {@link GanymedeConfig}'s components. */
  static final List<ConfigSection<?>> SECTIONS = List.of(HUB, DATABASE, AUTH, SPAWNER, PROXY);

  private static final Map<String, ConfigKey<?>> BY_ENVIRONMENT_VARIABLE =
      SECTIONS.stream()
          .flatMap(s -> s.keys().stream())
          .collect(Collectors.toUnmodifiableMap(ConfigKey::environmentVariable, k -> k));

  private ConfigSchema() {}

  static Optional<ConfigSection<?>> section(String name) {
    return SECTIONS.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  static Optional<ConfigKey<?>> byEnvironmentVariable(String variable) {
    return Optional.ofNullable(BY_ENVIRONMENT_VARIABLE.get(variable));
  }

  /** {@code known sections: hub, database, ...}, for unknown-section messages. */
  static String knownSections() {
    return "known sections: "
        + String.join(", ", SECTIONS.stream().map(ConfigSection::name).toList());
  }

  /** The configuration from each section's record (built by {@link ConfigSection#bind}). */
  static GanymedeConfig assemble(Map<String, Record> sections) {
    return new GanymedeConfig(
        (HubConfig) sections.get(HUB.name()),
        (DatabaseConfig) sections.get(DATABASE.name()),
        (AuthConfig) sections.get(AUTH.name()),
        (SpawnerConfig) sections.get(SPAWNER.name()),
        (ProxyConfig) sections.get(PROXY.name()));
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
