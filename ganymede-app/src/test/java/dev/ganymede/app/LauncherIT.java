package dev.ganymede.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/ganymede}, the README's first command: the JVM options it gives the hub and the
 * standalone proxy (docs/operations.md, "Memory and JVM options"), read back from the JVM itself
 * ({@code -XX:+PrintCommandLineFlags}).
 */
class LauncherIT {
  private static final Path LAUNCHER = Path.of("..", "bin", "ganymede").toAbsolutePath();

  @Test
  void givesTheProxySerialCollectionAYoungGenerationItsHeapHoldsAndC2Alone() throws Exception {
    String output = launch("", "proxy", "--help");

    assertThat(flags(output))
        .contains(
            "-XX:+UseSerialGC",
            "-XX:InitialHeapSize=25165824",
            "-XX:NewSize=16777216",
            "-XX:SurvivorRatio=4",
            "-XX:-TieredCompilation",
            "-XX:MaxHeapFreeRatio=30");
    // the JVM warns when the young generation does not fit the initial heap
    assertThat(output).doesNotContain("warning").contains("Usage: ganymede proxy");
  }

  @Test
  void givesTheHubG1ThatGivesFreeMemoryBackAndTieredCompilation() throws Exception {
    String output = launch("", "--version");

    assertThat(flags(output))
        .contains(
            "-XX:+UseG1GC",
            "-XX:G1PeriodicGCInterval=5000",
            "-XX:InitialHeapSize=16777216",
            "-XX:MaxHeapFreeRatio=30")
        .doesNotContain("-XX:-TieredCompilation", "-XX:+UseSerialGC");
    assertThat(output).doesNotContain("warning");
  }

  @Test
  void leavesTheCollectorAndTheCompilersToAnOperatorWhoChoosesThem() throws Exception {
    String output = launch("-XX:+UseParallelGC -XX:+TieredCompilation", "proxy", "--help");

    assertThat(flags(output))
        .contains("-XX:+UseParallelGC", "-XX:+TieredCompilation", "-XX:InitialHeapSize=16777216")
        .doesNotContain("-XX:+UseSerialGC", "-XX:NewSize=16777216");
  }

  private static List<String> flags(String output) {
    String line =
        output
            .lines()
            .filter(l -> l.contains("-XX:+PrintCommandLineFlags"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no flags printed:\n" + output));
    return List.of(line.strip().split(" "));
  }

  /** Runs bin/ganymede with the Java running the tests and the operator's options. */
  private static String launch(String operatorOptions, String... arguments)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Path javaHome =
        Path.of(ProcessHandle.current().info().command().orElseThrow()).getParent().getParent();
    builder.environment().put("JAVA_HOME", javaHome.toString());
    builder
        .environment()
        .put("GANYMEDE_JAVA_OPTS", ("-XX:+PrintCommandLineFlags " + operatorOptions).strip());
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("bin/ganymede exits").isTrue();
    String text = new String(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(text).isZero();
    return text;
  }
}
