package dev.ganymede.hub.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Rules that involve more than one key. A rule is skipped when one of its keys already has a
 * problem of its own, so that one mistake is reported once.
 */
final class ConfigRules {

  private record Rule(List<String> keys, Function<GanymedeConfig, Optional<String>> check) {}

  private static final String ONE_NAMESPACE =
      " (a PersistentVolumeClaim belongs to one namespace and a pod can mount only a claim of its"
          + " own namespace)";

  private static final List<Rule> RULES =
      List.of(
          new Rule(
              List.of("auth.type", "auth.sharedPassword"),
              config ->
                  config.auth().type().equals(AuthConfig.SHARED_PASSWORD)
                          && config.auth().sharedPassword().isEmpty()
                      ? Optional.of(
                          "auth.sharedPassword: required when auth.type is shared-password"
                              + " (at least 8 characters; better given as the environment"
                              + " variable GANYMEDE_AUTH_SHARED_PASSWORD)")
                      : Optional.empty()),
          new Rule(
              List.of("auth.type", "auth.sharedPassword"),
              config ->
                  !config.auth().type().equals(AuthConfig.SHARED_PASSWORD)
                          && config.auth().sharedPassword().isPresent()
                      ? Optional.of(
                          "auth.sharedPassword: only allowed when auth.type is shared-password"
                              + " (auth.type is "
                              + config.auth().type()
                              + ")")
                      : Optional.empty()),
          new Rule(
              List.of("auth.adminUsers", "auth.blockedUsers"),
              config ->
                  overlap(
                      "auth.blockedUsers",
                      config.auth().blockedUsers(),
                      "auth.adminUsers",
                      config.auth().adminUsers())),
          new Rule(
              List.of("auth.allowedUsers", "auth.blockedUsers"),
              config ->
                  overlap(
                      "auth.blockedUsers",
                      config.auth().blockedUsers(),
                      "auth.allowedUsers",
                      config.auth().allowedUsers())),
          new Rule(
              List.of("hub.publicUrl", "hub.baseUrl"),
              config -> urlPath("hub.publicUrl", config.hub().publicUrl(), config.hub().baseUrl())),
          new Rule(
              List.of("kubernetes.hubUrl", "hub.baseUrl"),
              config ->
                  urlPath(
                      "kubernetes.hubUrl", config.kubernetes().hubUrl(), config.hub().baseUrl())),
          new Rule(
              List.of("spawner.type", "kubernetes.hubUrl"),
              config ->
                  config.spawner().type().equals(SpawnerConfig.KUBERNETES)
                          && config.kubernetes().hubUrl().isEmpty()
                      ? Optional.of(
                          "kubernetes.hubUrl: required when spawner.type is kubernetes (the"
                              + " hub's URL as users' pods reach it, such as"
                              + " http://ganymede-hub.jupyter.svc.cluster.local:8081; the Helm"
                              + " chart sets it)")
                      : Optional.empty()),
          new Rule(
              List.of("database.url", "database.username", "database.password"),
              ConfigRules::credentialsNeedPostgres),
          new Rule(
              List.of("auth.type", "auth.oidc.issuer"),
              config ->
                  requires(
                      config,
                      AuthConfig.OIDC,
                      "auth.oidc.issuer",
                      config.sso().oidc().issuer().isPresent())),
          new Rule(
              List.of("auth.type", "auth.github.clientId"),
              config ->
                  requires(
                      config,
                      AuthConfig.GITHUB,
                      "auth.github.clientId",
                      !config.sso().github().clientId().isEmpty())),
          new Rule(
              List.of("auth.type", "auth.github.clientSecret"),
              config ->
                  requires(
                      config,
                      AuthConfig.GITHUB,
                      "auth.github.clientSecret",
                      config.sso().github().clientSecret().isPresent())),
          new Rule(
              List.of("auth.type", "hub.publicUrl"),
              config ->
                  (config.auth().type().equals(AuthConfig.OIDC)
                              || config.auth().type().equals(AuthConfig.GITHUB))
                          && config.hub().publicUrl().isEmpty()
                      ? Optional.of(
                          "hub.publicUrl: required when auth.type is "
                              + config.auth().type()
                              + " (the provider sends people back to"
                              + " <hub.publicUrl><hub.baseUrl>hub/oauth_callback)")
                      : Optional.empty()),
          new Rule(
              List.of("auth.type", "auth.cloudflareAccess.teamDomain"),
              config ->
                  requires(
                      config,
                      AuthConfig.CLOUDFLARE_ACCESS,
                      "auth.cloudflareAccess.teamDomain",
                      config.sso().cloudflareAccess().teamDomain().isPresent())),
          new Rule(
              List.of("auth.type", "auth.cloudflareAccess.audience"),
              config ->
                  requires(
                      config,
                      AuthConfig.CLOUDFLARE_ACCESS,
                      "auth.cloudflareAccess.audience",
                      !config.sso().cloudflareAccess().audience().isEmpty())),
          new Rule(
              List.of("auth.type", "auth.trustedHeader.trustedProxies"),
              config ->
                  requires(
                      config,
                      AuthConfig.TRUSTED_HEADER,
                      "auth.trustedHeader.trustedProxies",
                      !config.sso().trustedHeader().trustedProxies().isEmpty())),
          new Rule(
              List.of("spawner.type", "spawner.nullTarget"),
              config -> {
                boolean isNull = config.spawner().type().equals(SpawnerConfig.NULL);
                boolean hasTarget = config.spawner().nullTarget().isPresent();
                if (isNull && !hasTarget) {
                  return Optional.of(
                      "spawner.nullTarget: required when spawner.type is null (the URL of an"
                          + " always-up server that answers for every user)");
                }
                if (!isNull && hasTarget) {
                  return Optional.of(
                      "spawner.nullTarget: only allowed when spawner.type is null (spawner.type is "
                          + config.spawner().type()
                          + ")");
                }
                return Optional.empty();
              }),
          new Rule(
              List.of("kubernetes.namespacePerUser", "kubernetes.storageType"),
              config ->
                  config.kubernetes().namespacePerUser()
                          && config.kubernetes().storageType().equals(KubernetesConfig.STATIC)
                      ? Optional.of(
                          "kubernetes.storageType: static cannot be used with"
                              + " kubernetes.namespacePerUser"
                              + ONE_NAMESPACE
                              + "; use dynamic (a claim in each user's namespace) or none")
                      : Optional.empty()),
          new Rule(
              List.of("kubernetes.namespacePerUser", "kubernetes.dataClaim"),
              config ->
                  claimInUserNamespaces(config, "dataClaim", config.kubernetes().dataClaim())),
          new Rule(
              List.of("kubernetes.namespacePerUser", "kubernetes.sharedClaim"),
              config ->
                  claimInUserNamespaces(config, "sharedClaim", config.kubernetes().sharedClaim())),
          new Rule(
              List.of("kubernetes.namespacePerUser", "kubernetes.profiles"),
              ConfigRules::profileClaimsInUserNamespaces),
          new Rule(
              List.of("proxy.mode", "proxy.authToken"),
              config ->
                  config.proxy().external() && config.proxy().authToken().isEmpty()
                      ? Optional.of(
                          "proxy.authToken: required when proxy.mode is external (at least 16"
                              + " characters; better given as the environment variable"
                              + " GANYMEDE_PROXY_AUTH_TOKEN)")
                      : Optional.empty()),
          new Rule(
              List.of("proxy.apiClientCert", "proxy.apiClientKey"),
              config ->
                  config.proxy().apiClientCert().isPresent()
                          != config.proxy().apiClientKey().isPresent()
                      ? Optional.of(
                          config.proxy().apiClientCert().isPresent()
                              ? "proxy.apiClientKey: required with proxy.apiClientCert (the PEM"
                                  + " private key of that certificate)"
                              : "proxy.apiClientCert: required with proxy.apiClientKey (the PEM"
                                  + " certificate chain of that key)")
                      : Optional.empty()),
          new Rule(
              List.of("proxy.apiUrl", "proxy.apiCa", "proxy.apiClientCert", "proxy.apiClientKey"),
              ConfigRules::apiTlsNeedsHttps),
          new Rule(
              List.of("proxy.apiCa"), config -> readable("proxy.apiCa", config.proxy().apiCa())),
          new Rule(
              List.of("proxy.apiClientCert"),
              config -> readable("proxy.apiClientCert", config.proxy().apiClientCert())),
          new Rule(
              List.of("proxy.apiClientKey"),
              config -> readable("proxy.apiClientKey", config.proxy().apiClientKey())));

