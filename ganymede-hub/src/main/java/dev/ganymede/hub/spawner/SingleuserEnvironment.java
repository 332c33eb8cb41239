package dev.ganymede.hub.spawner;

import io.vertx.core.json.JsonArray;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The environment JupyterHub gives a single-user server ({@code jupyterhub-singleuser}), so that
 * standard images and the Debian package run unchanged against Ganymede. The one place that builds
 * it, for every spawner: a local process and a Kubernetes pod differ only in the hub URL they reach
 * and the address they listen on. Spawners add their configured variables over it (they win, as
 * JupyterHub's {@code Spawner.environment} does); nothing of the hub's own environment is passed.
 *
 * <pre>{@code
 * SingleuserEnvironment.of(request, URI.create("http://127.0.0.1:8000/"), "127.0.0.1", 53211);
 * SingleuserEnvironment.of(request, URI.create("http://hub.jupyter.svc.cluster.local:8081/"),
 *     "0.0.0.0", 8888);                                      // a pod listens on all interfaces
 * }</pre>
 */
public final class SingleuserEnvironment {

  /** JupyterHub's default hub URL, for a server started before the hub knows its own. */
  public static final URI DEFAULT_HUB_URL = URI.create("http://127.0.0.1:8081/");

  private SingleuserEnvironment() {}

  /**
   * @param hubUrl the hub's URL with its base path, as the server reaches it (e.g. {@code
   *     http://127.0.0.1:8000/jh/}); a path that does not end with {@code /} counts as {@code /}
   * @param ip the address the server listens on ({@code 127.0.0.1}, or {@code 0.0.0.0} in a pod)
   * @param port the port the server listens on
   */
  public static Map<String, String> of(SpawnRequest request, URI hubUrl, String ip, int port) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(hubUrl, "hubUrl");
    Objects.requireNonNull(ip, "ip");
    String path = hubUrl.getRawPath();
    String base = path != null && path.endsWith("/") ? path : "/";
    String api = hubUrl.getScheme() + "://" + hubUrl.getRawAuthority() + base + "hub/api";
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
    env.put("JUPYTERHUB_SERVICE_URL", "http://" + ip + ":" + port + prefix);
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
