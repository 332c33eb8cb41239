package dev.ganymede.hub.spawner;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SingleuserEnvironmentTest {

  @Test
  void clientIdsQuoteNamesLikePython() {
    assertThat(ClientIds.of("alice", "")).isEqualTo("jupyterhub-user-alice");
    assertThat(ClientIds.of("a@b.org", "gpu")).isEqualTo("jupyterhub-user-a%40b.org-gpu");
    assertThat(ClientIds.of("x y", "")).isEqualTo("jupyterhub-user-x%20y");
  }

  @Test
  void aNamedServerGetsJupyterHubsEnvironment() {
    SpawnRequest request =
        new SpawnRequest("alice", "gpu", "/jh/user/alice/gpu/", "secret", Map.of(), Map.of());
    Map<String, String> env =
        SingleuserEnvironment.of(
            request, URI.create("http://127.0.0.1:8000/jh/"), "127.0.0.1", 5555);
    assertThat(env)
        .containsEntry("JUPYTERHUB_API_TOKEN", "secret")
        .containsEntry("JPY_API_TOKEN", "secret")
        .containsEntry("JUPYTERHUB_CLIENT_ID", "jupyterhub-user-alice-gpu")
        .containsEntry("JUPYTERHUB_API_URL", "http://127.0.0.1:8000/jh/hub/api")
        .containsEntry(
            "JUPYTERHUB_ACTIVITY_URL", "http://127.0.0.1:8000/jh/hub/api/users/alice/activity")
        .containsEntry("JUPYTERHUB_BASE_URL", "/jh/")
        .containsEntry("JUPYTERHUB_SERVICE_PREFIX", "/jh/user/alice/gpu/")
        .containsEntry("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:5555/jh/user/alice/gpu/")
        .containsEntry("JUPYTERHUB_OAUTH_CALLBACK_URL", "/jh/user/alice/gpu/oauth_callback")
        .containsEntry("JUPYTERHUB_SERVER_NAME", "gpu")
        .containsEntry("JUPYTERHUB_USER", "alice")
        .containsEntry("JUPYTERHUB_HOST", "");
    assertThat(env.get("JUPYTERHUB_OAUTH_ACCESS_SCOPES"))
        .isEqualTo("[\"access:servers!server=alice/gpu\",\"access:servers!user=alice\"]");
  }

  @Test
  void aPodListensOnAllInterfacesAndReachesTheHubAtItsServiceWithoutABasePath() {
    SpawnRequest request =
        new SpawnRequest("a@b.org", "", "/user/a@b.org/", "secret", Map.of(), Map.of());
    Map<String, String> env =
        SingleuserEnvironment.of(
            request, URI.create("http://hub.jupyter.svc.cluster.local:8081"), "0.0.0.0", 8888);
    assertThat(env)
        .containsEntry("JUPYTERHUB_API_URL", "http://hub.jupyter.svc.cluster.local:8081/hub/api")
        .containsEntry(
            "JUPYTERHUB_ACTIVITY_URL",
            "http://hub.jupyter.svc.cluster.local:8081/hub/api/users/a%40b.org/activity")
        .containsEntry("JUPYTERHUB_BASE_URL", "/")
        .containsEntry("JUPYTERHUB_SERVICE_URL", "http://0.0.0.0:8888/user/a@b.org/")
        .containsEntry("JUPYTERHUB_CLIENT_ID", "jupyterhub-user-a%40b.org")
        .containsEntry("JUPYTERHUB_SERVER_NAME", "");
  }
}
