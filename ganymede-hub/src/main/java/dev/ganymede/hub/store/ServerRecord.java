package dev.ganymede.hub.store;

import dev.ganymede.hub.spawner.SpawnerState;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The stored row of one server of one user.
 *
 * @param name {@code ""} for the default server
 * @param spawnerKind which spawner started it ({@code local}, ...)
 * @param spawnerState the spawner's notes for finding it again after a restart
 * @param url where the server listens, once known ({@code http://127.0.0.1:51234})
 * @param tokenNonce random value from which the hub derives this spawn's server token (the token
 *     itself is never stored)
 * @param failure why the last start failed, for {@link ServerState#FAILED}
 */
public record ServerRecord(
    String user,
    String name,
    ServerState state,
    String spawnerKind,
    SpawnerState spawnerState,
    Optional<URI> url,
    String tokenNonce,
    Optional<Instant> startedAt,
    Optional<Instant> lastActivity,
    Optional<String> failure) {

  public ServerRecord {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(spawnerKind, "spawnerKind");
    Objects.requireNonNull(spawnerState, "spawnerState");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(tokenNonce, "tokenNonce");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(lastActivity, "lastActivity");
    Objects.requireNonNull(failure, "failure");
  }

  public ServerRecord withState(ServerState value) {
    return new ServerRecord(
        user,
        name,
        value,
        spawnerKind,
        spawnerState,
        url,
        tokenNonce,
        startedAt,
        lastActivity,
        failure);
  }

  public ServerRecord withSpawnerState(SpawnerState value) {
    return new ServerRecord(
        user, name, state, spawnerKind, value, url, tokenNonce, startedAt, lastActivity, failure);
  }

  public ServerRecord withUrl(Optional<URI> value) {
    return new ServerRecord(
        user,
        name,
        state,
        spawnerKind,
        spawnerState,
        value,
        tokenNonce,
        startedAt,
        lastActivity,
        failure);
  }

  public ServerRecord withFailure(Optional<String> value) {
    return new ServerRecord(
        user,
        name,
        state,
        spawnerKind,
        spawnerState,
        url,
        tokenNonce,
        startedAt,
        lastActivity,
        value);
  }
}
