package dev.ganymede.hub.jupyter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ganymede.hub.config.SpawnerConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Creates a real managed environment with python3 -m venv and pip (about half a minute). */
class JupyterInstallationIT {
  @TempDir Path dataDir;

  @Test
  void createsAWorkingManagedEnvironmentAndReportsPipsProgress() throws Exception {
    Path python = onPath("python3");
    JupyterInstallation installation =
        new JupyterInstallation(SpawnerConfig.defaults(), dataDir, List.of(), python.toString());
    List<String> lines = new CopyOnWriteArrayList<>();
    List<Integer> percents = new CopyOnWriteArrayList<>();

    JupyterCommand command =
        installation.ensureReady(
            (percent, line) -> {
              percents.add(percent);
              lines.add(line);
            });

    Path jupyterLab = dataDir.resolve("python/bin/jupyter-lab");
    assertThat(command.command()).containsExactly(jupyterLab.toString());
    Process version =
        new ProcessBuilder(jupyterLab.toString(), "--version").redirectErrorStream(true).start();
    assertThat(version.waitFor()).isZero();
    assertThat(new String(version.getInputStream().readAllBytes()).strip()).matches("4\\..*");
    assertThat(lines)
        .anyMatch(l -> l.startsWith("Collecting "))
        .anyMatch(l -> l.startsWith("Installing "))
        .contains("JupyterLab installed", "JupyterLab is ready");
    assertThat(percents).isSorted().endsWith(100);
    try (Stream<Path> entries = Files.list(dataDir)) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .allMatch(
              n -> n.equals("python") || n.equals(".python.lock") || n.startsWith(".python-"));
    }
  }

  private static Path onPath(String program) {
    return Stream.of(
            Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator))
        .map(dir -> Path.of(dir, program))
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(program + " not on PATH"));
  }
}
