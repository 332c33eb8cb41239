package dev.ganymede.hub.server;

import dev.ganymede.hub.store.ServerState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the hub currently knows about one server, for pages and the REST API.
 *
 * @param serverName {@code ""} for the default server
 * @param basePath the URL path of the server, with leading and trailing slash, e.g. {@code
 *     /user/alice/} or {@code /user/alice/gpu/}
 * @param failure why the last start failed, when {@code state} is {@link ServerState#FAILED}
 * @param progress the current spawn's progress from 0 to 100 while starting; 100 when running or
 *     failed, 0 when stopping or stopped
 */
public record ServerView(
    String user,
    String serverName,
    ServerState state,
    String basePath,
    Optional<String> failure,
    Optional<Instant> lastActivity,
    int progress,
    Optional<Instant> startedAt) {

  public ServerView {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(serverName, "serverName");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(basePath, "basePath");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(lastActivity, "lastActivity");
    Objects.requireNonNull(startedAt, "startedAt");
  }
}
