package dev.ganymede.hub.jupyter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ganymede.hub.config.SpawnerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resolution order and the managed-environment installer, with a fake {@code python3} whose {@code
 * -m venv} creates a fake {@code pip} (the real installation is covered by {@code
 * JupyterInstallationIT}).
 */
class JupyterInstallationTest {
  private static final String WORKING_PIP =
      """
      echo "Collecting jupyterlab"
      echo "Processing /opt/files/tornado-6.5-py3-none-any.whl (from jupyterlab)"
      echo "Installing collected packages: tornado, jupyterlab"
      printf '#!/bin/sh\\necho fake\\n' > "$(dirname "$0")/jupyter-lab"
      chmod +x "$(dirname "$0")/jupyter-lab"
      echo "Successfully installed jupyterlab-4.6.4 tornado-6.5"
      """;

  @TempDir Path temp;

  @Test
  void usesTheConfiguredCommandFoundOnThePath() throws IOException {
    Path bin = Files.createDirectories(temp.resolve("bin"));
    executable(bin.resolve("my-jupyter"), "exit 0");

    JupyterCommand command =
        installation(config(List.of("my-jupyter", "--debug"), true), List.of(bin), "python3")
            .ensureReady(InstallProgress.NONE);

    assertThat(command.command()).containsExactly(bin.resolve("my-jupyter").toString(), "--debug");
    assertThat(command.binDir()).contains(bin);
  }

  @Test
  void aConfiguredCommandThatDoesNotExistFailsNamingTheSetting() {
    JupyterInstallation installation =
        installation(config(List.of("/nowhere/jupyter-lab"), true), List.of(), "python3");

    assertThatThrownBy(() -> installation.ensureReady(InstallProgress.NONE))
        .isInstanceOf(JupyterInstallationException.class)
        .hasMessageContaining("spawner.command")
        .hasMessageContaining("/nowhere/jupyter-lab");
  }

  @Test
  void prefersJupyterLabOnThePathOverTheManagedEnvironment() throws IOException {
    Path bin = Files.createDirectories(temp.resolve("bin"));
    executable(bin.resolve("jupyter-lab"), "exit 0");
    executable(temp.resolve("data/python/bin/jupyter-lab"), "exit 0");

    JupyterCommand command =
        installation(config(List.of(), true), List.of(temp.resolve("empty"), bin), "python3")
            .ensureReady(InstallProgress.NONE);

    assertThat(command.command()).containsExactly(bin.resolve("jupyter-lab").toString());
  }

  @Test
  void usesAnExistingManagedEnvironmentWithoutInstalling() throws IOException {
    Path env = temp.resolve("env");
    executable(env.resolve("bin/jupyter-lab"), "exit 0");
    SpawnerConfig config = withPythonEnv(config(List.of(), true), env);

    JupyterCommand command =
        installation(config, List.of(), "/nowhere/python3").ensureReady(InstallProgress.NONE);

    assertThat(command.command()).containsExactly(env.resolve("bin/jupyter-lab").toString());
    assertThat(command.binDir()).contains(env.resolve("bin"));
  }

  @Test
  void createsTheManagedEnvironmentOnceForConcurrentCallersAndPublishesItAtomically()
      throws Exception {
    Path python = fakePython(WORKING_PIP + "sleep 0.3\n");
    JupyterInstallation installation =
        installation(config(List.of(), true), List.of(), python.toString());
    Files.createDirectories(temp.resolve("data/.python-123/bin")); // an interrupted installation
    List<String> lines = new CopyOnWriteArrayList<>();
    List<Integer> percents = new CopyOnWriteArrayList<>();

    List<JupyterCommand> results;
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<JupyterCommand> first =
          executor.submit(
              () ->
                  installation.ensureReady(
                      (percent, line) -> {
                        percents.add(percent);
                        lines.add(line);
                      }));
      Future<JupyterCommand> second =
          executor.submit(() -> installation.ensureReady(InstallProgress.NONE));
      results = List.of(first.get(), second.get());
    }

