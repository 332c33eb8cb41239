package dev.ganymede.hub.spawner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ganymede.hub.config.SpawnerConfig;
import dev.ganymede.hub.jupyter.JupyterInstallation;
import dev.ganymede.hub.jupyter.JupyterTestClient;
import dev.ganymede.hub.spawner.RunningServer;
import dev.ganymede.hub.spawner.ServerStatus;
import dev.ganymede.hub.spawner.SpawnException;
import dev.ganymede.hub.spawner.SpawnRequest;
import dev.ganymede.hub.spawner.SpawnerState;
import dev.ganymede.testkit.FreePorts;
import dev.ganymede.testkit.JupyterFixture;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalProcessSpawnerIT {
  private static final String TOKEN = "0123456789abcdef0123456789abcdef";

  @TempDir Path dataDir;
  private final List<SpawnerState> started = new ArrayList<>();

  @AfterEach
  void stopEverything() {
    LocalProcessSpawner spawner = spawner(jupyterConfig());
    started.forEach(state -> spawner.stop(state, Duration.ofSeconds(2)));
  }

  @Test
  void startsAServerThatServesOnlyRequestsCarryingTheSecretHeader() {
    LocalProcessSpawner spawner = spawner(jupyterConfig());
    RecordingContext context = new RecordingContext();

    RunningServer server = start(spawner, request("a@b.org", ""), context);

    JupyterTestClient client = new JupyterTestClient(server.url(), "/user/a@b.org/", TOKEN);
    assertThat(client.get("api/status").statusCode()).isEqualTo(200);
    HttpResponse<String> lab = client.get("lab");
    assertThat(lab.statusCode()).isEqualTo(200);
    assertThat(lab.body()).contains("JupyterLab").doesNotContain(TOKEN);
    assertThat(client.getWithoutToken("api/status").statusCode()).isEqualTo(403);
    assertThat(client.getWithToken("api/status", TOKEN.replace('0', '1')).statusCode())
        .isEqualTo(403);
    HttpResponse<String> labWithoutToken = client.getWithoutToken("lab");
    assertThat(labWithoutToken.statusCode()).isIn(302, 403);
    assertThat(labWithoutToken.body()).doesNotContain("JupyterLab");
    assertThat(context.messages).contains("Server process started");
    assertThat(context.lastCheckpoint().flatMap(s -> s.number("pid"))).isPresent();
    assertThat(spawner.workingDirectory("a@b.org")).isDirectory().hasFileName("a-40b.org");
    assertThat(spawner.logFile("a@b.org", "")).exists();
  }

  @Test
  void runsCodeInAKernelAndStopLeavesNoProcessBehind() {
    SpawnerConfig config = withEnvironment(jupyterConfig(), Map.of("FROM_CONFIG", "c"));
    LocalProcessSpawner spawner = spawner(config);
    SpawnRequest request =
        new SpawnRequest("alice", "", "/user/alice/", TOKEN, Map.of("FROM_HUB", "h"), Map.of());
    RunningServer server = start(spawner, request, new RecordingContext());
    JupyterTestClient client = new JupyterTestClient(server.url(), "/user/alice/", TOKEN);

    String kernelId = client.startKernel();
    assertThat(client.execute(kernelId, "1+1", Duration.ofSeconds(60))).isEqualTo("2");
    String environment =
        client.execute(kernelId, "import os; sorted(os.environ)", Duration.ofSeconds(30));
    String home = client.execute(kernelId, "os.environ['HOME']", Duration.ofSeconds(30));

    long pid = server.state().number("pid").orElseThrow();
    List<ProcessHandle> kernels = ProcessHandle.of(pid).orElseThrow().descendants().toList();
    assertThat(kernels).isNotEmpty();
    assertThat(environment)
        .doesNotContain("GANYMEDE_SERVER_TOKEN")
        .contains("'GANYMEDE_USER'", "'FROM_CONFIG'", "'FROM_HUB'", "'JUPYTER_RUNTIME_DIR'");
    assertThat(home).isEqualTo("'" + spawner.workingDirectory("alice") + "'");
    Set<String> addedByJupyter = Set.of("TERM", "CLICOLOR", "PAGER", "GIT_PAGER", "MPLBACKEND");
    assertThat(System.getenv().keySet())
        .filteredOn(key -> !key.matches("PATH|HOME|LANG|LC_ALL|USER|SHELL|JPY_.*|PYDEVD_.*"))
        .filteredOn(key -> !addedByJupyter.contains(key))
        .allSatisfy(hubVariable -> assertThat(environment).doesNotContain("'" + hubVariable + "'"));

    spawner.stop(server.state(), Duration.ofSeconds(5));

    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(kernels).noneMatch(ProcessHandle::isAlive);
    assertThat(spawner.poll(server.state())).isEqualTo(ServerStatus.STOPPED);
  }

  @Test
  void aNewSpawnerInstancePollsAndStopsAServerStartedByAnother() {
    RunningServer server =
        start(spawner(jupyterConfig()), request("bob", "gpu"), new RecordingContext());
    SpawnerState stored = new SpawnerState(Map.copyOf(server.state().values()));

    LocalProcessSpawner afterRestart = spawner(jupyterConfig());
    assertThat(afterRestart.poll(stored)).isEqualTo(ServerStatus.RUNNING);
    afterRestart.stop(stored, Duration.ofSeconds(5));

    assertThat(afterRestart.poll(stored)).isEqualTo(ServerStatus.STOPPED);
    assertThat(dataDir.resolve("logs").resolve("bob--gpu.log")).exists();
  }

  @Test
  void triesAnotherPortWhenTheChosenOneWasTakenMeanwhile() throws Exception {
    SpawnerConfig config = jupyterConfig();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int free = FreePorts.next();
      Iterator<Integer> ports = List.of(taken.getLocalPort(), free).iterator();
      LocalProcessSpawner spawner =
          new LocalProcessSpawner(
              config,
              dataDir,
              new JupyterInstallation(config, dataDir),
              new ReadinessProbe(),
              Clock.systemUTC(),
              ports::next);

      RunningServer server = start(spawner, request("frank", ""), new RecordingContext());

      assertThat(server.url().getPort()).isEqualTo(free);
      assertThat(server.state().number("port")).contains((long) free);
    }
  }

  @Test
  void pollSaysStoppedForARecordedPidWhoseStartTimeDiffers() {
    long self = ProcessHandle.current().pid();
    SpawnerState reused =
        new SpawnerState(Map.of("pid", self, "startTicks", 1L, "startMillis", 1L));

    assertThat(spawner(jupyterConfig()).poll(reused)).isEqualTo(ServerStatus.STOPPED);
    assertThat(spawner(jupyterConfig()).poll(SpawnerState.EMPTY)).isEqualTo(ServerStatus.STOPPED);
  }

  @Test
  void failsWithTheLastLinesOfOutputWhenTheServerExitsBeforeItIsReady() {
    LocalProcessSpawner spawner =
        spawner(commandConfig(List.of("/bin/sh", "-c", "echo something broke; exit 3"), 30));

    assertThatThrownBy(() -> spawner.start(request("carol", ""), new RecordingContext()))
        .isInstanceOf(SpawnException.class)
        .hasMessageContaining("exited with code 3")
        .hasMessageContaining("something broke");
  }

  @Test
  void failsAndKillsTheServerWhenItDoesNotAnswerWithinTheStartTimeout() {
    LocalProcessSpawner spawner =
        spawner(commandConfig(List.of("/bin/sh", "-c", "exec sleep 300"), 1));
    RecordingContext context = new RecordingContext();

    assertThatThrownBy(() -> spawner.start(request("dave", ""), context))
        .isInstanceOf(SpawnException.class)
        .hasMessageContaining("did not answer within 1 s");
    SpawnerState state = context.lastCheckpoint().orElseThrow();
    started.add(state);
    assertThat(spawner.poll(state)).isEqualTo(ServerStatus.STOPPED);
  }

  @Test
  void interruptingTheStartKillsTheProcessAndThrows() throws Exception {
    LocalProcessSpawner spawner =
        spawner(commandConfig(List.of("/bin/sh", "-c", "exec sleep 300"), 120));
    RecordingContext context = new RecordingContext();
    AtomicReference<Thread> thread = new AtomicReference<>();
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    thread.set(
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    spawner.start(request("erin", ""), context);
                    outcome.complete(null);
                  } catch (Throwable t) {
                    outcome.complete(t);
                  }
                }));
    await().atMost(Duration.ofSeconds(30)).until(() -> !context.checkpoints.isEmpty());
    SpawnerState state = context.lastCheckpoint().orElseThrow();
    started.add(state);
    assertThat(spawner.poll(state)).isEqualTo(ServerStatus.RUNNING);

    thread.get().interrupt();

    assertThat(outcome.get()).isInstanceOf(SpawnException.class).hasMessage("Start cancelled");
    assertThat(spawner.poll(state)).isEqualTo(ServerStatus.STOPPED);
  }

  @Test
  void namedServersShareTheUsersDirectoryAndOddNamesGetSafeOnes() {
    LocalProcessSpawner spawner = spawner(jupyterConfig());

    assertThat(spawner.workingDirectory("Ünï")).hasFileName("-c3-9cn-c3-af");
    assertThat(spawner.workingDirectory("..")).hasFileName("-2e.");
    assertThat(spawner.workingDirectory("..").normalize().getParent())
        .isEqualTo(dataDir.resolve("users"));
    assertThat(spawner.logFile("Ünï", "x")).hasFileName("-c3-9cn-c3-af--x.log");
    RunningServer server = start(spawner, request("Ünï", "second"), new RecordingContext());
    assertThat(spawner.poll(server.state())).isEqualTo(ServerStatus.RUNNING);
    assertThat(Files.isDirectory(dataDir.resolve("users").resolve("-c3-9cn-c3-af"))).isTrue();
  }

  private RunningServer start(
      LocalProcessSpawner spawner, SpawnRequest request, RecordingContext context) {
    try {
      RunningServer server = spawner.start(request, context);
      started.add(server.state());
      return server;
    } finally {
      context.lastCheckpoint().ifPresent(started::add);
    }
  }

  private LocalProcessSpawner spawner(SpawnerConfig config) {
    return new LocalProcessSpawner(config, dataDir, new JupyterInstallation(config, dataDir));
  }

  private static SpawnRequest request(String user, String server) {
    String basePath = "/user/" + quote(user) + "/" + (server.isEmpty() ? "" : quote(server) + "/");
    return new SpawnRequest(user, server, basePath, TOKEN, Map.of(), Map.of());
  }

  /** Python's {@code quote(name, safe='@~')}. */
  private static String quote(String name) {
    StringBuilder out = new StringBuilder();
    for (byte b : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~@".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  private static SpawnerConfig jupyterConfig() {
    return commandConfig(List.of(JupyterFixture.jupyterLab().toString()), 90);
  }

  private static SpawnerConfig withEnvironment(SpawnerConfig config, Map<String, String> env) {
    return new SpawnerConfig(
        config.type(),
        config.command(),
        config.pythonEnv(),
        config.managedEnv(),
        config.startTimeout(),
        config.stopGracePeriod(),
        env);
  }

  private static SpawnerConfig commandConfig(List<String> command, int startTimeoutSeconds) {
    return new SpawnerConfig(
        SpawnerConfig.LOCAL,
        command,
        Optional.empty(),
        false,
        Duration.ofSeconds(startTimeoutSeconds),
        Duration.ofSeconds(5),
        Map.of());
  }
}
