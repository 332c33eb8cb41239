package dev.ganymede.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.ganymede.hub.config.ConfigLoader;
import dev.ganymede.hub.config.DatabaseConfig;
import dev.ganymede.hub.config.GanymedeConfig;
import dev.ganymede.hub.config.KubernetesConfig;
import dev.ganymede.hub.config.SpawnerConfig;
import dev.ganymede.hub.server.ServerManager;
import dev.ganymede.hub.server.ServerTokens;
import dev.ganymede.hub.spawner.InvalidOptionsException;
import dev.ganymede.hub.spawner.RunningServer;
import dev.ganymede.hub.spawner.ServerStatus;
import dev.ganymede.hub.spawner.SpawnContext;
import dev.ganymede.hub.spawner.SpawnException;
import dev.ganymede.hub.spawner.SpawnRequest;
import dev.ganymede.hub.spawner.SpawnerState;
import dev.ganymede.hub.store.Database;
import dev.ganymede.proxy.InMemoryRouteTable;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pod lifecycle against fabric8's CRUD mock API server. Starts run on the common fork-join pool
 * on purpose: the fabric8 client completes its responses there, and a spawner that held a worker of
 * that pool (a sleep while waiting) once stalled every request on a small machine.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesSpawnerTest {

  static final URI HUB_URL = URI.create("http://hub.spawn.svc.cluster.local:8081/");

  static KubernetesClient client;
  static KubernetesMockServer server;
  static HttpServer jupyter;

  @BeforeAll
  static void startFakeJupyter() throws Exception {
    jupyter = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    jupyter.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    jupyter.start();
  }

  @AfterAll
  static void stopFakeJupyter() {
    jupyter.stop(0);
  }

  static URI jupyterAddress(Pod pod) {
    return URI.create("http://127.0.0.1:" + jupyter.getAddress().getPort());
  }

  static KubernetesSpawner spawner(String namespace, Duration timeout) {
    KubernetesConfig config =
        KubernetesConfig.defaults().withOverrides(Map.of("namespace", namespace));
    return new KubernetesSpawner(
        config, timeout, client, user -> Set.of(), KubernetesSpawnerTest::jupyterAddress, HUB_URL);
  }

  static SpawnRequest request(String user) {
    return new SpawnRequest(user, "", "/user/" + user + "/", "token", Map.of(), Map.of());
  }

  static final class RecordingContext implements SpawnContext {
    final List<String> messages = new CopyOnWriteArrayList<>();
    final List<SpawnerState> checkpoints = new CopyOnWriteArrayList<>();

    @Override
    public void progress(int percent, String message) {
      messages.add(message);
    }

    @Override
    public void checkpoint(SpawnerState state) {
      checkpoints.add(state);
    }
  }

  static void event(String namespace, String pod, String reason, String message) {
    client
        .v1()
        .events()
        .inNamespace(namespace)
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withGenerateName(pod + "-")
                .withNamespace(namespace)
                .endMetadata()
                .withNewInvolvedObject()
                .withKind("Pod")
                .withName(pod)
                .withNamespace(namespace)
                .endInvolvedObject()
                .withReason(reason)
                .withMessage(message)
                .build())
        .create();
  }

  /** Waits for the pod; a start that failed first fails the test with its own exception. */
  static void awaitPod(CompletableFuture<RunningServer> started, String namespace, String name) {
    await()
        .until(
            () ->
                started.isDone()
                    || client.pods().inNamespace(namespace).withName(name).get() != null);
    if (started.isCompletedExceptionally()) {
      started.join();
    }
  }

  /** Every request the mock server recorded since the last drain. */
  static List<RecordedRequest> drainRequests() throws InterruptedException {
    List<RecordedRequest> requests = new ArrayList<>();
    for (RecordedRequest r = server.takeRequest(0, TimeUnit.SECONDS);
        r != null;
        r = server.takeRequest(0, TimeUnit.SECONDS)) {
      requests.add(r);
    }
    return requests;
  }

  static void markRunning(String namespace, String name) {
    Pod pod = client.pods().inNamespace(namespace).withName(name).get();
    pod.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder()
            .withPhase("Running")
            .withPodIP("10.1.2.3")
            .build());
    client.pods().inNamespace(namespace).resource(pod).updateStatus();
  }

  @Test
  void spawnsAPodStreamsItsEventsAndIsReadyWhenRunningAndAnswering() throws Exception {
    try (KubernetesSpawner spawner = spawner("spawn", Duration.ofSeconds(30))) {
      RecordingContext context = new RecordingContext();
      CompletableFuture<RunningServer> started =
          CompletableFuture.supplyAsync(() -> spawner.start(request("alice"), context));
      awaitPod(started, "spawn", "jupyter-alice");
      event("spawn", "jupyter-alice", "Pulling", "Pulling image quay.io/jupyterhub/singleuser");
      await()
          .until(
              () ->
                  context.messages.contains(
                      "Pulling: Pulling image quay.io/jupyterhub/singleuser"));
      event("spawn", "jupyter-somebody-else", "Pulling", "not alice's");
      markRunning("spawn", "jupyter-alice");

      RunningServer running = started.join();
      assertThat(running.url()).isEqualTo(jupyterAddress(null));
      assertThat(running.state().values())
          .containsEntry("pod", "jupyter-alice")
          .containsEntry("namespace", "spawn")
          .containsEntry("pvc", "claim-alice");
      assertThat(context.checkpoints).isNotEmpty();
      assertThat(context.messages).noneMatch(m -> m.contains("not alice's"));
      assertThat(client.persistentVolumeClaims().inNamespace("spawn").withName("claim-alice").get())
          .isNotNull();
      assertThat(spawner.poll(running.state())).isEqualTo(ServerStatus.RUNNING);

      drainRequests();
      spawner.stop(running.state(), Duration.ofSeconds(7));
      assertThat(drainRequests())
          .filteredOn(r -> r.getMethod().equals("DELETE"))
          .filteredOn(r -> r.getPath().equals("/api/v1/namespaces/spawn/pods/jupyter-alice"))
          .singleElement()
          .extracting(r -> r.getBody().readUtf8())
          .asString()
          .contains("\"gracePeriodSeconds\":7");
      await()
          .until(() -> client.pods().inNamespace("spawn").withName("jupyter-alice").get() == null);
      await().until(() -> spawner.poll(running.state()) == ServerStatus.STOPPED);
      assertThat(client.persistentVolumeClaims().inNamespace("spawn").withName("claim-alice").get())
          .as("the home claim is kept")
          .isNotNull();
    }
  }

  @Test
  void aLeftoverNetworkPolicyIsReplacedWithoutUpdateOrPatchWhichTheChartsRoleDoesNotGrant()
      throws Exception {
    String path = "/apis/networking.k8s.io/v1/namespaces/leftover/networkpolicies/jupyter-lena";
    Status forbidden =
        new StatusBuilder()
            .withCode(403)
            .withReason("Forbidden")
            .withMessage("networkpolicies \"jupyter-lena\" is forbidden: no update or patch")
            .build();
    server.expect().put().withPath(path).andReturn(403, forbidden).always();
    server.expect().patch().withPath(path).andReturn(403, forbidden).always();
    client
        .network()
        .v1()
        .networkPolicies()
        .inNamespace("leftover")
        .resource(
            new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName("jupyter-lena")
                .withNamespace("leftover")
                .addToLabels("stale", "true")
                .endMetadata()
                .withNewSpec()
                .withNewPodSelector()
                .endPodSelector()
                .addNewIngress()
                .endIngress()
                .endSpec()
                .build())
        .create();
    KubernetesConfig config =
        KubernetesConfig.defaults()
            .withOverrides(Map.of("namespace", "leftover", "networkPolicy", true));
    try (KubernetesSpawner spawner =
        new KubernetesSpawner(
            config,
            Duration.ofSeconds(30),
            client,
            user -> Set.of(),
            KubernetesSpawnerTest::jupyterAddress,
            HUB_URL)) {
      drainRequests();

      RunningServer running = spawnToReady(spawner, "lena", "leftover", new RecordingContext());
      List<RecordedRequest> requests = drainRequests();

      NetworkPolicy policy =
          client
              .network()
              .v1()
              .networkPolicies()
              .inNamespace("leftover")
              .withName("jupyter-lena")
              .get();
      assertThat(policy.getMetadata().getLabels()).doesNotContainKey("stale");
      assertThat(policy.getSpec().getIngress())
          .singleElement()
          .satisfies(
              rule ->
                  assertThat(rule.getFrom().get(0).getPodSelector().getMatchLabels())
                      .isEqualTo(KubernetesSpawner.SERVER_ACCESS_LABELS));
      assertThat(requests)
          .as("requests for network policies")
          .filteredOn(r -> r.getPath().startsWith(path.substring(0, path.lastIndexOf('/'))))
          .extracting(RecordedRequest::getMethod)
          .containsExactly("POST", "DELETE", "POST");
      spawner.stop(running.state(), Duration.ofSeconds(1));
      await()
          .until(
              () ->
                  client
                          .network()
                          .v1()
                          .networkPolicies()
                          .inNamespace("leftover")
                          .withName("jupyter-lena")
                          .get()
                      == null);
    }
  }

  @Test
  void podsReachTheHubAtTheConfiguredOriginUnderTheHubsBaseUrl() {
    GanymedeConfig config =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(),
            Map.of(
                "spawner.type", "kubernetes",
                "hub.baseUrl", "/jh/",
                "kubernetes.hubUrl", "http://hub.jupyter.svc.cluster.local:8081/jh/"));

    assertThat(KubernetesSpawner.hubUrl(config))
        .isEqualTo(URI.create("http://hub.jupyter.svc.cluster.local:8081/jh/"));
    assertThat(
            KubernetesSpawner.hubUrl(
                config.withKubernetes(
                    config.kubernetes().withOverrides(Map.of("hubUrl", "https://hub:8443")))))
        .isEqualTo(URI.create("https://hub:8443/jh/"));
    assertThatThrownBy(() -> KubernetesSpawner.hubUrl(GanymedeConfig.defaults()))
        .hasMessageStartingWith("kubernetes.hubUrl: required when spawner.type is kubernetes");
  }

  @Test
  void aPodThatNeverRunsTimesOutWithItsLastEventsAndIsDeleted() {
    try (KubernetesSpawner spawner = spawner("timeout", Duration.ofSeconds(3))) {
      RecordingContext context = new RecordingContext();
      CompletableFuture<RunningServer> started =
          CompletableFuture.supplyAsync(() -> spawner.start(request("bob"), context));
      awaitPod(started, "timeout", "jupyter-bob");
      event("timeout", "jupyter-bob", "Scheduled", "Successfully assigned timeout/jupyter-bob");
      event("timeout", "jupyter-bob", "FailedScheduling", "0/3 nodes are available");
      await().until(() -> context.messages.contains("FailedScheduling: 0/3 nodes are available"));

      assertThatThrownBy(started::join)
          .hasCauseInstanceOf(SpawnException.class)
          .hasMessageEndingWith(
              "did not start within 3 s; last events: Scheduled: Successfully assigned"
                  + " timeout/jupyter-bob; FailedScheduling: 0/3 nodes are available");
      await()
          .until(() -> client.pods().inNamespace("timeout").withName("jupyter-bob").get() == null);
    }
  }

  @Test
  void aCancelledStartDeletesItsOwnPodWithoutAFailedRequest() {
    ch.qos.logback.classic.Logger log =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(KubernetesSpawner.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> warnings =
        new ch.qos.logback.core.read.ListAppender<>();
    warnings.start();
    log.addAppender(warnings);
    try (KubernetesSpawner spawner = spawner("cancel", Duration.ofSeconds(30))) {
      RecordingContext context = new RecordingContext();
      CompletableFuture<RunningServer> started = new CompletableFuture<>();
      Thread starting =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      started.complete(spawner.start(request("frank"), context));
                    } catch (RuntimeException e) {
                      started.completeExceptionally(e);
                    }
                  });
      await().until(() -> context.messages.contains("Pod jupyter-frank created"));

      starting.interrupt();

      assertThatThrownBy(started::join)
          .hasCauseInstanceOf(SpawnException.class)
          .hasMessageEndingWith("The start was cancelled");
      await()
          .until(() -> client.pods().inNamespace("cancel").withName("jupyter-frank").get() == null);
      // an interrupted thread once made the client give up on the delete and log it as failed
      assertThat(warnings.list)
          .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
          .noneMatch(m -> m.startsWith("Cannot delete pod"));
    } finally {
      log.detachAppender(warnings);
    }
  }

  @Test
  void afterARestartARecordedPodIsReattachedAndAnUnrecordedOneRemoved() {
    KubernetesConfig config = KubernetesConfig.defaults();
    for (String user : List.of("carol", "dave")) {
      Pod pod =
          new PodFactory(
                  config.withOverrides(Map.of("namespace", "restart")),
                  KubeNames.of(user, ""),
                  request(user),
                  HUB_URL)
              .pod();
      client.pods().inNamespace("restart").resource(pod).create();
      markRunning("restart", "jupyter-" + user);
    }
    try (KubernetesSpawner restarted = spawner("restart", Duration.ofSeconds(5))) {
      SpawnerState carol = new SpawnerState(Map.of("pod", "jupyter-carol", "namespace", "restart"));
      assertThat(restarted.poll(carol)).isEqualTo(ServerStatus.RUNNING);

      restarted.removeOrphans(List.of(carol));

      await()
          .until(() -> client.pods().inNamespace("restart").withName("jupyter-dave").get() == null);
      assertThat(client.pods().inNamespace("restart").withName("jupyter-carol").get()).isNotNull();
    }
  }

  static KubernetesConfig perUser(String hubNamespace) {
    return KubernetesConfig.defaults()
        .withOverrides(
            Map.of(
                "namespace",
                hubNamespace,
                "namespacePerUser",
                true,
                "userNamespaceLabels",
                Map.of("example.org/owner", "u-{username}"),
                "userNamespaceAnnotations",
                Map.of("example.org/note", "home of {username}")));
  }

  static KubernetesSpawner perUserSpawner(String hubNamespace) {
    return new KubernetesSpawner(
        perUser(hubNamespace),
        Duration.ofSeconds(30),
        client,
        user -> Set.of(),
        KubernetesSpawnerTest::jupyterAddress,
        HUB_URL);
  }

  /** Starts {@code user}'s server to ready: the test plays the kubelet (status, one event). */
  static RunningServer spawnToReady(
      KubernetesSpawner spawner, String user, String namespace, RecordingContext context) {
    String pod = KubeNames.of(user, "").pod();
    CompletableFuture<RunningServer> started =
        CompletableFuture.supplyAsync(() -> spawner.start(request(user), context));
    awaitPod(started, namespace, pod);
    event(namespace, pod, "Pulled", "Image already present on node");
    await().until(() -> context.messages.contains("Pulled: Image already present on node"));
    markRunning(namespace, pod);
    return started.join();
  }

  @Test
  void withANamespacePerUserTheNamespaceIsCreatedLabelledAndHoldsThePodAndClaim() {
    try (KubernetesSpawner spawner = perUserSpawner("hub1")) {
      RecordingContext context = new RecordingContext();

      RunningServer running = spawnToReady(spawner, "frank", "hub1-frank", context);

      var namespace = client.namespaces().withName("hub1-frank").get();
      assertThat(namespace.getMetadata().getLabels())
          .isEqualTo(
              Map.of(
                  "example.org/owner", "u-frank",
                  "app.kubernetes.io/managed-by", "ganymede",
                  "hub.jupyter.org/username", "frank",
                  "ganymede.dev/hub-namespace", "hub1"));
      assertThat(namespace.getMetadata().getAnnotations())
          .isEqualTo(
              Map.of(
                  "example.org/note", "home of frank",
                  "hub.jupyter.org/username", "frank"));
      assertThat(running.state().values())
          .isEqualTo(
              Map.of("pod", "jupyter-frank", "namespace", "hub1-frank", "pvc", "claim-frank"));
      assertThat(context.checkpoints).first().isEqualTo(running.state());
      assertThat(context.messages)
          .startsWith("Created namespace hub1-frank", "Requesting pod jupyter-frank")
          .contains("Pulled: Image already present on node");
      Pod pod = client.pods().inNamespace("hub1-frank").withName("jupyter-frank").get();
      assertThat(pod.getMetadata().getLabels())
          .containsEntry("ganymede.dev/hub-namespace", "hub1")
          .containsEntry("hub.jupyter.org/username", "frank");
      assertThat(pod.getSpec().getVolumes().get(0).getPersistentVolumeClaim().getClaimName())
          .isEqualTo("claim-frank");
      var claim =
          client.persistentVolumeClaims().inNamespace("hub1-frank").withName("claim-frank").get();
      assertThat(claim.getMetadata().getNamespace()).isEqualTo("hub1-frank");
      assertThat(client.pods().inNamespace("hub1").list().getItems()).isEmpty();
      assertThat(client.persistentVolumeClaims().inNamespace("hub1").list().getItems()).isEmpty();
      assertThat(spawner.poll(running.state())).isEqualTo(ServerStatus.RUNNING);
    }
  }

  @Test
  void stopKeepsTheUsersNamespaceAndClaimAndTheNextSpawnReusesThem() throws Exception {
    try (KubernetesSpawner spawner = perUserSpawner("hub2")) {
      RunningServer first = spawnToReady(spawner, "gina", "hub2-gina", new RecordingContext());
      var namespace = client.namespaces().withName("hub2-gina").get();
      var claim =
          client.persistentVolumeClaims().inNamespace("hub2-gina").withName("claim-gina").get();

      spawner.stop(first.state(), Duration.ofSeconds(1));

      await()
          .until(
              () -> client.pods().inNamespace("hub2-gina").withName("jupyter-gina").get() == null);
      await().until(() -> spawner.poll(first.state()) == ServerStatus.STOPPED);
      assertThat(client.namespaces().withName("hub2-gina").get().getMetadata().getUid())
          .isEqualTo(namespace.getMetadata().getUid());
      assertThat(
              client
                  .persistentVolumeClaims()
                  .inNamespace("hub2-gina")
                  .withName("claim-gina")
                  .get()
                  .getMetadata()
                  .getUid())
          .isEqualTo(claim.getMetadata().getUid());

      drainRequests();
      RecordingContext again = new RecordingContext();
      RunningServer second = spawnToReady(spawner, "gina", "hub2-gina", again);

      assertThat(second.state()).isEqualTo(first.state());
      assertThat(again.messages).noneMatch(m -> m.startsWith("Created namespace"));
      assertThat(drainRequests())
          .as("requests for namespaces themselves")
          .filteredOn(r -> r.getPath().matches("/api/v1/namespaces(/hub2-gina)?([?].*)?"))
          .extracting(RecordedRequest::getMethod)
          .containsExactly("GET");
      assertThat(client.namespaces().withName("hub2-gina").get().getMetadata().getUid())
          .isEqualTo(namespace.getMetadata().getUid());
    }
  }

  @Test
  void afterARestartAPodInAUserNamespaceIsReattachedAndOnlyThisHubsOrphansAreRemoved() {
    KubernetesConfig config = perUser("hub3");
    for (String user : List.of("hank", "iris")) {
      PodFactory factory = new PodFactory(config, KubeNames.of(user, ""), request(user), HUB_URL);
      client.pods().inNamespace(factory.namespace()).resource(factory.pod()).create();
      markRunning(factory.namespace(), "jupyter-" + user);
    }
    PodFactory otherHub =
        new PodFactory(perUser("elsewhere"), KubeNames.of("jack", ""), request("jack"), HUB_URL);
    client.pods().inNamespace("elsewhere-jack").resource(otherHub.pod()).create();
    client
        .pods()
        .inNamespace("hub3-kate")
        .resource(
            new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata()
                .withName("jupyter-kate")
                .withNamespace("hub3-kate")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("foreign")
                .withImage("busybox")
                .endContainer()
                .endSpec()
                .build())
        .create();

    try (KubernetesSpawner restarted = perUserSpawner("hub3")) {
      SpawnerState hank = new SpawnerState(Map.of("pod", "jupyter-hank", "namespace", "hub3-hank"));
      assertThat(restarted.poll(hank)).isEqualTo(ServerStatus.RUNNING);
      assertThat(restarted.poll(new SpawnerState(Map.of("pod", "jupyter-hank"))))
          .as("the same pod name in the hub's namespace is another server")
          .isEqualTo(ServerStatus.STOPPED);

      restarted.removeOrphans(List.of(hank));

      await()
          .until(
              () -> client.pods().inNamespace("hub3-iris").withName("jupyter-iris").get() == null);
      assertThat(client.pods().inNamespace("hub3-hank").withName("jupyter-hank").get()).isNotNull();
      assertThat(client.pods().inNamespace("hub3-kate").withName("jupyter-kate").get())
          .as("a pod without our labels")
          .isNotNull();
      assertThat(client.pods().inNamespace("elsewhere-jack").withName("jupyter-jack").get())
          .as("another hub's pod")
          .isNotNull();
    }
  }

  @Test
  void aLongOddUserNameGetsAValidNamespaceOfItsOwn() {
    String user = "A.Very_Long@Name.example.org".repeat(3);
    KubeNames names = KubeNames.of(user, "");
    String namespace = names.userNamespace("{namespace}-{username}", "hub4");
    try (KubernetesSpawner spawner = perUserSpawner("hub4")) {
      RunningServer running = spawnToReady(spawner, user, namespace, new RecordingContext());

      assertThat(namespace)
          .hasSizeLessThanOrEqualTo(63)
          .matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?")
          .startsWith("hub4-");
      assertThat(running.state().values()).containsEntry("namespace", namespace);
      assertThat(client.namespaces().withName(namespace).get().getMetadata().getLabels())
          .containsEntry("hub.jupyter.org/username", names.username());
      assertThat(client.namespaces().withName(namespace).get().getMetadata().getAnnotations())
          .containsEntry("hub.jupyter.org/username", user);
    }
  }

  static KubernetesSpawner imageChoiceSpawner() {
    KubernetesConfig config =
        ConfigLoader.checkFile(Path.of("..", "docs", "examples", "image-choice.yaml"))
            .orElseThrow()
            .kubernetes()
            .withOverrides(Map.of("namespace", "options"));
    return new KubernetesSpawner(
        config,
        Duration.ofSeconds(5),
        client,
        user -> Set.of(),
        KubernetesSpawnerTest::jupyterAddress,
        HUB_URL);
  }

  @Test
  void aBadChoiceIsRefusedByTheServerManagerBeforeAnythingIsRecordedOrCreated(
      @TempDir Path dataDir) {
    try (KubernetesSpawner spawner = imageChoiceSpawner();
        Database database = Database.open(DatabaseConfig.defaults(), dataDir)) {
      ServerManager manager =
          new ServerManager(
              spawner,
              database.servers(),
              new InMemoryRouteTable(),
              new ServerTokens(new byte[32]),
              event -> {},
              SpawnerConfig.defaults(),
              "/",
              Clock.systemUTC());

      assertThatThrownBy(() -> manager.start("eve", "", Map.of("image", "julia")))
          .isInstanceOf(InvalidOptionsException.class)
          .hasMessage("Image: unknown choice julia; choose one of [scipy, r, other]");
      assertThatThrownBy(
              () -> manager.start("eve", "", Map.of("image", "other", "image.other", "no tag")))
          .isInstanceOf(InvalidOptionsException.class)
          .hasMessage("Image: an image such as registry.example.org/team/image:tag");
      assertThat(database.servers().list()).isEmpty();
      assertThat(client.pods().inNamespace("options").list().getItems()).isEmpty();
    }
  }

  @Test
  void aStartWithABadChoiceFailsWithoutAPod() {
    try (KubernetesSpawner spawner = imageChoiceSpawner()) {
      assertThatThrownBy(
              () ->
                  spawner.start(
                      new SpawnRequest(
                          "eve", "", "/user/eve/", "token", Map.of(), Map.of("image", "julia")),
                      new RecordingContext()))
          .isInstanceOf(SpawnException.class)
          .hasMessageContaining("unknown choice julia");
      assertThat(client.pods().inNamespace("options").list().getItems()).isEmpty();
    }
  }
}