    Path env = temp.resolve("data/python");
    assertThat(results).containsOnly(results.get(0));
    assertThat(results.get(0).command()).containsExactly(env.resolve("bin/jupyter-lab").toString());
    assertThat(Files.readAllLines(temp.resolve("venv-calls"))).hasSize(1);
    assertThat(Files.isSymbolicLink(env)).isTrue();
    assertThat(Files.isExecutable(env.resolve("bin/jupyter-lab"))).isTrue();
    assertThat(temp.resolve("data/.python-123")).doesNotExist();
    assertThat(lines)
        .contains("Collecting jupyterlab", "Collecting tornado", "Installing 2 packages")
        .endsWith("JupyterLab is ready");
    assertThat(percents).isSorted().endsWith(100);
    assertThat(installation.ensureReady(InstallProgress.NONE)).isEqualTo(results.get(0));
  }

  @Test
  void saysWhatToInstallWhenPythonIsMissing() {
    JupyterInstallation installation =
        installation(config(List.of(), true), List.of(), "/nowhere/python3");

    assertThatThrownBy(() -> installation.ensureReady(InstallProgress.NONE))
        .isInstanceOf(JupyterInstallationException.class)
        .hasMessageContaining("apt-get install python3 python3-venv")
        .hasMessageContaining("pip install jupyterlab")
        .hasMessageContaining("spawner.command");
  }

  @Test
  void saysWhatToInstallWhenTheVenvModuleIsMissing() throws IOException {
    Path python = temp.resolve("python3");
    executable(
        python,
        "echo 'The virtual environment was not created successfully because ensurepip is not"
            + " available.'; exit 1");
    JupyterInstallation installation =
        installation(config(List.of(), true), List.of(), python.toString());

    assertThatThrownBy(() -> installation.ensureReady(InstallProgress.NONE))
        .isInstanceOf(JupyterInstallationException.class)
        .hasMessageContaining("apt-get install python3-venv");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void reportsPipsOutputWhenPipFailsAndLeavesNothingHalfInstalled() throws IOException {
    Path python =
        fakePython("echo 'ERROR: No matching distribution found for jupyterlab'; exit 1\n");
    JupyterInstallation installation =
        installation(config(List.of(), true), List.of(), python.toString());

    assertThatThrownBy(() -> installation.ensureReady(InstallProgress.NONE))
        .isInstanceOf(JupyterInstallationException.class)
        .hasMessageContaining("No matching distribution found for jupyterlab")
        .hasMessageContaining("pip install jupyterlab");
    assertThat(temp.resolve("data/python")).doesNotExist();
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void triesAgainAfterAFailedInstallation() throws IOException {
    Path python = fakePython("exit 1\n");
    JupyterInstallation installation =
        installation(config(List.of(), true), List.of(), python.toString());
    assertThatThrownBy(() -> installation.ensureReady(InstallProgress.NONE))
        .isInstanceOf(JupyterInstallationException.class);

    fakePython(WORKING_PIP);

    assertThat(installation.ensureReady(InstallProgress.NONE).command().get(0))
        .endsWith("python/bin/jupyter-lab");
  }

  @Test
  void saysWhatToDoWhenNothingIsFoundAndInstallingIsNotAllowed() {
    JupyterInstallation installation = installation(config(List.of(), false), List.of(), "python3");

    assertThatThrownBy(() -> installation.ensureReady(InstallProgress.NONE))
        .isInstanceOf(JupyterInstallationException.class)
        .hasMessageContaining("spawner.managedEnv")
        .hasMessageContaining("pip install jupyterlab");
  }

  @Test
  void refusesToInstallOverADirectoryThatIsNotAnEnvironment() throws IOException {
    Files.createDirectories(temp.resolve("data/python/something"));
    JupyterInstallation installation =
        installation(config(List.of(), true), List.of(), fakePython(WORKING_PIP).toString());

    assertThatThrownBy(() -> installation.ensureReady(InstallProgress.NONE))
        .isInstanceOf(JupyterInstallationException.class)
        .hasMessageContaining("holds no bin/jupyter-lab");
  }

  private List<Path> leftovers() throws IOException {
    Path data = temp.resolve("data");
    if (!Files.isDirectory(data)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(data)) {
      return entries.filter(p -> p.getFileName().toString().startsWith(".python-")).toList();
    }
  }

  /** A fake python3 whose {@code -m venv DIR} creates {@code DIR/bin/pip} running {@code pip}. */
  private Path fakePython(String pip) throws IOException {
    Path python = temp.resolve("python3");
    executable(
        python,
        """
        [ "$1" = "-m" ] && [ "$2" = "venv" ] || exit 2
        echo "$3" >> "%s"
        mkdir -p "$3/bin"
        cat > "$3/bin/pip" <<'PIP'
        #!/bin/sh
        %sPIP
        chmod +x "$3/bin/pip"
        """
            .formatted(temp.resolve("venv-calls"), pip));
    return python;
  }

  private static void executable(Path file, String body) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private JupyterInstallation installation(
      SpawnerConfig config, List<Path> searchPath, String python) {
    return new JupyterInstallation(config, temp.resolve("data"), searchPath, python);
  }

  private static SpawnerConfig config(List<String> command, boolean managedEnv) {
    return new SpawnerConfig(
        SpawnerConfig.LOCAL,
        command,
        Optional.empty(),
        managedEnv,
        Duration.ofSeconds(60),
        Duration.ofSeconds(5),
        Map.of());
  }

  private static SpawnerConfig withPythonEnv(SpawnerConfig config, Path env) {
    return new SpawnerConfig(
        config.type(),
        config.command(),
        Optional.of(env),
        config.managedEnv(),
        config.startTimeout(),
        config.stopGracePeriod(),
        config.environment());
  }
}
