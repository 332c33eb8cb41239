package dev.ganymede.hub.spawner.local;

import dev.ganymede.hub.config.SpawnerConfig;
import dev.ganymede.hub.jupyter.JupyterCommand;
import dev.ganymede.hub.jupyter.JupyterInstallation;
import dev.ganymede.hub.jupyter.JupyterInstallationException;
import dev.ganymede.hub.jupyter.JupyterServerConfig;
import dev.ganymede.hub.spawner.RunningServer;
import dev.ganymede.hub.spawner.ServerStatus;
import dev.ganymede.hub.spawner.SingleuserEnvironment;
import dev.ganymede.hub.spawner.SpawnContext;
import dev.ganymede.hub.spawner.SpawnException;
import dev.ganymede.hub.spawner.SpawnRequest;
import dev.ganymede.hub.spawner.Spawner;
import dev.ganymede.hub.spawner.SpawnerState;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each user server as a local process of the hub's operating-system user: {@code jupyter-lab}
 * (see {@link JupyterInstallation}) on {@code 127.0.0.1} and a free port, secured by {@link
 * JupyterServerConfig} (only requests carrying the per-server secret header are served).
 *
 * <p>Layout under the hub's data directory: working directory {@code users/<safe user>} (shared by
 * the user's named servers; it is also {@code HOME}), output appended to {@code logs/<safe
 * user>[--<safe server>].log}, the Jupyter configuration file in {@code jupyter/}. Names are made
 * safe for the file system reversibly: bytes outside {@code [a-z0-9._]} become {@code -xx}.
 *
 * <p>The server gets a minimal environment, never the hub's own (it may hold database passwords):
 * {@code PATH} (the Python environment's {@code bin} first), {@code HOME}, {@code LANG}, {@code
 * LC_ALL}, {@code USER}, {@code SHELL}, {@code JUPYTER_CONFIG_DIR}/{@code DATA_DIR}/{@code
 * RUNTIME_DIR}, then {@code spawner.environment}, then the request's environment, then the secret,
 * the owner's name and a spawn marker. Where {@code setsid} exists the server runs in its own
 * session, so a Ctrl-C meant for the hub does not reach users' servers.
 *
 * <p>Local processes offer no isolation between users: every server runs as the hub's user. This
 * spawner suits one person or a trusted group on one machine.
 *
 * <p>Threading: as the {@link Spawner} contract says; an instance holds no per-server state, so
 * {@link #poll} and {@link #stop} work from a new instance given only the stored {@link
 * SpawnerState} (after a hub restart).
 */
public final class LocalProcessSpawner implements Spawner {
  /** The kind stored with each server started by this spawner. */
  public static final String KIND = "local";

  private static final Logger log = LoggerFactory.getLogger(LocalProcessSpawner.class);
  private static final int PORT_ATTEMPTS = 5;
  private static final int TAIL_LINES = 20;
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
  private static final List<Path> SETSID =
      List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

  private final SpawnerConfig config;
  private final Path dataDir;
  private final JupyterInstallation installation;
  private final ReadinessProbe probe;
  private final Clock clock;
  private final IntSupplier ports;
  private Supplier<Optional<URI>> hubUrl = Optional::empty;

  /**
   * @param config the spawner section (environment, start timeout)
   * @param dataDir the hub's data directory ({@code hub.dataDir})
   * @param installation resolves (and if need be installs) the Jupyter server program
   */
  public LocalProcessSpawner(SpawnerConfig config, Path dataDir, JupyterInstallation installation) {
    this(config, dataDir, installation, Optional::empty);
  }

  /**
   * @param hubUrl the hub's own URL with its base path (e.g. {@code http://127.0.0.1:8000/}) as
   *     servers on this machine reach it; read at each start, needed in {@code singleuser} mode
   */
  public LocalProcessSpawner(
      SpawnerConfig config,
      Path dataDir,
      JupyterInstallation installation,
      Supplier<Optional<URI>> hubUrl) {
    this(
        config,
        dataDir,
        installation,
        new ReadinessProbe(),
        Clock.systemUTC(),
        LocalProcessSpawner::freePort);
    this.hubUrl = Objects.requireNonNull(hubUrl, "hubUrl");
  }

