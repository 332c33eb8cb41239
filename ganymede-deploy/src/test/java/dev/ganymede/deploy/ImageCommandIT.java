package dev.ganymede.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The image cannot be built here (no Docker engine), so this runs what it would run: the packaged
 * jar, with the Dockerfile's ENTRYPOINT and CMD and the chart's container args.
 */
class ImageCommandIT {

  private static final Path DOCKERFILE =
      Path.of("..", "deploy", "docker", "Dockerfile").toAbsolutePath().normalize();
  private static final Path JAR =
      Path.of("..", "ganymede-app", "target", "ganymede.jar").toAbsolutePath().normalize();
  private static final String IMAGE_JAR = "/opt/ganymede/ganymede.jar";

  private record Result(int exitCode, String output) {}

  @Test
  void thePackagedJarReportsItsVersionThroughTheImagesEntrypoint() throws Exception {
    Result result = run(with(entrypoint(), "--version"));

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).containsPattern("\\d+\\.\\d+\\.\\d+");
  }

  @Test
  void theImagesDefaultCommandAndTheChartsArgsAreCommandsTheJarAccepts() throws Exception {
    List<String> cmd = instruction("CMD");
    assertThat(cmd).containsExactly("run", "--config", "/etc/ganymede/ganymede.yaml");
    List<HasMetadata> objects = Chart.render(List.of(), Map.of());
    List<String> hubArgs = args(objects, "hub-ganymede-hub");
    assertThat(hubArgs).isEqualTo(cmd);

    Result run = run(with(with(entrypoint(), hubArgs), "--help"));
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("--config");
    Result proxy = run(with(with(entrypoint(), args(objects, "hub-ganymede-proxy")), "--help"));
    assertThat(proxy.exitCode()).as(proxy.output()).isZero();
    assertThat(proxy.output()).contains("--default-target", "--auth-cache-ttl");
  }

  private static List<String> args(List<HasMetadata> objects, String deployment) {
    return Chart.find(objects, Deployment.class, deployment)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getArgs();
  }

  /** The ENTRYPOINT with the image's jar path replaced by the jar built in this reactor. */
  private static List<String> entrypoint() throws IOException {
    List<String> entrypoint = instruction("ENTRYPOINT");
    assertThat(entrypoint).containsExactly("java", "-jar", IMAGE_JAR);
    assertThat(JAR)
        .as("the app's shaded jar; build it with: mvn -pl ganymede-deploy -am verify")
        .exists();
    String java =
        ProcessHandle.current().info().command().orElseThrow(() -> new AssertionError("no java"));
    return List.of(java, "-jar", JAR.toString());
  }

  /** The exec-form (JSON array) instruction of the Dockerfile's last stage. */
  private static List<String> instruction(String name) throws IOException {
    String line =
        Files.readAllLines(DOCKERFILE).stream()
            .filter(l -> l.startsWith(name + " "))
            .reduce((first, second) -> second)
            .orElseThrow(() -> new AssertionError("no " + name + " in " + DOCKERFILE));
    return List.of(new ObjectMapper().readValue(line.substring(name.length() + 1), String[].class));
  }

  private static List<String> with(List<String> command, String... more) {
    return with(command, List.of(more));
  }

  private static List<String> with(List<String> command, List<String> more) {
    List<String> all = new ArrayList<>(command);
    all.addAll(more);
    return all;
  }

  private static Result run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }
}
