package dev.ganymede.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.ganymede.hub.config.KubernetesConfig;
import dev.ganymede.hub.spawner.RunningServer;
import dev.ganymede.hub.spawner.ServerStatus;
import dev.ganymede.hub.spawner.SpawnContext;
import dev.ganymede.hub.spawner.SpawnRequest;
import dev.ganymede.hub.spawner.SpawnerState;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubernetesSpawnerTest {

  static KubernetesClient client;
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
        config, timeout, client, user -> Set.of(), KubernetesSpawnerTest::jupyterAddress);
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
  void afterARestartARecordedPodIsReattachedAndAnUnrecordedOneRemoved() {
    KubernetesConfig config = KubernetesConfig.defaults();
    for (String user : List.of("carol", "dave")) {
      Pod pod =
          new PodFactory(
                  config.withOverrides(Map.of("namespace", "restart")),
                  KubeNames.of(user, ""),
                  request(user))
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

  @Test
  void refusesAnInvalidProfileChoiceBeforeAnyPod() {
    try (KubernetesSpawner spawner = spawner("options", Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> spawner.validateOptions("eve", Map.of("profile", "gpu")))
          .isInstanceOf(dev.ganymede.hub.spawner.InvalidOptionsException.class)
          .hasMessageContaining("options are not accepted");
      assertThat(client.pods().inNamespace("options").list().getItems()).isEmpty();
    }
  }
}
