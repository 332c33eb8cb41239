package dev.ganymede.hub.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A browser sign-in. Only the SHA-256 hash of the session id is stored; the id itself lives in the
 * user's cookie.
 *
 * @param idHash hex SHA-256 of the session id
 * @param csrfToken the anti-forgery token of this session, sent back in forms and headers
 */
public record Session(
    String idHash, String user, String csrfToken, Instant createdAt, Instant expiresAt) {
  public Session {
    Objects.requireNonNull(idHash, "idHash");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(csrfToken, "csrfToken");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public String toString() {
    return "Session[user=" + user + ", createdAt=" + createdAt + ", expiresAt=" + expiresAt + "]";
  }
}
