package dev.ganymede.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ganymede.hub.store.ServerState;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hub restart keeps users' servers, kernels and sign-ins. */
class HubRestartIT {
  @TempDir Path dataDir;

  @Test
  void aRestartedHubReattachesToARunningServerAndTheKernelStillAnswers() throws Exception {
    Hub first = Hub.start(TestHubs.config(dataDir), line -> {});
    HubClient alice;
    String kernel;
    try {
      first.accounts().addUser("alice", false, Optional.of("alice-password-1"), "test");
      alice = new HubClient(first.url());
      assertThat(alice.login("alice", "alice-password-1").statusCode()).isEqualTo(302);
      assertThat(alice.startServer().statusCode()).isEqualTo(302);
      HubClient client = alice;
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> client.get("/user/alice/api/status").statusCode() == 200);
      kernel = alice.startKernel("/user/alice/");
      assertThat(alice.execute("/user/alice/", kernel, "x = 40; x + 1")).isEqualTo("41");
    } finally {
      first.close();
    }

    // same data directory; the new hub listens on a new port, the browser keeps its cookies
    Hub second = Hub.start(TestHubs.config(dataDir), line -> {});
    try {
      assertThat(second.servers().view("alice", "").state()).isEqualTo(ServerState.RUNNING);
      HubClient again = new HubClient(second.url());
      again.addCookie("ganymede-session", alice.cookie("ganymede-session").orElseThrow());
      HttpResponse<String> status = again.get("/user/alice/api/status");
      assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
      String xsrfPage = again.get("/user/alice/lab").body();
      assertThat(xsrfPage).contains("jupyter-config-data");
      assertThat(again.execute("/user/alice/", kernel, "x + 2")).isEqualTo("42");
    } finally {
      second.servers().stop("alice", "");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> second.servers().view("alice", "").state() == ServerState.STOPPED);
      second.close();
    }
  }
}
