package dev.ganymede.hub.spawner;

import java.util.Map;
import java.util.Objects;

/**
 * What to start.
 *
 * @param user the owner's user name, as stored (not escaped)
 * @param serverName the server's name, {@code ""} for the user's default server
 * @param basePath the URL path the server is served under, with leading and trailing slash, e.g.
 *     {@code /user/alice/}; the proxy forwards this path unchanged
 * @param serverToken the per-server secret the server must require on every request; the proxy adds
 *     it to forwarded requests and it never reaches a browser
 * @param environment variables the hub wants set in the server's environment (hub variables and
 *     configured ones); the spawner adds its own (HOME, PATH, ...) and nothing else of the hub's
 * @param userOptions options chosen on the spawn form or sent through the API (profiles, later)
 */
public record SpawnRequest(
    String user,
    String serverName,
    String basePath,
    String serverToken,
    Map<String, String> environment,
    Map<String, Object> userOptions) {

  public SpawnRequest {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(serverName, "serverName");
    Objects.requireNonNull(basePath, "basePath");
    Objects.requireNonNull(serverToken, "serverToken");
    environment = Map.copyOf(environment);
    userOptions = Map.copyOf(userOptions);
  }

  /** Token omitted so requests can be logged. */
  @Override
  public String toString() {
    return "SpawnRequest[user="
        + user
        + ", serverName="
        + serverName
        + ", basePath="
        + basePath
        + "]";
  }
}
