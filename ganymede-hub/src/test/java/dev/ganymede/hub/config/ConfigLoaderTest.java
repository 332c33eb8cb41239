package dev.ganymede.hub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ganymede.proxy.TargetTls;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  private Path yaml(String text) throws IOException {
    return Files.writeString(dir.resolve("ganymede.yaml"), text);
  }

  private GanymedeConfig load(String text) throws IOException {
    return ConfigLoader.load(Optional.of(yaml(text)), Map.of(), Map.of());
  }

  private List<String> problems(String text) throws IOException {
    return ConfigLoader.check(Optional.of(yaml(text)), Map.of(), Map.of()).problems();
  }

  private static List<String> problems(Map<String, String> env, Map<String, String> overrides) {
    return ConfigLoader.check(Optional.empty(), env, overrides).problems();
  }

  @Test
  void givesTheRecordDefaultsWhenNothingIsConfigured() {
    assertThat(ConfigLoader.load(Optional.empty(), Map.of(), Map.of()))
        .isEqualTo(GanymedeConfig.defaults());
  }

  @Test
  void givesTheDefaultsForAnEmptyFileAndEmptySections() throws IOException {
    assertThat(load("")).isEqualTo(GanymedeConfig.defaults());
    assertThat(load("hub:\nauth:\n")).isEqualTo(GanymedeConfig.defaults());
  }

  @Test
  void readsEveryKeyOfEverySectionFromTheFile() throws IOException {
    GanymedeConfig config =
        load(
            """
            hub:
              ip: 0.0.0.0
              port: 9000
              baseUrl: /jupyter/
              publicUrl: https://hub.example.org/jupyter/
              dataDir: /var/lib/ganymede
            database:
              url: jdbc:postgresql://db.example.org/ganymede
              username: ganymede
              password: s3cret
              maxPoolSize: 20
            auth:
              type: shared-password
              adminUsers: [Alice]
              allowedUsers: [bob, carol]
              blockedUsers: [mallory]
              allowSignup: true
              sharedPassword: workshop-2026
              sessionMaxAge: 8h
              throttleMaxFailures: 3
              throttleWindow: PT10M
            spawner:
              type: local
              command: [/opt/jupyter/bin/jupyter, lab]
              pythonEnv: /opt/jupyter
              managedEnv: false
              startTimeout: 2m
              stopGracePeriod: 500ms
              environment:
                TZ: Europe/Berlin
                OMP_NUM_THREADS: 2
            proxy:
              mode: in-process
            """);

    assertThat(config.hub())
        .isEqualTo(
            new HubConfig(
                "0.0.0.0",
                9000,
                "/jupyter/",
                Optional.of(URI.create("https://hub.example.org/jupyter/")),
                Path.of("/var/lib/ganymede"),
                false,
                0));
    assertThat(config.database())
        .isEqualTo(
            new DatabaseConfig(
                Optional.of("jdbc:postgresql://db.example.org/ganymede"),
                Optional.of("ganymede"),
                Optional.of("s3cret"),
                20));
    assertThat(config.auth())
        .isEqualTo(
            new AuthConfig(
                "shared-password",
                Set.of("alice"),
                Set.of("bob", "carol"),
                Set.of("mallory"),
                true,
                Optional.of("workshop-2026"),
                Duration.ofHours(8),
                3,
                Duration.ofMinutes(10),
                50));
    assertThat(config.spawner())
        .isEqualTo(
            new SpawnerConfig(
                "local",
                List.of("/opt/jupyter/bin/jupyter", "lab"),
                Optional.of(Path.of("/opt/jupyter")),
                false,
                Duration.ofMinutes(2),
                Duration.ofMillis(500),
                Map.of("TZ", "Europe/Berlin", "OMP_NUM_THREADS", "2")));
    assertThat(config.proxy()).isEqualTo(ProxyConfig.defaults());
  }

  @Test
  void environmentVariablesOverrideTheFileAndTheCommandLineOverridesBoth() throws IOException {
    Path file = yaml("hub:\n  port: 8100\n  ip: 10.0.0.1\n  baseUrl: /a/\n");
    Map<String, String> env = Map.of("GANYMEDE_HUB_PORT", "8200", "GANYMEDE_HUB_BASE_URL", "/b/");
    Map<String, String> overrides = Map.of("hub.port", "8300");

    HubConfig hub = ConfigLoader.load(Optional.of(file), env, overrides).hub();

    assertThat(hub.port()).isEqualTo(8300);
    assertThat(hub.baseUrl()).isEqualTo("/b/");
    assertThat(hub.ip()).isEqualTo("10.0.0.1");
  }

  @Test
  void readsListsAsCommaSeparatedAndMapsAsKeyValuePairsFromTheEnvironment() {
    Map<String, String> env =
        Map.of(
            "GANYMEDE_AUTH_ALLOWED_USERS", "Bob, carol",
            "GANYMEDE_SPAWNER_COMMAND", "jupyter,lab",
            "GANYMEDE_SPAWNER_ENVIRONMENT", "TZ=UTC,GREETING=a=b",
            "GANYMEDE_DATABASE_MAX_POOL_SIZE", "3",
            "GANYMEDE_SPAWNER_START_TIMEOUT", "45s");

    GanymedeConfig config = ConfigLoader.load(Optional.empty(), env, Map.of());

    assertThat(config.auth().allowedUsers()).containsExactlyInAnyOrder("bob", "carol");
    assertThat(config.spawner().command()).containsExactly("jupyter", "lab");
    assertThat(config.spawner().environment())
        .containsExactlyInAnyOrderEntriesOf(Map.of("TZ", "UTC", "GREETING", "a=b"));
    assertThat(config.database().maxPoolSize()).isEqualTo(3);
    assertThat(config.spawner().startTimeout()).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void emptyTextFromTheEnvironmentClearsOptionalValuesAndLists() throws IOException {
    Path file = yaml("hub:\n  publicUrl: https://hub.example.org/\nauth:\n  allowedUsers: [bob]\n");
    Map<String, String> env =
        Map.of("GANYMEDE_HUB_PUBLIC_URL", "", "GANYMEDE_AUTH_ALLOWED_USERS", "");

    GanymedeConfig config = ConfigLoader.load(Optional.of(file), env, Map.of());

    assertThat(config.hub().publicUrl()).isEmpty();
    assertThat(config.auth().allowedUsers()).isEmpty();
  }

  @Test
  void namesTheFullKeyAndTheAllowedRangeForAnInvalidPort() throws IOException {
    assertThat(problems("hub:\n  port: 80a\n"))
        .containsExactly("hub.port: must be an integer from 0 to 65535, got \"80a\"");
    assertThat(problems("hub:\n  port: 65536\n"))
        .containsExactly("hub.port: must be an integer from 0 to 65535, got 65536");
    assertThat(problems("hub:\n  port: 80.5\n"))
        .containsExactly("hub.port: must be an integer from 0 to 65535, got 80.5");
  }

  @Test
  void readsTheSpawnLimitsAndNamesTheKeyOfABadOne() throws IOException {
    GanymedeConfig config =
        load(
            "spawner:\n  concurrentSpawns: 4\n  pendingSpawnLimit: 100\n"
                + "  activeServerLimit: 300\n");

    assertThat(config.spawner()).isEqualTo(SpawnerConfig.defaults().withSpawnLimits(4, 100, 300));
    assertThat(GanymedeConfig.defaults().spawner().concurrentSpawns()).isEqualTo(10);
    assertThat(GanymedeConfig.defaults().spawner().pendingSpawnLimit()).isZero();
    assertThat(GanymedeConfig.defaults().spawner().activeServerLimit()).isZero();
    assertThat(problems(Map.of(), Map.of("spawner.concurrentSpawns", "0")))
        .containsExactly(
            "spawner.concurrentSpawns: must be an integer from 1 to 1000, got \"0\""
                + " (from the command line)");
    assertThat(problems(Map.of("GANYMEDE_SPAWNER_PENDING_SPAWN_LIMIT", "-1"), Map.of()))
        .containsExactly(
            "spawner.pendingSpawnLimit: must be an integer from 0 to 1000000, got \"-1\""
                + " (from environment variable GANYMEDE_SPAWNER_PENDING_SPAWN_LIMIT)");
    assertThat(problems("spawner:\n  activeServerLimit: many\n"))
        .containsExactly(
            "spawner.activeServerLimit: must be an integer from 0 to 1000000, got \"many\"");
  }

  @Test
  void saysWhichEnvironmentVariableOrFlagGaveABadValue() {
    assertThat(problems(Map.of("GANYMEDE_HUB_PORT", "80a"), Map.of()))
        .containsExactly(
            "hub.port: must be an integer from 0 to 65535, got \"80a\""
                + " (from environment variable GANYMEDE_HUB_PORT)");
    assertThat(problems(Map.of(), Map.of("hub.port", "-1")))
        .containsExactly(
            "hub.port: must be an integer from 0 to 65535, got \"-1\" (from the command line)");
  }

  @Test
  void rejectsAnUnknownKeyListingTheKnownKeysOfItsSection() throws IOException {
    assertThat(problems("auth:\n  typo: 1\n"))
        .containsExactly(
            "auth.typo: unknown key; known keys in auth: type, adminUsers, allowedUsers,"
                + " blockedUsers, allowSignup, sharedPassword, sessionMaxAge,"
                + " throttleMaxFailures, throttleWindow, throttleMaxFailuresPerAddress");
  }

  @Test
  void rejectsAnUnknownSection() throws IOException {
    assertThat(problems("hubb:\n  port: 1\n"))
        .containsExactly(
            "hubb: unknown section; known sections: hub, database, auth, spawner, proxy, kubernetes, culler, metrics, api");
  }

  @Test
  void rejectsNestedKeysUnderAScalarKeyAndScalarsWhereASectionBelongs() throws IOException {
    assertThat(problems("hub:\n  port:\n    number: 80\n"))
        .containsExactly("hub.port: must be an integer from 0 to 65535, got a mapping");
    assertThat(problems("auth:\n  adminUsers:\n    - name: alice\n"))
        .containsExactly(
            "auth.adminUsers: must be a list of user names (non-empty, no / and no whitespace),"
                + " got a mapping in the list");
    assertThat(problems("hub: 8000\n"))
        .singleElement()
        .asString()
        .startsWith("hub: must be a mapping of keys (known keys in hub: ip, port,")
        .endsWith("got 8000");
  }

  @Test
  void reportsEveryProblemOfAFileTogetherOnePerLine() throws IOException {
    String text =
        """
        hub:
          port: 80a
          baseUrl: jupyter
        database:
          maxPoolSize: 0
        auth:
          typo: x
        spawner:
          type: docker
        """;

    ConfigException e =
        (ConfigException)
            catchThrowable(() -> ConfigLoader.load(Optional.of(yaml(text)), Map.of(), Map.of()));

    assertThat(e.problems()).hasSize(5);
    assertThat(e.getMessage().lines().toList()).isEqualTo(e.problems());
    assertThat(e.problems())
        .anySatisfy(p -> assertThat(p).startsWith("hub.port: "))
        .anySatisfy(
            p ->
                assertThat(p)
                    .isEqualTo(
                        "hub.baseUrl: must be a URL path that starts and ends with / (such as /"
                            + " or /jupyter/), without spaces, got \"jupyter\""))
        .anySatisfy(
            p ->
                assertThat(p)
                    .isEqualTo("database.maxPoolSize: must be an integer from 1 to 200, got 0"))
        .anySatisfy(p -> assertThat(p).startsWith("auth.typo: unknown key"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .isEqualTo(
                        "spawner.type: must be one of \"local\", \"kubernetes\", \"null\","
                            + " got \"docker\""));
  }

  @Test
  void reportsABadFileValueEvenWhenTheEnvironmentOverridesIt() throws IOException {
    Path file = yaml("hub:\n  port: 80a\n");

    ConfigCheck check =
        ConfigLoader.check(Optional.of(file), Map.of("GANYMEDE_HUB_PORT", "80"), Map.of());

    assertThat(check.problems()).singleElement().asString().startsWith("hub.port: ");
  }

  @Test
  void acceptsThePoolSizeLimitsAndRejectsBeyondThem() {
    assertThat(problems(Map.of(), Map.of("database.maxPoolSize", "1"))).isEmpty();
    assertThat(problems(Map.of(), Map.of("database.maxPoolSize", "200"))).isEmpty();
    assertThat(problems(Map.of(), Map.of("database.maxPoolSize", "201")))
        .containsExactly(
            "database.maxPoolSize: must be an integer from 1 to 200, got \"201\""
                + " (from the command line)");
  }

  @Test
  void requiresASharedPasswordOfEightCharactersForSharedPasswordSignIn() {
    assertThat(problems(Map.of(), Map.of("auth.type", "shared-password")))
        .singleElement()
        .asString()
        .startsWith(
            "auth.sharedPassword: required when auth.type is shared-password (at least 8"
                + " characters");
    assertThat(
            problems(
                Map.of("GANYMEDE_AUTH_SHARED_PASSWORD", "hunter2"),
                Map.of("auth.type", "shared-password")))
        .containsExactly(
            "auth.sharedPassword: must be at least 8 characters, got a value of 7 characters"
                + " (from environment variable GANYMEDE_AUTH_SHARED_PASSWORD)");
    assertThat(
            ConfigLoader.load(
                    Optional.empty(),
                    Map.of("GANYMEDE_AUTH_SHARED_PASSWORD", "hunter22"),
                    Map.of("auth.type", "shared-password"))
                .auth()
                .sharedPassword())
        .contains("hunter22");
  }

  @Test
  void neverEchoesASecretInAProblem() throws IOException {
    List<String> found = problems("auth:\n  type: shared-password\n  sharedPassword: hunter2\n");

    assertThat(String.join("\n", found)).doesNotContain("hunter2");
  }

  @Test
  void rejectsASharedPasswordWhenSignInUsesPersonalPasswords() {
    assertThat(problems(Map.of("GANYMEDE_AUTH_SHARED_PASSWORD", "long-enough"), Map.of()))
        .containsExactly(
            "auth.sharedPassword: only allowed when auth.type is shared-password"
                + " (auth.type is password)");
  }

  @Test
  void acceptsOnlyTheKnownAuthenticationTypes() {
    assertThat(problems(Map.of(), Map.of("auth.type", "oauth")))
        .containsExactly(
            "auth.type: must be one of \"password\", \"shared-password\", \"oidc\","
                + " \"github\", \"cloudflare-access\", \"trusted-header\", got \"oauth\""
                + " (from the command line)");
  }

  @Test
  void readsSingleSignOnSubsectionsFromTheFileTheEnvironmentAndTheCommandLine(@TempDir Path dir)
      throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("ganymede.yaml"),
            """
            hub:
              publicUrl: https://hub.example.org/
            auth:
              type: oidc
              oidc:
                issuer: https://id.example.org/realms/lab
                adminGroups: [staff]
              trustedHeader:
                trustedProxies: [10.0.0.0/8, "::1"]
            """);
    GanymedeConfig config =
        ConfigLoader.load(
            Optional.of(file),
            Map.of("GANYMEDE_AUTH_OIDC_CLIENT_ID", "hub"),
            Map.of("auth.oidc.usernameClaim", "email"));
    assertThat(config.sso().oidc().issuer())
        .contains(URI.create("https://id.example.org/realms/lab"));
    assertThat(config.sso().oidc().clientId()).isEqualTo("hub");
    assertThat(config.sso().oidc().usernameClaim()).isEqualTo("email");
    assertThat(config.sso().oidc().adminGroups()).containsExactly("staff");
    assertThat(config.sso().trustedHeader().trustedProxies()).hasSize(2);
    assertThat(config.sso().trustedHeader().trustedProxies().get(0).contains("10.1.2.3")).isTrue();
  }

  @Test
  void namesTheSubsectionKeyOfABadOrMissingSingleSignOnValue() {
    assertThat(
            problems(
                Map.of(),
                Map.of(
                    "auth.type",
                    "trusted-header",
                    "auth.trustedHeader.trustedProxies",
                    "10.0.0.0/33")))
        .containsExactly(
            "auth.trustedHeader.trustedProxies: must be a list of IP addresses or CIDR blocks"
                + " (such as 10.0.0.0/8), got \"10.0.0.0/33\" in the list (from the command line)");
    assertThat(problems(Map.of(), Map.of("auth.type", "oidc")))
        .containsExactlyInAnyOrder(
            "auth.oidc.issuer: required when auth.type is oidc",
            "hub.publicUrl: required when auth.type is oidc (the provider sends people back to"
                + " <hub.publicUrl><hub.baseUrl>hub/oauth_callback)");
    assertThat(problems(Map.of(), Map.of("auth.oidc.issuer", "not a url"))).hasSize(1);
    assertThat(problems(Map.of(), Map.of("auth.oidc.colour", "x")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("auth.oidc.colour: unknown key; known keys in auth.oidc: issuer, clientId");
  }

  @Test
  void requiresTheBaseUrlToStartAndEndWithASlash() {
    assertThat(problems(Map.of(), Map.of("hub.baseUrl", "/jupyter/"))).isEmpty();
    assertThat(problems(Map.of(), Map.of("hub.baseUrl", "/jupyter"))).hasSize(1);
    assertThat(problems(Map.of(), Map.of("hub.baseUrl", "jupyter/"))).hasSize(1);
    assertThat(problems(Map.of(), Map.of("hub.baseUrl", ""))).hasSize(1);
  }

  @Test
  void requiresThePublicUrlToBeAnAbsoluteWebUrlWhosePathMatchesTheBaseUrl() {
    assertThat(problems(Map.of(), Map.of("hub.publicUrl", "https://hub.example.org"))).isEmpty();
    assertThat(problems(Map.of(), Map.of("hub.publicUrl", "http://10.0.0.1:8000/"))).isEmpty();
    assertThat(problems(Map.of(), Map.of("hub.publicUrl", "ftp://hub.example.org/")))
        .containsExactly(
            "hub.publicUrl: must be an absolute http or https URL (such as"
                + " https://hub.example.org/), got \"ftp://hub.example.org/\""
                + " (from the command line)");
    assertThat(problems(Map.of(), Map.of("hub.publicUrl", "/hub/"))).hasSize(1);
    assertThat(problems(Map.of(), Map.of("hub.publicUrl", "https://hub.example.org/other/")))
        .containsExactly(
            "hub.publicUrl: its path must be empty, / or hub.baseUrl (/), got \"/other/\"");
  }

  @Test
  void acceptsOnlySqliteFileAndPostgresqlDatabaseUrls() {
    assertThat(problems(Map.of(), Map.of("database.url", "jdbc:sqlite:/tmp/x.sqlite"))).isEmpty();
    assertThat(problems(Map.of(), Map.of("database.url", "jdbc:postgresql://db/ganymede")))
        .isEmpty();
    assertThat(problems(Map.of(), Map.of("database.url", "jdbc:mysql://db/ganymede")))
        .singleElement()
        .asString()
        .startsWith(
            "database.url: must be a JDBC URL starting with jdbc:sqlite: (a file, not :memory:)"
                + " or jdbc:postgresql:");
    assertThat(problems(Map.of(), Map.of("database.url", "jdbc:sqlite::memory:"))).hasSize(1);
  }

  @Test
  void rejectsDatabaseCredentialsThatSqliteWouldIgnore() {
    assertThat(problems(Map.of("GANYMEDE_DATABASE_PASSWORD", "pw"), Map.of()))
        .containsExactly(
            "database.password: only used with a jdbc:postgresql: database.url"
                + " (database.url is SQLite, which has no users)");
    assertThat(
            problems(
                Map.of("GANYMEDE_DATABASE_PASSWORD", "pw"),
                Map.of("database.url", "jdbc:postgresql://db/ganymede")))
        .isEmpty();
  }

  @Test
  void supportsOnlyTheLocalSpawnerAndTheInProcessProxy() {
    assertThat(problems(Map.of(), Map.of("proxy.mode", "standalone")))
        .containsExactly(
            "proxy.mode: must be one of \"in-process\", \"external\", got"
                + " \"standalone\" (from the command line)");
    assertThat(problems(Map.of(), Map.of("proxy.mode", "external")))
        .containsExactly(
            "proxy.authToken: required when proxy.mode is external (at least 16 characters;"
                + " better given as the environment variable GANYMEDE_PROXY_AUTH_TOKEN)");
    assertThat(
            problems(
                Map.of("GANYMEDE_PROXY_AUTH_TOKEN", "0123456789abcdef"),
                Map.of("proxy.mode", "external")))
        .isEmpty();
  }

  @Test
  void takesTheCaAndClientCertificateForAnHttpsRouteApiAsTheHubsTlsToIt() throws IOException {
    Path ca = Files.writeString(dir.resolve("proxy-api-ca.pem"), "ca");
    Path cert = Files.writeString(dir.resolve("hub.crt"), "cert");
    Path key = Files.writeString(dir.resolve("hub.key"), "key");
    GanymedeConfig config =
        load(
            "proxy:\n  mode: external\n  authToken: 0123456789abcdef\n"
                + "  apiUrl: https://proxy-api:8001\n"
                + ("  apiCa: " + ca + "\n  apiClientCert: " + cert + "\n  apiClientKey: " + key));

    assertThat(config.proxy().apiTls())
        .isEqualTo(TargetTls.SYSTEM_TRUST.trusting(ca).presenting(cert, key));
    assertThat(ProxyConfig.defaults().apiTls()).isEqualTo(TargetTls.SYSTEM_TRUST);
  }

  @Test
  void namesTheKeyWhenTheRouteApisTlsSettingsDoNotFit() throws IOException {
    Path cert = Files.writeString(dir.resolve("hub.crt"), "cert");
    Map<String, String> https = Map.of("proxy.apiUrl", "https://proxy-api:8001");

    assertThat(problems(Map.of(), with(https, "proxy.apiClientCert", cert.toString())))
        .containsExactly(
            "proxy.apiClientKey: required with proxy.apiClientCert (the PEM private key of that"
                + " certificate)");
    assertThat(problems(Map.of(), with(https, "proxy.apiClientKey", cert.toString())))
        .containsExactly(
            "proxy.apiClientCert: required with proxy.apiClientKey (the PEM certificate chain of"
                + " that key)");
    assertThat(problems(Map.of(), Map.of("proxy.apiCa", cert.toString())))
        .containsExactly(
            "proxy.apiCa: only used with an https proxy.apiUrl (proxy.apiUrl is"
                + " http://127.0.0.1:8001)");
    assertThat(
            problems(Map.of(), with(https, "proxy.apiCa", dir.resolve("missing.pem").toString())))
        .containsExactly("proxy.apiCa: no readable file at " + dir.resolve("missing.pem"));
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> all = new HashMap<>(base);
    all.put(key, value);
    return all;
  }

  @Test
  void theNullSpawnerTakesABareYamlNullAndNeedsItsTargetWhichOtherSpawnersRefuse()
      throws IOException {
    GanymedeConfig config = load("spawner:\n  type: null\n  nullTarget: http://127.0.0.1:9000\n");
    assertThat(config.spawner().type()).isEqualTo(SpawnerConfig.NULL);
    assertThat(config.spawner().nullTarget())
        .contains(java.net.URI.create("http://127.0.0.1:9000"));
    assertThat(problems("spawner:\n  type: \"null\"\n"))
        .containsExactly(
            "spawner.nullTarget: required when spawner.type is null (the URL of an always-up"
                + " server that answers for every user)");
    assertThat(problems(Map.of(), Map.of("spawner.nullTarget", "http://127.0.0.1:9000")))
        .containsExactly(
            "spawner.nullTarget: only allowed when spawner.type is null (spawner.type is local)");
  }

  @Test
  void readsTheCullerAndMetricsSectionsWithJupyterHubIdleCullerDefaults() throws IOException {
    CullerConfig defaults = GanymedeConfig.defaults().culler();
    assertThat(defaults.enabled()).isFalse();
    assertThat(defaults.interval()).isEqualTo(java.time.Duration.ofMinutes(5));
    assertThat(defaults.concurrency()).isEqualTo(10);
    assertThat(defaults.cullAdminUsers()).isTrue();
    GanymedeConfig config =
        load(
            "culler:\n  enabled: true\n  timeout: 1h\n  every: 10m\n  maxAge: 8h\n"
                + "  cullUsers: true\nmetrics:\n  authenticated: false\n");
    assertThat(config.culler().interval()).isEqualTo(java.time.Duration.ofMinutes(10));
    assertThat(config.culler().maxAge()).contains(java.time.Duration.ofHours(8));
    assertThat(config.culler().cullUsers()).isTrue();
    assertThat(config.metrics().authenticated()).isFalse();
    assertThat(problems("culler:\n  concurrency: 0\n"))
        .containsExactly("culler.concurrency: must be an integer from 1 to 1000, got 0");
  }

  @Test
  void lowerCasesUserNamesAndRejectsInvalidOnes() throws IOException {
    assertThat(load("auth:\n  adminUsers: [Alice, BOB]\n").auth().adminUsers())
        .containsExactlyInAnyOrder("alice", "bob");
    assertThat(problems("auth:\n  allowedUsers: [alice, a/b]\n"))
        .containsExactly(
            "auth.allowedUsers: must be a list of user names (non-empty, no / and no"
                + " whitespace), got \"a/b\" in the list");
    assertThat(problems("auth:\n  allowedUsers: ['a b']\n")).hasSize(1);
    assertThat(problems("auth:\n  allowedUsers: ['']\n")).hasSize(1);
    assertThat(problems(Map.of("GANYMEDE_AUTH_BLOCKED_USERS", "eve,,mallory"), Map.of()))
        .hasSize(1);
    assertThat(problems("auth:\n  adminUsers: alice\n"))
        .containsExactly(
            "auth.adminUsers: must be a list of user names (non-empty, no / and no whitespace)"
                + " (a YAML list), got \"alice\"");
  }

  @Test
  void rejectsANameThatIsBothBlockedAndAdminOrAllowed() {
    assertThat(
            problems(
                Map.of(), Map.of("auth.blockedUsers", "admin,eve", "auth.allowedUsers", "Eve,bob")))
        .containsExactly(
            "auth.blockedUsers: admin is also in auth.adminUsers; a name cannot be in both",
            "auth.blockedUsers: eve is also in auth.allowedUsers; a name cannot be in both");
  }

  @Test
  void readsTheNamespacePerUserKeysWithKubeSpawnersDefaultTemplate() throws IOException {
    KubernetesConfig defaults = load("").kubernetes();
    assertThat(defaults.namespacePerUser()).isFalse();
    assertThat(defaults.userNamespaceTemplate()).isEqualTo("{namespace}-{username}");

    KubernetesConfig config =
        load("""
                kubernetes:
                  namespace: jupyter
                  namespacePerUser: true
                  userNamespaceTemplate: u-{username}-of-{namespace}
                  userNamespaceLabels: {example.org/team: "{username}"}
                  userNamespaceAnnotations: {example.org/note: user namespace}
                """)
            .kubernetes();
    assertThat(config.namespacePerUser()).isTrue();
    assertThat(config.userNamespaceTemplate()).isEqualTo("u-{username}-of-{namespace}");
    assertThat(config.userNamespaceLabels()).isEqualTo(Map.of("example.org/team", "{username}"));
    assertThat(config.userNamespaceAnnotations())
        .isEqualTo(Map.of("example.org/note", "user namespace"));
  }

  @Test
  void rejectsAUserNamespaceTemplateThatCannotNameOneNamespacePerUser() {
    String allowed =
        "kubernetes.userNamespaceTemplate: must be a template of lower-case letters, digits and -"
            + " with {username} (and {namespace}), got ";
    assertThat(problems(Map.of(), Map.of("kubernetes.userNamespaceTemplate", "{namespace}-users")))
        .containsExactly(allowed + "\"{namespace}-users\" (from the command line)");
    assertThat(problems(Map.of(), Map.of("kubernetes.userNamespaceTemplate", "Hub-{username}")))
        .containsExactly(allowed + "\"Hub-{username}\" (from the command line)");
    assertThat(problems(Map.of(), Map.of("kubernetes.userNamespaceTemplate", "{user}-{username}")))
        .containsExactly(allowed + "\"{user}-{username}\" (from the command line)");
    assertThat(problems(Map.of(), Map.of("kubernetes.userNamespaceTemplate", "a.b-{username}")))
        .containsExactly(allowed + "\"a.b-{username}\" (from the command line)");
  }

  @Test
  void rejectsClaimsOfOneNamespaceWithANamespacePerUser() throws IOException {
    String why =
        " (a PersistentVolumeClaim belongs to one namespace and a pod can mount only a claim of"
            + " its own namespace)";
    assertThat(
            problems(
                Map.of(),
                Map.of(
                    "kubernetes.namespacePerUser", "true",
                    "kubernetes.storageType", "static",
                    "kubernetes.staticClaim", "home-nfs")))
        .containsExactly(
            "kubernetes.storageType: static cannot be used with kubernetes.namespacePerUser"
                + why
                + "; use dynamic (a claim in each user's namespace) or none");
    assertThat(
            problems(
                Map.of(),
                Map.of(
                    "kubernetes.namespacePerUser", "true",
                    "kubernetes.dataClaim", "datasets",
                    "kubernetes.sharedClaim", "shared")))
        .containsExactly(
            "kubernetes.dataClaim: cannot be used with kubernetes.namespacePerUser"
                + why
                + "; mount shared data through kubernetes.volumes (NFS, CSI) instead",
            "kubernetes.sharedClaim: cannot be used with kubernetes.namespacePerUser"
                + why
                + "; mount shared data through kubernetes.volumes (NFS, CSI) instead");
    assertThat(
            problems(
                """
                kubernetes:
                  namespacePerUser: true
                  profiles:
                    - displayName: Small
                    - displayName: Course
                      options:
                        data:
                          choices:
                            none: {}
                            course: {overrides: {dataClaim: course-data}}
                """))
        .containsExactly(
            "kubernetes.profiles: profile \"course\" sets dataClaim, which cannot be used with"
                + " kubernetes.namespacePerUser"
                + why);
    assertThat(
            problems(
                Map.of(),
                Map.of(
                    "kubernetes.storageType", "static",
                    "kubernetes.staticClaim", "home-nfs",
                    "kubernetes.dataClaim", "datasets")))
        .as("without a namespace per user")
        .isEmpty();
  }

  @Test
  void theKubernetesSpawnerNeedsTheHubsUrlAsPodsReachItWithAtMostTheBaseUrlAsPath() {
    assertThat(problems(Map.of(), Map.of("spawner.type", "kubernetes")))
        .containsExactly(
            "kubernetes.hubUrl: required when spawner.type is kubernetes (the hub's URL as users'"
                + " pods reach it, such as http://ganymede-hub.jupyter.svc.cluster.local:8081;"
                + " the Helm chart sets it)");
    GanymedeConfig config =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(),
            Map.of(
                "spawner.type",
                "kubernetes",
                "hub.baseUrl",
                "/jh/",
                "kubernetes.hubUrl",
                "http://hub.jupyter.svc.cluster.local:8081/jh/"));
    assertThat(config.kubernetes().hubUrl())
        .contains(URI.create("http://hub.jupyter.svc.cluster.local:8081/jh/"));
    assertThat(
            problems(
                Map.of(),
                Map.of(
                    "spawner.type", "kubernetes",
                    "kubernetes.hubUrl", "http://hub.jupyter.svc:8081/hub/api")))
        .containsExactly(
            "kubernetes.hubUrl: its path must be empty, / or hub.baseUrl (/), got \"/hub/api\"");
    assertThat(problems(Map.of(), Map.of("kubernetes.hubUrl", "hub:8081")))
        .singleElement()
        .asString()
        .startsWith("kubernetes.hubUrl: must be an absolute http or https URL");
  }

  @Test
  void podsOfTheKubernetesSpawnerAlwaysRunAsSingleUserServersSignedInThroughOAuth() {
    GanymedeConfig config =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(),
            Map.of("spawner.type", "kubernetes", "kubernetes.hubUrl", "http://hub:8081"));
    assertThat(config.spawner().mode()).isEqualTo(SpawnerConfig.LAB);
    assertThat(config.spawner().singleuser()).isTrue();
    assertThat(GanymedeConfig.defaults().spawner().singleuser()).as("local, lab").isFalse();
  }

  @Test
  void aProfileCannotMoveServersToAnotherNamespaceOrComponent() throws IOException {
    for (String key :
        List.of(
            "namespace: other",
            "namespacePerUser: true",
            "componentLabel: x",
            "hubUrl: http://elsewhere:8081")) {
      String name = key.substring(0, key.indexOf(':'));
      assertThat(
              problems(
                  "kubernetes:\n  profiles:\n    - displayName: Moved\n      overrides: {"
                      + key
                      + "}\n"))
          .singleElement()
          .asString()
          .endsWith(
              "profile \"moved\": overrides cannot set "
                  + name
                  + " (it applies to all of the hub's servers, not to one profile)");
    }
  }

  @Test
  void rejectsAnInvalidEnvironmentVariableNameForServers() throws IOException {
    assertThat(problems("spawner:\n  environment:\n    'BAD-NAME': x\n"))
        .singleElement()
        .asString()
        .startsWith("spawner.environment: must be a mapping of environment variable names")
        .endsWith("got the name \"BAD-NAME\"");
    assertThat(problems(Map.of("GANYMEDE_SPAWNER_ENVIRONMENT", "NOEQUALS"), Map.of())).hasSize(1);
  }

  @Test
  void acceptsOnlyTrueOrFalseForFlags() {
    assertThat(problems(Map.of("GANYMEDE_AUTH_ALLOW_SIGNUP", "TRUE"), Map.of())).isEmpty();
    assertThat(problems(Map.of("GANYMEDE_AUTH_ALLOW_SIGNUP", "yes"), Map.of()))
        .containsExactly(
            "auth.allowSignup: must be true or false, got \"yes\""
                + " (from environment variable GANYMEDE_AUTH_ALLOW_SIGNUP)");
  }

  @Test
  void rejectsZeroAndMalformedDurations() {
    assertThat(problems(Map.of(), Map.of("auth.sessionMaxAge", "0s")))
        .containsExactly(
            "auth.sessionMaxAge: must be a positive duration such as 500ms, 30s, 5m, 2h, 14d or"
                + " ISO-8601 PT30S, got \"0s\" (from the command line)");
    for (String bad : List.of("30", "5 m", "1w", "-5s", "PT-5S", "s", "10 s")) {
      assertThat(problems(Map.of(), Map.of("spawner.startTimeout", bad))).as(bad).hasSize(1);
    }
  }

  @Test
  void ignoresForeignVariablesButRejectsUnknownKeysOfAKnownSection() {
    assertThat(problems(Map.of("GANYMEDE_HOME", "/opt", "HOME", "/root"), Map.of())).isEmpty();
    assertThat(problems(Map.of("GANYMEDE_HUB_PROT", "80"), Map.of()))
        .containsExactly(
            "GANYMEDE_HUB_PROT: unknown environment variable for section hub; known:"
                + " GANYMEDE_HUB_IP, GANYMEDE_HUB_PORT, GANYMEDE_HUB_BASE_URL,"
                + " GANYMEDE_HUB_PUBLIC_URL, GANYMEDE_HUB_DATA_DIR,"
                + " GANYMEDE_HUB_ALLOW_NAMED_SERVERS, GANYMEDE_HUB_NAMED_SERVER_LIMIT_PER_USER");
  }

  @Test
  void rejectsOverridesThatNameNoKey() {
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("port", "1");
    overrides.put("web.port", "1");
    overrides.put("hub.prot", "1");

    assertThat(problems(Map.of(), overrides))
        .containsExactly(
            "port: not a key; use section.key, such as hub.port (from the command line)",
            "web.port: unknown section; known sections: hub, database, auth, spawner, proxy, kubernetes, culler, metrics, api"
                + " (from the command line)",
            "hub.prot: unknown key; known keys in hub: ip, port, baseUrl, publicUrl, dataDir,"
                + " allowNamedServers, namedServerLimitPerUser (from the command line)");
  }

  @Test
  void reportsAMissingFileInvalidYamlAndDuplicateKeys() throws IOException {
    assertThat(ConfigLoader.checkFile(dir.resolve("missing.yaml")).problems())
        .containsExactly(dir.resolve("missing.yaml") + ": no such file");
    assertThat(problems("hub:\n  port: [1\n"))
        .singleElement()
        .asString()
        .startsWith(dir.resolve("ganymede.yaml") + ": not valid YAML: ")
        .contains("(line ");
    assertThat(problems("hub:\n  port: 1\n  port: 2\n"))
        .singleElement()
        .asString()
        .contains("Duplicate field 'port'");
    assertThat(problems("- hub\n"))
        .singleElement()
        .asString()
        .endsWith(
            "must be a mapping of sections (known sections: hub, database, auth, spawner,"
                + " proxy, kubernetes, culler, metrics, api)");
  }

  @Test
  void checksAFileOnItsOwnReturningEitherTheConfigurationOrTheProblems() throws IOException {
    ConfigCheck good = ConfigLoader.checkFile(yaml("hub:\n  port: 9000\n"));
    assertThat(good.isValid()).isTrue();
    assertThat(good.config()).map(c -> c.hub().port()).contains(9000);

    ConfigCheck bad = ConfigLoader.checkFile(yaml("hub:\n  port: x\n  baseUrl: y\n"));
    assertThat(bad.isValid()).isFalse();
    assertThat(bad.config()).isEmpty();
    assertThat(bad.problems()).hasSize(2);
    assertThatThrownBy(bad::orElseThrow)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("hub.port: ")
        .hasMessageContaining("hub.baseUrl: ");
  }
}