  private ConfigRules() {}

  /** TLS settings for the route API are only used with an {@code https} API URL. */
  private static Optional<String> apiTlsNeedsHttps(GanymedeConfig config) {
    ProxyConfig proxy = config.proxy();
    if ("https".equalsIgnoreCase(proxy.apiUrl().getScheme())) {
      return Optional.empty();
    }
    return Stream.of(
            proxy.apiCa().map(p -> "proxy.apiCa"),
            proxy.apiClientCert().map(p -> "proxy.apiClientCert"),
            proxy.apiClientKey().map(p -> "proxy.apiClientKey"))
        .flatMap(Optional::stream)
        .findFirst()
        .map(
            key ->
                key
                    + ": only used with an https proxy.apiUrl (proxy.apiUrl is "
                    + proxy.apiUrl()
                    + ")");
  }

  /** A file the hub reads at start must be there and readable. */
  private static Optional<String> readable(String key, Optional<Path> file) {
    return file.filter(f -> !Files.isReadable(f)).map(f -> key + ": no readable file at " + f);
  }

  /** The problems of {@code config}, skipping rules that involve one of {@code failedKeys}. */
  static List<String> check(GanymedeConfig config, Set<String> failedKeys) {
    List<String> problems = new ArrayList<>();
    for (Rule rule : RULES) {
      if (rule.keys().stream().noneMatch(failedKeys::contains)) {
        rule.check().apply(config).ifPresent(problems::add);
      }
    }
    return problems;
  }