  /**
   * @param ports hands out the port to try for each start attempt
   */
  LocalProcessSpawner(
      SpawnerConfig config,
      Path dataDir,
      JupyterInstallation installation,
      ReadinessProbe probe,
      Clock clock,
      IntSupplier ports) {
    this.config = Objects.requireNonNull(config, "config");
    this.dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
    this.installation = Objects.requireNonNull(installation, "installation");
    this.probe = Objects.requireNonNull(probe, "probe");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ports = Objects.requireNonNull(ports, "ports");
  }

  @Override
  public String kind() {
    return KIND;
  }

  /** The working directory of {@code user}'s servers. */
  public Path workingDirectory(String user) {
    return dataDir.resolve("users").resolve(SafeNames.escape(Objects.requireNonNull(user, "user")));
  }

  /** The log file of one server. */
  public Path logFile(String user, String serverName) {
    return dataDir.resolve("logs").resolve(SafeNames.fileName(user, serverName) + ".log");
  }

  @Override
  public RunningServer start(SpawnRequest request, SpawnContext context) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(context, "context");
    JupyterCommand command = config.singleuser() ? singleuserCommand() : prepare(context);
    Path workdir = workingDirectory(request.user());
    Path configFile;
    try {
      createDirectories(workdir);
      configFile = JupyterServerConfig.writeTo(dataDir.resolve("jupyter"));
    } catch (UncheckedIOException e) {
      throw new SpawnException("Cannot prepare the server's directories: " + e.getMessage(), e);
    }
    for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
      checkCancelled(Optional.empty());
      Launch launch = launch(request, context, command, workdir, configFile, ports.getAsInt());
      Optional<RunningServer> ready = awaitReady(request, context, launch);
      if (ready.isPresent()) {
        return ready.get();
      }
      log.info("Port {} was taken before the server could bind it; trying another", launch.port);
    }
    throw new SpawnException("Could not find a free port for the server");
  }

  @Override
  public ServerStatus poll(SpawnerState state) {
    Objects.requireNonNull(state, "state");
    return LocalState.from(state)
            .flatMap(s -> ProcessTree.find(s.pid(), s.startTicks(), s.startMillis()))
            .isPresent()
        ? ServerStatus.RUNNING
        : ServerStatus.STOPPED;
  }

  @Override
  public void stop(SpawnerState state, Duration grace) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(grace, "grace");
    Optional<LocalState> local = LocalState.from(state);
    if (local.isEmpty()) {
      return;
    }
    LocalState s = local.get();
    Optional<ProcessHandle> server = ProcessTree.find(s.pid(), s.startTicks(), s.startMillis());
    log.info("Stopping server process {} ({})", s.pid(), server.isPresent() ? "running" : "gone");
    ProcessTree.terminate(server, s.spawnId(), grace);
  }

  /** {@code spawner.command}, or {@code jupyterhub-singleuser} from {@code PATH}. */
  private JupyterCommand singleuserCommand() {
    List<String> command =
        config.command().isEmpty() ? List.of("jupyterhub-singleuser") : config.command();
    Path program = Path.of(command.get(0));
    return new JupyterCommand(
        command,
        program.isAbsolute() ? Optional.ofNullable(program.getParent()) : Optional.empty());
  }

  private JupyterCommand prepare(SpawnContext context) {
    try {
      return installation.ensureReady(
          (percent, message) -> context.progress(5 + percent * 40 / 100, message));
    } catch (JupyterInstallationException e) {
      checkCancelled(Optional.empty());
      throw new SpawnException(e.getMessage(), e);
    }
  }

  /** A started server process. */
  private record Launch(Process process, LocalState state, int port, long logOffset) {}

  private Launch launch(
      SpawnRequest request,
      SpawnContext context,
      JupyterCommand command,
      Path workdir,
      Path configFile,
      int port) {
    String spawnId = UUID.randomUUID().toString();
    Path logFile = logFile(request.user(), request.serverName());
    long offset;
    Process process;
    try {
      offset =
          ServerLog.begin(
              logFile,
              "---- "
                  + clock.instant()
                  + " Ganymede starts the server of "
                  + request.user()
                  + (request.serverName().isEmpty() ? "" : " named " + request.serverName())
                  + " on port "
                  + port
                  + " (spawn "
                  + spawnId
                  + ")");
      ProcessBuilder builder =
          new ProcessBuilder(arguments(command, request, workdir, configFile, port))
              .directory(workdir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.environment().clear();
      builder.environment().putAll(environment(command, request, workdir, spawnId, port));
      context.progress(50, "Starting the Jupyter server");
      process = builder.start();
    } catch (IOException | UncheckedIOException e) {
      throw new SpawnException("Cannot start the Jupyter server: " + e.getMessage(), e);
    }
    ProcessHandle handle = process.toHandle();
    LocalState state =
        new LocalState(
            handle.pid(),
            ProcessTree.startTicks(handle.pid()).orElse(0L),
            handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L),
            port,
            spawnId,
            logFile);
    Launch launch = new Launch(process, state, port, offset);
    try {
      context.checkpoint(state.toSpawnerState());
    } catch (RuntimeException e) {
      kill(launch);
      throw new SpawnException("Cannot record the started server: " + e.getMessage(), e);
    }
    log.info("Started server process {} on port {}, output in {}", handle.pid(), port, logFile);
    context.progress(55, "Server process started");
    return launch;
  }

  /**
   * Polls until the server answers, it exits, the start timeout passes or the thread is
   * interrupted. Empty if the process exited because its port was taken meanwhile.
   */
  private Optional<RunningServer> awaitReady(
      SpawnRequest request, SpawnContext context, Launch launch) {
    URI url = URI.create("http://127.0.0.1:" + launch.port);
    URI api = URI.create(url + request.basePath() + "api");
    Duration timeout = config.startTimeout();
    Instant started = clock.instant();
    Instant deadline = started.plus(timeout);
    Instant nextProgress = started;
    long pause = 50;
    while (true) {
      checkCancelled(Optional.of(launch));
      if (!launch.process.isAlive()) {
        List<String> tail = ServerLog.tail(launch.state.logFile(), launch.logOffset, TAIL_LINES);
        if (tail.stream().anyMatch(LocalProcessSpawner::portTaken)) {
          return Optional.empty();
        }
        throw new SpawnException(
            "The Jupyter server exited with code "
                + launch.process.exitValue()
                + " before it was ready. Last lines of its output ("
                + launch.state.logFile()
                + "):\n"
                + String.join("\n", tail));
      }
      try {
        if (probe.answers(api, request.serverToken())) {
          log.info("Server on port {} is ready", launch.port);
          return Optional.of(new RunningServer(url, launch.state.toSpawnerState()));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        continue;
      }
      Instant now = clock.instant();
      if (now.isAfter(deadline)) {
        kill(launch);
        List<String> tail = ServerLog.tail(launch.state.logFile(), launch.logOffset, TAIL_LINES);
        throw new SpawnException(
            "The Jupyter server did not answer within "
                + timeout.toSeconds()
                + " s and was stopped (spawner.startTimeout). Last lines of its output ("
                + launch.state.logFile()
                + "):\n"
                + String.join("\n", tail));
      }
      if (!now.isBefore(nextProgress)) {
        long waited = Duration.between(started, now).toSeconds();
        int percent = 60 + (int) Math.min(35, waited * 35 / Math.max(1, timeout.toSeconds()));
        context.progress(
            percent,
            waited == 0
                ? "Waiting for the server to answer"
                : "Waiting for the server to answer (" + waited + " s)");
        nextProgress = now.plus(PROGRESS_EVERY);
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      pause = Math.min(pause * 2, 500);
    }
  }

  /** Throws if the start was cancelled, after ending what {@code launch} started. */
  private void checkCancelled(Optional<Launch> launch) {
    if (Thread.currentThread().isInterrupted()) {
      launch.ifPresent(this::kill);
      throw new SpawnException("Start cancelled");
    }
  }

  private void kill(Launch launch) {
    // Clear the interrupt (if any) while waiting for the processes to exit, then restore it.
    boolean interrupted = Thread.interrupted();
    try {
      ProcessTree.terminate(
          Optional.of(launch.process.toHandle()), launch.state.spawnId(), Duration.ofSeconds(5));
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private List<String> arguments(
      JupyterCommand command, SpawnRequest request, Path workdir, Path configFile, int port) {
    List<String> args = new ArrayList<>();
    SETSID.stream().filter(Files::isExecutable).findFirst().ifPresent(p -> args.add(p.toString()));
    args.addAll(command.command());
    if (config.singleuser()) {
      // base URL, token and hub come from the JUPYTERHUB_* environment
      args.add("--ip=127.0.0.1");
      args.add("--port=" + port);
      args.add("--ServerApp.port_retries=0");
      args.add("--ServerApp.root_dir=" + workdir);
      if (isRoot()) {
        args.add("--allow-root");
      }
      return args;
    }
    args.add("--no-browser");
    args.add("--ip=127.0.0.1");
    args.add("--port=" + port);
    args.add("--ServerApp.port_retries=0");
    args.add("--ServerApp.base_url=" + request.basePath());
    args.add("--ServerApp.root_dir=" + workdir);
    args.add("--config=" + configFile);
    if (isRoot()) {
      args.add("--allow-root");
    }
    return args;
  }

  private Map<String, String> environment(
      JupyterCommand command, SpawnRequest request, Path workdir, String spawnId, int port) {
    Map<String, String> env = new LinkedHashMap<>();
    String systemPath =
        Optional.ofNullable(System.getenv("PATH"))
            .orElse("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    env.put(
        "PATH",
        command.binDir().map(bin -> bin + File.pathSeparator + systemPath).orElse(systemPath));
    env.put("HOME", workdir.toString());
    env.put("LANG", "C.UTF-8");
    env.put("LC_ALL", "C.UTF-8");
    env.put("USER", System.getProperty("user.name", "jupyter"));
    env.put("SHELL", "/bin/bash");
    Path jupyterDir = workdir.resolve(".jupyter");
    env.put("JUPYTER_CONFIG_DIR", jupyterDir.toString());
    env.put("JUPYTER_DATA_DIR", jupyterDir.resolve("data").toString());
    env.put("JUPYTER_RUNTIME_DIR", jupyterDir.resolve("runtime").toString());
    if (config.singleuser()) {
      // JupyterHub's variables first, so that spawner.environment may override them
      env.putAll(
          SingleuserEnvironment.of(
              request,
              hubUrl.get().orElse(SingleuserEnvironment.DEFAULT_HUB_URL),
              "127.0.0.1",
              port));
    }
    env.putAll(config.environment());
    env.putAll(request.environment());
    if (!config.singleuser()) {
      env.put(JupyterServerConfig.TOKEN_ENV, request.serverToken());
    }
    env.put(JupyterServerConfig.USER_ENV, request.user());
    env.put(ProcessTree.MARKER_ENV, spawnId);
    return env;
  }

  private static void createDirectories(Path workdir) {
    try {
      Files.createDirectories(workdir);
      Files.createDirectories(workdir.resolve(".jupyter").resolve("runtime"));
      Files.createDirectories(workdir.resolve(".jupyter").resolve("data"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new SpawnException("No free port on 127.0.0.1", e);
    }
  }

  private static boolean isRoot() {
    try {
      return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    } catch (IOException | RuntimeException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  /** Recognises Jupyter's complaint about a taken port. */
  private static boolean portTaken(String line) {
    return line.contains("is not available") || line.contains("already in use");
  }
}
