package dev.ganymede.hub.auth;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who signed in, as an authenticator sees it.
 *
 * @param username the name, not yet normalised
 * @param groups groups the identity provider reports (empty when it reports none)
 * @param admin the provider's say on the admin flag, if it has one
 */
public record Identity(String username, Set<String> groups, Optional<Boolean> admin) {
  public Identity {
    Objects.requireNonNull(username, "username");
    groups = Set.copyOf(groups);
    Objects.requireNonNull(admin, "admin");
  }

  public static Identity of(String username) {
    return new Identity(username, Set.of(), Optional.empty());
  }
}
