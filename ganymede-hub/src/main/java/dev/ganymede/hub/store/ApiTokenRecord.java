package dev.ganymede.hub.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored API token (never its value, only the SHA-256 of it).
 *
 * @param id database id; the API shows it as {@code a<id>}
 * @param owner the owning user's name, or the service's name when {@code service} is true
 * @param service whether a configured service owns it
 * @param scopes the scopes as requested (not yet expanded), e.g. {@code inherit} or {@code
 *     access:servers!server=alice/}
 * @param clientId {@code jupyterhub} for plain API tokens, else the OAuth client that got it
 * @param sessionId the hub session an OAuth token was issued in (revoked at sign-out)
 */
public record ApiTokenRecord(
    long id,
    String owner,
    boolean service,
    List<String> scopes,
    String note,
    String clientId,
    Optional<String> sessionId,
    Instant createdAt,
    Optional<Instant> expiresAt,
    Optional<Instant> lastActivity) {

  public ApiTokenRecord {
    Objects.requireNonNull(owner, "owner");
    scopes = List.copyOf(scopes);
    Objects.requireNonNull(note, "note");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(lastActivity, "lastActivity");
  }

  /** The id the REST API shows, {@code a<id>}. */
  public String apiId() {
    return "a" + id;
  }

  public boolean expiredAt(Instant now) {
    return expiresAt.isPresent() && !expiresAt.get().isAfter(now);
  }
}
