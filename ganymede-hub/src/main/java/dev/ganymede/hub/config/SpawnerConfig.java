package dev.ganymede.hub.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Section {@code spawner}: how users' servers are started.
 *
 * @param type {@code local} (a process per server on this machine; the default), {@code kubernetes}
 *     (a pod per server; section {@code kubernetes}) or {@code null} (starts nothing and answers
 *     every server with {@code nullTarget}; for benchmarks and tests)
 * @param command the command that starts a Jupyter server; empty means {@code jupyter lab} from
 *     {@code PATH}, else from the managed Python environment (prepared on first start). The hub
 *     appends the flags that bind it ({@code --ip}, {@code --port}, base URL, token).
 * @param pythonEnv where the managed Python environment lives (default {@code
 *     <hub.dataDir>/python})
 * @param managedEnv whether Ganymede may create the managed environment when no Jupyter server
 *     program is found (default true)
 * @param startTimeout how long a server may take to answer HTTP after it was started (default 120
 *     s)
 * @param stopGracePeriod time between SIGTERM and SIGKILL when a server is stopped (default 10 s)
 * @param environment extra environment variables for every server
 * @param nullTarget with type {@code null}: the URL every server is "started" at (an always-up
 *     backend); required then, not allowed otherwise
 * @param mode {@code lab} (the default: {@code jupyter lab} guarded by the proxy and a secret
 *     header) or {@code singleuser}: {@code command} (default {@code jupyterhub-singleuser}) runs
 *     with JupyterHub's environment ({@code JUPYTERHUB_API_TOKEN}, {@code JUPYTERHUB_CLIENT_ID},
 *     ...) and signs users in itself through the hub's OAuth provider. Only the local spawner reads
 *     it: pods of the Kubernetes spawner always run as {@code singleuser} (see {@link
 *     #singleuser()})
 * @param concurrentSpawns how many servers the spawner starts at once (default 10); further starts
 *     wait their turn in a fair queue
 * @param pendingSpawnLimit how many starts may be pending at once (queued or starting; JupyterHub's
 *     {@code concurrent_spawn_limit}); a start beyond it is refused with 429 and {@code
 *     Retry-After}. 0 (the default) means no limit: every start waits in the queue
 * @param activeServerLimit how many servers may be active at once (starting, running or stopping;
 *     JupyterHub's {@code active_server_limit}); a start beyond it is refused with 429. 0 (the
 *     default) means no limit
 */
public record SpawnerConfig(
    String type,
    List<String> command,
    Optional<Path> pythonEnv,
    boolean managedEnv,
    Duration startTimeout,
    Duration stopGracePeriod,
    Map<String, String> environment,
    Optional<URI> nullTarget,
    String mode,
    int concurrentSpawns,
    int pendingSpawnLimit,
    int activeServerLimit) {

  public static final String LOCAL = "local";
  public static final String KUBERNETES = "kubernetes";
  public static final String NULL = "null";
  public static final String LAB = "lab";
  public static final String SINGLEUSER = "singleuser";

  /** Default of {@code spawner.concurrentSpawns}. */
  public static final int DEFAULT_CONCURRENT_SPAWNS = 10;

  public SpawnerConfig {
    Objects.requireNonNull(type, "type");
    command = List.copyOf(command);
    Objects.requireNonNull(pythonEnv, "pythonEnv");
    Objects.requireNonNull(startTimeout, "startTimeout");
    Objects.requireNonNull(stopGracePeriod, "stopGracePeriod");
    environment = Map.copyOf(environment);
    Objects.requireNonNull(nullTarget, "nullTarget");
    Objects.requireNonNull(mode, "mode");
    if (concurrentSpawns < 1) {
      throw new IllegalArgumentException(
          "spawner.concurrentSpawns must be at least 1, got " + concurrentSpawns);
    }
    if (pendingSpawnLimit < 0) {
      throw new IllegalArgumentException(
          "spawner.pendingSpawnLimit must be 0 (no limit) or more, got " + pendingSpawnLimit);
    }
    if (activeServerLimit < 0) {
      throw new IllegalArgumentException(
          "spawner.activeServerLimit must be 0 (no limit) or more, got " + activeServerLimit);
    }
  }

  /** A {@code lab}-mode configuration without a null-spawner target (the usual case). */
  public SpawnerConfig(
      String type,
      List<String> command,
      Optional<Path> pythonEnv,
      boolean managedEnv,
      Duration startTimeout,
      Duration stopGracePeriod,
      Map<String, String> environment) {
    this(
        type,
        command,
        pythonEnv,
        managedEnv,
        startTimeout,
        stopGracePeriod,
        environment,
        Optional.empty(),
        LAB,
        DEFAULT_CONCURRENT_SPAWNS,
        0,
        0);
  }

  /** A configuration in the given mode without a null-spawner target. */
  public SpawnerConfig(
      String type,
      List<String> command,
      Optional<Path> pythonEnv,
      boolean managedEnv,
      Duration startTimeout,
      Duration stopGracePeriod,
      Map<String, String> environment,
      String mode) {
    this(
        type,
        command,
        pythonEnv,
        managedEnv,
        startTimeout,
        stopGracePeriod,
        environment,
        Optional.empty(),
        mode,
        DEFAULT_CONCURRENT_SPAWNS,
        0,
        0);
  }

  /**
   * Whether servers run {@code jupyterhub-singleuser} with JupyterHub's environment and sign users
   * in through the hub's OAuth provider: with {@code mode: singleuser}, and always with the
   * Kubernetes spawner, whose pods run the image's single-user server ({@code mode} chooses only
   * how the local spawner runs servers).
   */
  public boolean singleuser() {
    return SINGLEUSER.equals(mode) || KUBERNETES.equals(type);
  }

  public SpawnerConfig withMode(String value) {
    return new SpawnerConfig(
        type,
        command,
        pythonEnv,
        managedEnv,
        startTimeout,
        stopGracePeriod,
        environment,
        nullTarget,
        value,
        concurrentSpawns,
        pendingSpawnLimit,
        activeServerLimit);
  }

  /** This configuration with other spawn limits (see the record's parameters). */
  public SpawnerConfig withSpawnLimits(int concurrent, int pendingLimit, int activeLimit) {
    return new SpawnerConfig(
        type,
        command,
        pythonEnv,
        managedEnv,
        startTimeout,
        stopGracePeriod,
        environment,
        nullTarget,
        mode,
        concurrent,
        pendingLimit,
        activeLimit);
  }

  /** The null spawner answering every server with {@code target}. */
  public static SpawnerConfig nullSpawner(URI target) {
    SpawnerConfig d = defaults();
    return new SpawnerConfig(
        NULL,
        d.command(),
        d.pythonEnv(),
        false,
        d.startTimeout(),
        d.stopGracePeriod(),
        d.environment(),
        Optional.of(target),
        LAB,
        d.concurrentSpawns(),
        d.pendingSpawnLimit(),
        d.activeServerLimit());
  }

  public static SpawnerConfig defaults() {
    return new SpawnerConfig(
        LOCAL,
        List.of(),
        Optional.empty(),
        true,
        Duration.ofSeconds(120),
        Duration.ofSeconds(10),
        Map.of(),
        Optional.empty(),
        LAB,
        DEFAULT_CONCURRENT_SPAWNS,
        0,
        0);
  }
}