  private static Optional<String> claimInUserNamespaces(
      GanymedeConfig config, String key, Optional<String> claim) {
    if (!config.kubernetes().namespacePerUser() || claim.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "kubernetes."
            + key
            + ": cannot be used with kubernetes.namespacePerUser"
            + ONE_NAMESPACE
            + "; mount shared data through kubernetes.volumes (NFS, CSI) instead");
  }

  /** A profile must not bring back what the rules above refuse for the section. */
  private static Optional<String> profileClaimsInUserNamespaces(GanymedeConfig config) {
    if (!config.kubernetes().namespacePerUser()) {
      return Optional.empty();
    }
    for (ProfileConfig profile : config.kubernetes().profiles()) {
      List<Map<String, Object>> layers = new ArrayList<>();
      layers.add(profile.overrides());
      for (ProfileConfig.ProfileOption option : profile.options()) {
        option.choices().forEach(c -> layers.add(c.overrides()));
        option.other().ifPresent(o -> layers.add(o.overrides()));
      }
      for (Map<String, Object> layer : layers) {
        Optional<String> key =
            KubernetesConfig.STATIC.equals(layer.get("storageType"))
                ? Optional.of("storageType: static")
                : Stream.of("dataClaim", "sharedClaim")
                    .filter(k -> layer.get(k) != null)
                    .findFirst();
        if (key.isPresent()) {
          return Optional.of(
              "kubernetes.profiles: profile "
                  + BadValue.quoted(profile.slug())
                  + " sets "
                  + key.get()
                  + ", which cannot be used with kubernetes.namespacePerUser"
                  + ONE_NAMESPACE);
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> requires(
      GanymedeConfig config, String type, String key, boolean given) {
    if (!config.auth().type().equals(type) || given) {
      return Optional.empty();
    }
    return Optional.of(key + ": required when auth.type is " + type);
  }

  private static Optional<String> overlap(
      String key, Set<String> names, String otherKey, Set<String> otherNames) {
    Set<String> both = new TreeSet<>(names);
    both.retainAll(otherNames);
    if (both.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        key
            + ": "
            + String.join(", ", both)
            + (both.size() == 1 ? " is" : " are")
            + " also in "
            + otherKey
            + "; a name cannot be in both");
  }

  /** A URL of the hub whose path, if any, is hub.baseUrl's: the hub adds the base URL itself. */
  private static Optional<String> urlPath(String key, Optional<URI> url, String baseUrl) {
    if (url.isEmpty()) {
      return Optional.empty();
    }
    String path = Optional.ofNullable(url.get().getRawPath()).orElse("");
    if (path.isEmpty() || path.equals("/") || path.equals(baseUrl)) {
      return Optional.empty();
    }
    return Optional.of(
        key
            + ": its path must be empty, / or hub.baseUrl ("
            + baseUrl
            + "), got "
            + BadValue.quoted(path));
  }

  private static Optional<String> credentialsNeedPostgres(GanymedeConfig config) {
    DatabaseConfig database = config.database();
    boolean postgres = database.url().filter(u -> u.startsWith("jdbc:postgresql:")).isPresent();
    if (postgres) {
      return Optional.empty();
    }
    String why = " (database.url is SQLite, which has no users)";
    if (database.username().isPresent()) {
      return Optional.of("database.username: only used with a jdbc:postgresql: database.url" + why);
    }
    if (database.password().isPresent()) {
      return Optional.of("database.password: only used with a jdbc:postgresql: database.url" + why);
    }
    return Optional.empty();
  }
}
