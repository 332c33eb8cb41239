package dev.ganymede.hub.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A hub account. The password hash is not part of this value; {@link UserStore#passwordHash} reads
 * it where it is needed.
 *
 * @param status {@link UserStatus#ACTIVE}, or {@link UserStatus#PENDING} for a self sign-up an
 *     admin has not approved yet
 * @param passwordMustChange the password was generated (first admin, reset) and must be replaced at
 *     the next sign-in
 */
public record User(
    long id,
    String name,
    boolean admin,
    UserStatus status,
    Instant createdAt,
    Optional<Instant> lastActivity,
    boolean passwordMustChange) {

  public User {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastActivity, "lastActivity");
  }
}
