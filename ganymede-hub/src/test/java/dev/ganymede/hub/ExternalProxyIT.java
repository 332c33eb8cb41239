package dev.ganymede.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ganymede.hub.config.GanymedeConfig;
import dev.ganymede.proxy.standalone.StandaloneProxy;
import dev.ganymede.proxy.standalone.StandaloneProxyOptions;
import dev.ganymede.testkit.FreePorts;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub driving a separate proxy ({@code proxy.mode: external}) over the route API, both in this
 * JVM as separate instances: users keep working while the hub restarts, and a restarted proxy gets
 * its routes back within one route-check interval.
 */
class ExternalProxyIT {
  private static final String TOKEN = "external-proxy-token-0123456789";
  private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

  @TempDir Path dataDir;

  @Test
  void anOpenKernelAndServerRequestsSurviveAHubRestartAndARestartedProxyIsHealed()
      throws Exception {
    int hubPort = FreePorts.next();
    int proxyPort = FreePorts.next();
    int apiPort = FreePorts.next();
    URI hubUrl = URI.create("http://127.0.0.1:" + hubPort);
    GanymedeConfig base = TestHubs.config(dataDir);
    GanymedeConfig config =
        base.withHub(base.hub().withPort(hubPort))
            .withProxy(
                base.proxy()
                    .withExternal(
                        URI.create("http://127.0.0.1:" + apiPort), TOKEN, CHECK_INTERVAL));
    StandaloneProxyOptions proxyOptions =
        StandaloneProxyOptions.defaults()
            .withPublic("127.0.0.1", proxyPort)
            .withApi("127.0.0.1", apiPort)
            .withAuthToken(TOKEN)
            .withDefaultTarget(hubUrl)
            .withErrorTarget(URI.create(hubUrl + "/hub/error"))
            .withHubAuthUrl(URI.create(hubUrl + "/hub/api/internal/authorize-route"));
    Vertx vertx = Vertx.vertx();
    StandaloneProxy proxy = StandaloneProxy.start(vertx, proxyOptions);
    Hub hub = Hub.start(config, line -> {});
    HubClient alice = new HubClient(URI.create("http://127.0.0.1:" + proxyPort + "/"));
    try {
      hub.accounts().addUser("alice", false, Optional.of("alice-password-1"), "test");
      hub.accounts().addUser("bob", false, Optional.of("bob-password-1"), "test");
      assertThat(alice.login("alice", "alice-password-1").statusCode()).isEqualTo(302);
      assertThat(alice.startServer().statusCode()).isEqualTo(302);
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> alice.get("/user/alice/api/status").statusCode() == 200);
      HubClient bob = new HubClient(URI.create("http://127.0.0.1:" + proxyPort + "/"));
      assertThat(bob.login("bob", "bob-password-1").statusCode()).isEqualTo(302);
      assertThat(bob.get("/user/alice/api/contents").statusCode()).isEqualTo(403);
      assertThat(
              new HubClient(alice.uri("/"))
                  .get("/user/alice/lab", "Accept", "text/html")
                  .headers()
                  .firstValue("Location"))
          .hasValueSatisfying(l -> assertThat(l).startsWith("/hub/login?next="));

      String kernel = alice.startKernel("/user/alice/");
      try (HubClient.KernelChannel channel = alice.openKernelChannel("/user/alice/", kernel)) {
        assertThat(channel.execute("x = 40; x + 1")).isEqualTo("41");

        hub.close();
        hub = null;
        // the hub is gone: the open kernel and requests to the running server still work,
        // only the hub's own pages fail
        assertThat(channel.execute("x + 2")).isEqualTo("42");
        assertThat(alice.get("/user/alice/api/status").statusCode()).isEqualTo(200);
        HttpResponse<String> hubPage = alice.get("/hub/home");
        assertThat(hubPage.statusCode()).isEqualTo(503);

        hub = Hub.start(config, line -> {});
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> alice.get("/hub/home").statusCode() == 200);
        assertThat(channel.execute("x + 3")).isEqualTo("43");
      }

      // a restarted proxy starts empty; the hub's route check adds alice's route again
      proxy.close();
      proxy = StandaloneProxy.start(vertx, proxyOptions);
      StandaloneProxy restarted = proxy;
      long begun = System.nanoTime();
      await()
          .atMost(CHECK_INTERVAL.multipliedBy(5))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> restarted.routes().get("/user/alice").isPresent());
      assertThat(Duration.ofNanos(System.nanoTime() - begun))
          .isLessThanOrEqualTo(CHECK_INTERVAL.plusSeconds(2));
      assertThat(alice.get("/user/alice/api/status").statusCode()).isEqualTo(200);
    } finally {
      if (hub != null) {
        hub.servers().stop("alice", "");
        Hub stopping = hub;
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> !stopping.servers().view("alice", "").state().mayBeRunning());
        hub.close();
      }
      proxy.close();
      vertx.close().await();
    }
  }
}
