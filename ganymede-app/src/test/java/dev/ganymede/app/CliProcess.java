package dev.ganymede.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code ganymede} command started from the packaged jar, as a person runs it. Its output
 * (standard output and error together) goes to a file, read whenever lines are asked for: a reader
 * thread on the process's pipe can lose the last lines when the JDK closes the pipe at exit.
 *
 * <pre>{@code
 * CliProcess proxy = CliProcess.start(List.of("proxy", "--port", "8000"), log, dir, Map.of());
 * proxy.awaitLine("route API on");
 * proxy.stop();
 * }</pre>
 */
final class CliProcess {
  private final Process process;
  private final Path output;

  private CliProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /**
   * Starts {@code java -jar target/ganymede.jar <arguments>} (the java running the tests, the jar
   * the package phase built) in {@code directory}, its output to {@code log}, with {@code env}.
   */
  static CliProcess start(List<String> arguments, Path log, Path directory, Map<String, String> env)
      throws IOException {
    Path jar = Path.of("target", "ganymede.jar").toAbsolutePath();
    assertThat(jar).exists();
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(arguments);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    builder.directory(directory.toFile());
    return new CliProcess(builder.start(), log);
  }

  List<String> lines() {
    try {
      return Files.readAllLines(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The first line containing {@code fragment}, waiting up to a minute; fails fast on exit. */
  String awaitLine(String fragment) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .failFast(() -> !process.isAlive() && lines().stream().noneMatch(l -> l.contains(fragment)))
        .until(() -> lines().stream().anyMatch(l -> l.contains(fragment)));
    return lines().stream().filter(l -> l.contains(fragment)).findFirst().orElseThrow();
  }

  /** Sends SIGTERM (as Ctrl-C would) and returns the exit code. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          "the process did not stop within 30 s of SIGTERM: " + String.join("\n", lines()));
    }
    return process.exitValue();
  }
}
