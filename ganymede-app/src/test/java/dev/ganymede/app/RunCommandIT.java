package dev.ganymede.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ganymede.testkit.FreePorts;
import dev.ganymede.testkit.JupyterFixture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a person runs it: the first start prints a one-time password once, the hub
 * serves its login page, SIGTERM (Ctrl-C) stops it cleanly, and a second start prints no password.
 */
class RunCommandIT {
  private static final Pattern PASSWORD = Pattern.compile("one-time password\\s+(\\S+)");

  @TempDir Path dataDir;
  @TempDir Path logs;

  @Test
  void theFirstStartPrintsAOneTimePasswordOnceAndCtrlCStopsTheHub() throws Exception {
    int port = FreePorts.next();
    CliProcess first = start(port);
    try {
      String output = first.awaitLine("is running at");
      assertThat(output).contains("http://127.0.0.1:" + port + "/");
      String passwordLine = first.awaitLine("with the one-time password");
      Matcher m = PASSWORD.matcher(passwordLine);
      assertThat(m.find()).as(passwordLine).isTrue();
      assertThat(m.group(1)).hasSizeGreaterThanOrEqualTo(16);
      HttpResponse<String> login = get(port, "/hub/login");
      assertThat(login.statusCode()).isEqualTo(200);
      assertThat(login.body()).contains("Sign in");
    } finally {
      assertThat(first.stop()).as("exit after SIGTERM").isIn(0, 130, 143);
    }
    assertThat(first.lines()).anyMatch(l -> l.contains("Stopping Ganymede"));

    long startedAt = System.nanoTime();
    CliProcess second = start(port);
    try {
      second.awaitLine("is running at");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> get(port, "/hub/login").statusCode() == 200);
      System.out.printf(
          "second start served its login page after %d ms%n",
          (System.nanoTime() - startedAt) / 1_000_000);
      assertThat(second.lines()).noneMatch(l -> l.contains("with the one-time password"));
    } finally {
      second.stop();
    }
  }

  private CliProcess start(int port) throws IOException {
    Path venvBin = JupyterFixture.jupyterLab().getParent();
    return CliProcess.start(
        List.of("run", "--port", Integer.toString(port), "--data-dir", dataDir.toString()),
        Files.createTempFile(logs, "hub", ".log"),
        dataDir,
        Map.of("PATH", venvBin + ":" + System.getenv("PATH")));
  }

  private static HttpResponse<String> get(int port, String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
