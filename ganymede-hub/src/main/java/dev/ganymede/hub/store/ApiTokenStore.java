package dev.ganymede.hub.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * API tokens, stored by SHA-256 hash with a short prefix index. Blocking; thread-safe.
 *
 * <p>The caller hashes: {@code hash} is the lower-case SHA-256 hex of the token and {@code prefix}
 * its first four characters.
 */
public interface ApiTokenStore {

  /**
   * Stores a new token and returns it with its id. Throws {@link NotFoundException} if a user owner
   * does not exist.
   */
  ApiTokenRecord create(
      String owner,
      boolean service,
      String prefix,
      String hash,
      List<String> scopes,
      String note,
      String clientId,
      Optional<String> sessionId,
      Instant createdAt,
      Optional<Instant> expiresAt);

  /** The token with this hash (expired ones too: the caller decides). */
  Optional<ApiTokenRecord> findByHash(String prefix, String hash);

  Optional<ApiTokenRecord> find(long id);

  /** Tokens owned by a user (or a service), expired ones included. */
  List<ApiTokenRecord> listFor(String owner, boolean service);

  boolean delete(long id);

  /** Deletes the OAuth tokens issued in a hub session; returns how many. */
  int deleteForSession(String sessionId);

  /** Deletes every token of a user issued to an OAuth client; returns how many. */
  int deleteForClient(String owner, String clientId);

  /** Moves the last use forward (never backwards). */
  void touch(long id, Instant lastActivity);

  /** Deletes tokens that expired before {@code now}; returns how many. */
  int deleteExpired(Instant now);
}
