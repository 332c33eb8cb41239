package dev.ganymede.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ganymede.hub.Hub;
import dev.ganymede.hub.HubClient;
import dev.ganymede.hub.config.ApiConfig;
import dev.ganymede.hub.config.ConfigLoader;
import dev.ganymede.hub.config.GanymedeConfig;
import dev.ganymede.hub.config.HubConfig;
import dev.ganymede.hub.config.ServiceSpec;
import dev.ganymede.hub.store.ServerState;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole hub with {@code spawner.type: kubernetes} against fabric8's CRUD mock API server, with
 * the image-choice example's profile: a bad profile, choice or free value from the spawn form or
 * the REST API is refused with a 400 that names the problem, no pod is created and the server stays
 * stopped; a good choice creates the pod with the chosen image, and the pod carries JupyterHub's
 * environment: the hub's in-cluster URL ({@code kubernetes.hubUrl}), its prefix and a token the
 * hub's API accepts, with an OAuth client registered for it. The hub's Kubernetes client finds the
 * mock server through fabric8's system properties, as it would find a cluster.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesHubIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String NAMESPACE = "hub-options";
  private static final String TOKEN = "ops-token-0123456789abcdef";
  private static final String HUB_URL =
      "http://ganymede-hub." + NAMESPACE + ".svc.cluster.local:8081";
  private static final Map<String, String> CLIENT_PROPERTIES =
      Map.of(
          "kubernetes.auth.tryKubeConfig", "false",
          "kubernetes.auth.tryServiceAccount", "false",
          "kubernetes.trust.certificates", "true");

  static KubernetesClient client;
  static KubernetesMockServer server;
  @TempDir static Path dataDir;
  static Hub hub;
  static String profile;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startHubOnTheMockCluster() {
    Map<String, String> properties = new HashMap<>(CLIENT_PROPERTIES);
    properties.put("kubernetes.master", client.getConfiguration().getMasterUrl());
    properties.forEach(System::setProperty);
    GanymedeConfig example =
        ConfigLoader.checkFile(Path.of("..", "docs", "examples", "image-choice.yaml"))
            .orElseThrow();
    GanymedeConfig config =
        example
            .withHub(HubConfig.defaults().withPort(0).withDataDir(dataDir))
            .withKubernetes(
                example
                    .kubernetes()
                    .withOverrides(Map.of("namespace", NAMESPACE, "hubUrl", HUB_URL)))
            .withApi(
                new ApiConfig(
                    List.of(
                        new ServiceSpec(
                            "ops",
                            Optional.of(TOKEN),
                            List.of("admin:users", "admin:servers"),
                            Optional.empty())),
                    List.of()));
    profile = config.kubernetes().profiles().get(0).slug();
    hub = Hub.start(config, line -> {});
    hub.accounts().addUser("eve", false, Optional.of("eve-password-1"), "test");
  }

  @AfterAll
  static void stopHub() {
    if (hub != null) {
      hub.close();
    }
    CLIENT_PROPERTIES.keySet().forEach(System::clearProperty);
    System.clearProperty("kubernetes.master");
  }

  @AfterEach
  void eveHasNoServer() {
    hub.servers().stop("eve", "");
    await().atMost(WAIT).until(() -> !hub.servers().view("eve", "").state().mayBeRunning());
    await().atMost(WAIT).until(() -> pods().isEmpty());
  }

  private static List<Pod> pods() {
    return client.pods().inNamespace(NAMESPACE).list().getItems();
  }

  private static HttpResponse<String> startThroughTheApi(String json) {
    HttpRequest request =
        HttpRequest.newBuilder(hub.url().resolve("/hub/api/users/eve/server"))
            .header("Authorization", "token " + TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .timeout(WAIT)
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static HubClient signedInEve() {
    HubClient eve = new HubClient(hub.url());
    assertThat(eve.login("eve", "eve-password-1").statusCode()).isEqualTo(302);
    return eve;
  }

  private void assertNothingStarted() {
    assertThat(pods()).isEmpty();
    assertThat(hub.servers().view("eve", "").state()).isEqualTo(ServerState.STOPPED);
    assertThat(hub.servers().view("eve", "").failure()).isEmpty();
  }

  @Test
  void theSpawnFormRefusesAnUnknownProfileChoiceOrBadFreeValueWithA400PageAndNoPod() {
    HubClient eve = signedInEve();
    HttpResponse<String> form = eve.get("/hub/spawn");
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body()).contains("name=\"profile\" value=\"" + profile + "\"");
    String xsrf = eve.xsrfFrom(form.body());
    String image = "option." + profile + ".image";
    Map<Map<String, String>, String> refusals =
        Map.of(
            Map.of("_xsrf", xsrf, "profile", "gpu"),
            "Unknown profile gpu; choose one of [" + profile + "]",
            Map.of("_xsrf", xsrf, "profile", profile, image, "julia"),
            "Image: unknown choice julia; choose one of [scipy, r, other]",
            Map.of("_xsrf", xsrf, "profile", profile, image, "other", image + ".other", "no tag"),
            "Image: an image such as registry.example.org/team/image:tag");

    refusals.forEach(
        (fields, message) -> {
          HttpResponse<String> refused = eve.postForm("/hub/spawn", fields);

          assertThat(refused.statusCode()).as("%s: %s", fields, refused.body()).isEqualTo(400);
          assertThat(refused.headers().firstValue("Content-Type"))
              .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
          assertThat(refused.body()).contains(message);
          assertNothingStarted();
        });
  }

  @Test
  void theApiRefusesBadUserOptionsWithA400JsonMessageAndNoPod() {
    Map<String, String> refusals =
        Map.of(
            "{\"profile\": \"gpu\"}",
            "Unknown profile gpu; choose one of [" + profile + "]",
            "{\"profile\": \"" + profile + "\", \"image\": \"julia\"}",
            "Image: unknown choice julia; choose one of [scipy, r, other]",
            "{\"image\": \"other\", \"image.other\": \"no tag\"}",
            "Image: an image such as registry.example.org/team/image:tag",
            "{\"cpu\": \"64\"}",
            "Unknown option cpu for profile " + profile + "; known: [profile, image, image.other]");

    refusals.forEach(
        (body, message) -> {
          HttpResponse<String> refused = startThroughTheApi(body);

          assertThat(refused.statusCode()).as("%s: %s", body, refused.body()).isEqualTo(400);
          assertThat(new JsonObject(refused.body()).getMap())
              .isEqualTo(Map.of("status", 400, "message", message));
          assertNothingStarted();
        });
  }

  @Test
  void aGoodChoiceFromTheSpawnFormCreatesThePodWithTheChosenImage() {
    HubClient eve = signedInEve();
    String xsrf = eve.xsrfFrom(eve.get("/hub/spawn").body());

    HttpResponse<String> started =
        eve.postForm(
            "/hub/spawn",
            Map.of("_xsrf", xsrf, "profile", profile, "option." + profile + ".image", "r"));

    assertThat(started.statusCode()).as(started.body()).isEqualTo(302);
    assertThat(started.headers().firstValue("Location")).contains("/hub/spawn-pending/eve");
    await().atMost(WAIT).until(() -> pods().size() == 1);
    assertThat(pods().get(0).getSpec().getContainers().get(0).getImage())
        .isEqualTo("quay.io/jupyter/r-notebook:2025-06-02");
    assertThat(hub.servers().view("eve", "").state()).isEqualTo(ServerState.STARTING);
  }

  @Test
  void aSpawnedPodCarriesJupyterHubsEnvironmentWithTheHubsUrlAndATokenTheHubAccepts() {
    HttpResponse<String> started = startThroughTheApi("{}");
    assertThat(started.statusCode()).as(started.body()).isIn(201, 202);
    await().atMost(WAIT).until(() -> pods().size() == 1);
    Map<String, String> env = new HashMap<>();
    for (EnvVar variable : pods().get(0).getSpec().getContainers().get(0).getEnv()) {
      env.put(variable.getName(), variable.getValue());
    }

    assertThat(env)
        .containsEntry("JUPYTERHUB_API_URL", HUB_URL + "/hub/api")
        .containsEntry("JUPYTERHUB_ACTIVITY_URL", HUB_URL + "/hub/api/users/eve/activity")
        .containsEntry("JUPYTERHUB_BASE_URL", "/")
        .containsEntry("JUPYTERHUB_SERVICE_PREFIX", "/user/eve/")
        .containsEntry("JUPYTERHUB_SERVICE_URL", "http://0.0.0.0:8888/user/eve/")
        .containsEntry("JUPYTERHUB_CLIENT_ID", "jupyterhub-user-eve")
        .containsEntry("JUPYTERHUB_OAUTH_CALLBACK_URL", "/user/eve/oauth_callback")
        .containsEntry("JUPYTERHUB_USER", "eve")
        .containsEntry("JUPYTERHUB_SERVER_NAME", "");
    String token = env.get("JUPYTERHUB_API_TOKEN");
    assertThat(token).isNotBlank().isEqualTo(env.get("JPY_API_TOKEN"));

    HttpResponse<String> me =
        new HubClient(hub.url()).get("/hub/api/user", "Authorization", "token " + token);
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    JsonObject identity = new JsonObject(me.body());
    assertThat(identity.getString("kind")).isEqualTo("user");
    assertThat(identity.getString("name")).isEqualTo("eve");
    assertThat(identity.getJsonArray("scopes").getList())
        .contains("access:servers!server=eve/", "users:activity!user=eve");

    HttpResponse<String> authorize =
        signedInEve()
            .get(
                "/hub/api/oauth2/authorize?client_id=jupyterhub-user-eve&redirect_uri="
                    + "%2Fuser%2Feve%2Foauth_callback&response_type=code&state=s1");
    assertThat(authorize.statusCode()).as(authorize.body()).isEqualTo(302);
    assertThat(authorize.headers().firstValue("Location"))
        .hasValueSatisfying(
            location ->
                assertThat(location)
                    .startsWith("/user/eve/oauth_callback?code=")
                    .endsWith("&state=s1"));
  }
}
