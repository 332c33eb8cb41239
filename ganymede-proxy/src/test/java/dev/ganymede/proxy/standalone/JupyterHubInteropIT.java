package dev.ganymede.proxy.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ganymede.proxy.TestVertx;
import dev.ganymede.testkit.FreePorts;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's JupyterHub 3.0 uses Ganymede's standalone proxy in place of configurable-http-proxy
 * ({@code ConfigurableHTTPProxy.should_start = False}, {@code api_url} at our route API): it adds
 * its own routes, and a user's {@code jupyterhub-singleuser} server, started by JupyterHub's own
 * spawner, answers through our proxy.
 */
class JupyterHubInteropIT {
  private static final String PROXY_TOKEN = "interop-proxy-token-0123456789";
  private static final String SERVICE_TOKEN = "interop-service-token-0123456789";
  private static final Path JUPYTERHUB = Path.of("/usr/bin/jupyterhub");

  @TempDir Path dir;

  @Test
  void jupyterHubDrivesOurProxyAndItsUsersServerIsReachableThroughIt() throws Exception {
    assertThat(Files.isExecutable(JUPYTERHUB))
        .as(
            "Debian's JupyterHub is missing; install it with scripts/install-test-deps.sh"
                + " (sudo apt-get install jupyterhub)")
        .isTrue();
    int proxyPort = FreePorts.next();
    int apiPort = FreePorts.next();
    int hubPort = FreePorts.next();
    Vertx vertx = TestVertx.create();
    StandaloneProxy proxy =
        StandaloneProxy.start(
            vertx,
            StandaloneProxyOptions.defaults()
                .withPublic("127.0.0.1", proxyPort)
                .withApi("127.0.0.1", apiPort)
                .withAuthToken(PROXY_TOKEN)
                .withErrorTarget(URI.create("http://127.0.0.1:" + hubPort + "/hub/error")));
    Path config = dir.resolve("jupyterhub_config.py");
    Files.createDirectories(dir.resolve("home/alice"));
    Files.writeString(
        config,
        String.join(
            "\n",
            "c.JupyterHub.ip = '127.0.0.1'",
            "c.JupyterHub.port = " + proxyPort,
            "c.JupyterHub.hub_ip = '127.0.0.1'",
            "c.JupyterHub.hub_port = " + hubPort,
            "c.JupyterHub.db_url = 'sqlite:///" + dir.resolve("jupyterhub.sqlite") + "'",
            "c.JupyterHub.cookie_secret_file = '" + dir.resolve("cookie_secret") + "'",
            "c.ConfigurableHTTPProxy.should_start = False",
            "c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:" + apiPort + "'",
            "c.ConfigurableHTTPProxy.auth_token = '" + PROXY_TOKEN + "'",
            "c.JupyterHub.authenticator_class = 'jupyterhub.auth.DummyAuthenticator'",
            "c.JupyterHub.spawner_class = 'jupyterhub.spawner.SimpleLocalProcessSpawner'",
            "c.SimpleLocalProcessSpawner.home_dir_template = '"
                + dir.resolve("home")
                + "/{username}'",
            "c.Spawner.cmd = ['jupyterhub-singleuser']",
            "c.Spawner.args = ['--allow-root']",
            "c.Spawner.start_timeout = 60",
            "c.JupyterHub.services = [{'name': 'tester', 'api_token': '" + SERVICE_TOKEN + "'}]",
            "c.JupyterHub.load_roles = [{'name': 'tester', 'services': ['tester'],"
                + " 'scopes': ['admin:users', 'admin:servers', 'access:servers']}]",
            ""));
    Process hub =
        new ProcessBuilder(JUPYTERHUB.toString(), "-f", config.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("jupyterhub.log").toFile())
            .start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    URI base = URI.create("http://127.0.0.1:" + proxyPort);
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> proxy.routes().get("/").isPresent());
      assertThat(proxy.routes().get("/").get().route().data()).containsEntry("hub", true);
      assertThat(send(http, "GET", base.resolve("/hub/api/"), null).statusCode()).isEqualTo(200);

      assertThat(send(http, "POST", base.resolve("/hub/api/users/alice"), "").statusCode())
          .isIn(201, 409);
      assertThat(send(http, "POST", base.resolve("/hub/api/users/alice/server"), "").statusCode())
          .isIn(201, 202);
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> proxy.routes().get("/user/alice").isPresent());
      assertThat(proxy.routes().get("/user/alice").get().route().data())
          .containsEntry("user", "alice")
          .containsEntry("jupyterhub", true);
      HttpResponse<String> api = send(http, "GET", base.resolve("/user/alice/api/status"), null);
      assertThat(api.statusCode()).as(api.body()).isEqualTo(200);
      assertThat(api.body()).contains("started");

      assertThat(
              send(http, "DELETE", base.resolve("/hub/api/users/alice/server"), null).statusCode())
          .isIn(202, 204);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> proxy.routes().get("/user/alice").isEmpty());
    } finally {
      hub.destroy();
      if (!hub.waitFor(15, TimeUnit.SECONDS)) {
        hub.destroyForcibly().waitFor();
      }
      proxy.close();
      vertx.close().await();
    }
  }

  private static HttpResponse<String> send(HttpClient http, String method, URI uri, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "token " + SERVICE_TOKEN)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
