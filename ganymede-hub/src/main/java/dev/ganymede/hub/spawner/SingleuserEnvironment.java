package dev.ganymede.hub.spawner;

import io.vertx.core.json.JsonArray;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The environment JupyterHub gives a single-user server ({@code jupyterhub-singleuser}), so that
 * standard images and the Debian package run unchanged against Ganymede.
 */
public final class SingleuserEnvironment {
  private SingleuserEnvironment() {}

  /**
   * @param hubUrl the hub's URL with its base path, as the server reaches it (e.g. {@code
   *     http://127.0.0.1:8000/}); without it the API URL falls back to JupyterHub's default
   * @param port the port the server listens on (loopback)
   */
  public static Map<String, String> of(SpawnRequest request, Optional<URI> hubUrl, int port) {
    String base = hubUrl.map(URI::getPath).filter(p -> p.endsWith("/")).orElse("/");
    String hubOrigin =
        hubUrl
            .map(u -> u.getScheme() + "://" + u.getRawAuthority())
            .orElse("http://127.0.0.1:8081");
    String api = hubOrigin + base + "hub/api";
    String prefix = request.basePath();
    String user = request.user();
    String server = request.serverName();
    String filterServer = user + "/" + server;
    Map<String, String> env = new LinkedHashMap<>();
    env.put("JUPYTERHUB_API_TOKEN", request.serverToken());
    env.put("JPY_API_TOKEN", request.serverToken());
    env.put("JUPYTERHUB_CLIENT_ID", ClientIds.of(user, server));
    env.put("JUPYTERHUB_API_URL", api);
    env.put("JUPYTERHUB_ACTIVITY_URL", api + "/users/" + ClientIds.quote(user) + "/activity");
    env.put("JUPYTERHUB_BASE_URL", base);
    env.put("JUPYTERHUB_SERVICE_PREFIX", prefix);
    env.put("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:" + port + prefix);
    env.put("JUPYTERHUB_OAUTH_CALLBACK_URL", prefix + "oauth_callback");
    String scopes =
        new JsonArray()
            .add("access:servers!server=" + filterServer)
            .add("access:servers!user=" + user)
            .encode();
    env.put("JUPYTERHUB_OAUTH_ACCESS_SCOPES", scopes);
    env.put("JUPYTERHUB_OAUTH_SCOPES", scopes);
    env.put("JUPYTERHUB_OAUTH_CLIENT_ALLOWED_SCOPES", "[]");
    env.put("JUPYTERHUB_USER", user);
    env.put("JUPYTERHUB_SERVER_NAME", server);
    env.put("JUPYTERHUB_HOST", "");
    env.put("JUPYTERHUB_PUBLIC_URL", "");
    env.put("JUPYTERHUB_PUBLIC_HUB_URL", "");
    env.put("JUPYTERHUB_COOKIE_HOST_PREFIX_ENABLED", "0");
    // Ganymede's users work in JupyterLab (JupyterHub sets this from Spawner.default_url)
    env.put("JUPYTERHUB_DEFAULT_URL", "/lab");
    return env;
  }
}
