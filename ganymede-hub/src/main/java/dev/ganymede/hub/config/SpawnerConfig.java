package dev.ganymede.hub.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Section {@code spawner}: how users' servers are started.
 *
 * @param type {@code local} (a process per server on this machine; the default)
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
 * @param mode {@code lab} (the default: {@code jupyter lab} guarded by the proxy and a secret
 *     header) or {@code singleuser}: {@code command} (default {@code jupyterhub-singleuser}) runs
 *     with JupyterHub's environment ({@code JUPYTERHUB_API_TOKEN}, {@code JUPYTERHUB_CLIENT_ID},
 *     ...) and signs users in itself through the hub's OAuth provider
 */
public record SpawnerConfig(
    String type,
    List<String> command,
    Optional<java.nio.file.Path> pythonEnv,
    boolean managedEnv,
    Duration startTimeout,
    Duration stopGracePeriod,
    Map<String, String> environment,
    String mode) {

  public static final String LOCAL = "local";
  public static final String LAB = "lab";
  public static final String SINGLEUSER = "singleuser";

  /** A {@code lab}-mode configuration. */
  public SpawnerConfig(
      String type,
      List<String> command,
      Optional<java.nio.file.Path> pythonEnv,
      boolean managedEnv,
      Duration startTimeout,
      Duration stopGracePeriod,
      Map<String, String> environment) {
    this(type, command, pythonEnv, managedEnv, startTimeout, stopGracePeriod, environment, LAB);
  }

  public SpawnerConfig {
    Objects.requireNonNull(type, "type");
    command = List.copyOf(command);
    Objects.requireNonNull(pythonEnv, "pythonEnv");
    Objects.requireNonNull(startTimeout, "startTimeout");
    Objects.requireNonNull(stopGracePeriod, "stopGracePeriod");
    environment = Map.copyOf(environment);
    Objects.requireNonNull(mode, "mode");
  }

  public boolean singleuser() {
    return SINGLEUSER.equals(mode);
  }

  public SpawnerConfig withMode(String value) {
    return new SpawnerConfig(
        type, command, pythonEnv, managedEnv, startTimeout, stopGracePeriod, environment, value);
  }

  public static SpawnerConfig defaults() {
    return new SpawnerConfig(
        LOCAL,
        List.of(),
        Optional.empty(),
        true,
        Duration.ofSeconds(120),
        Duration.ofSeconds(10),
        Map.of());
  }
}
