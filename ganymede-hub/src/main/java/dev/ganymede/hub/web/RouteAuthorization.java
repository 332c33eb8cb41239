package dev.ganymede.hub.web;

import dev.ganymede.hub.jupyter.JupyterServerConfig;
import dev.ganymede.hub.server.ServerManager;
import dev.ganymede.hub.session.SessionManager;
import dev.ganymede.hub.store.Session;
import dev.ganymede.hub.store.User;
import dev.ganymede.hub.store.UserStatus;
import dev.ganymede.hub.store.UserStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST <base>hub/api/internal/authorize-route}: the standalone proxy asks whether a hub
 * session may use a user's server route. Authenticated with the proxy's token ({@code
 * Authorization: token <proxy.authToken>}); body {@code {"session", "route", "user",
 * "server_name"}}. Answers {@code {"allow": true, "headers": {"X-Ganymede-Server-Token": ...},
 * "stripCookies": [...]}} when the session is valid and belongs to the route's owner, else {@code
 * {"allow": false, "status", "message", "loginUrl"}}. The same rules as {@link UserServerGuard},
 * for a proxy that cannot read the hub's memory.
 *
 * <p>Blocking (reads the session store): run on a worker thread.
 */
final class RouteAuthorization {
  private static final Pattern TOKEN = Pattern.compile("token\\s+(\\S+)");

  private final SessionManager sessions;
  private final UserStore users;
  private final ServerManager servers;
  private final byte[] proxyToken;
  private final HubPaths paths;

  RouteAuthorization(
      SessionManager sessions,
      UserStore users,
      ServerManager servers,
      String proxyToken,
      HubPaths paths) {
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.users = Objects.requireNonNull(users, "users");
    this.servers = Objects.requireNonNull(servers, "servers");
    this.proxyToken = proxyToken.getBytes(StandardCharsets.UTF_8);
    this.paths = Objects.requireNonNull(paths, "paths");
  }

  /** The answer for one question; throws {@link HttpError} 403 for a wrong proxy token. */
  JsonObject decide(Optional<String> authorization, JsonObject question) {
    Matcher matcher = TOKEN.matcher(authorization.orElse(""));
    if (!matcher.find()
        || !MessageDigest.isEqual(proxyToken, matcher.group(1).getBytes(StandardCharsets.UTF_8))) {
      throw HttpError.forbidden("Only the proxy may ask this.");
    }
    String session = question.getString("session", "");
    Object owner = question.getValue("user");
    String serverName = question.getValue("server_name") instanceof String s ? s : "";
    if (!(owner instanceof String ownerName)) {
      return deny(403, "This route does not lead to a user's server.");
    }
    Optional<Session> found = session.isEmpty() ? Optional.empty() : sessions.lookup(session);
    Optional<User> user = found.flatMap(s -> users.find(s.user()));
    if (user.isEmpty() || user.get().status() != UserStatus.ACTIVE) {
      return deny(403, "Sign in to the hub first.").put("loginUrl", paths.hub("login"));
    }
    if (!user.get().name().equals(ownerName)) {
      return deny(403, "This server belongs to another user.");
    }
    Optional<String> token = servers.serverToken(ownerName, serverName);
    if (token.isEmpty()) {
      return deny(503, "The server is not ready yet; try again shortly.");
    }
    return new JsonObject()
        .put("allow", true)
        .put("headers", new JsonObject().put(JupyterServerConfig.TOKEN_HEADER, token.get()))
        .put("stripCookies", new JsonArray().add(SessionCookie.NAME).add(Csrf.ANONYMOUS_COOKIE));
  }

  private JsonObject deny(int status, String message) {
    return new JsonObject().put("allow", false).put("status", status).put("message", message);
  }
}
