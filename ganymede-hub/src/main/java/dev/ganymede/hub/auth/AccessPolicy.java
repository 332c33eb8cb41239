package dev.ganymede.hub.auth;

import dev.ganymede.hub.config.AuthConfig;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may sign in once an {@link Authenticator} has said who someone is, from {@link AuthConfig}:
 *
 * <ol>
 *   <li>the name is {@linkplain UserNames#normalize normalised} and must be {@linkplain
 *       UserNames#problem valid};
 *   <li>{@link AuthConfig#blockedUsers()} are refused, admins included;
 *   <li>if {@link AuthConfig#allowedUsers()} is non-empty, only those names and admins are
 *       admitted;
 *   <li>admin = the name is in {@link AuthConfig#adminUsers()}, or the identity says it is an
 *       admin.
 * </ol>
 *
 * <p>Names in the configuration are normalised the same way. Immutable and thread-safe.
 */
public final class AccessPolicy {

  private final Set<String> admins;
  private final Set<String> allowed;
  private final Set<String> blocked;

  public AccessPolicy(AuthConfig config) {
    Objects.requireNonNull(config, "config");
    this.admins = normalized(config.adminUsers());
    this.allowed = normalized(config.allowedUsers());
    this.blocked = normalized(config.blockedUsers());
  }

  /** Decides whether {@code identity} may sign in, and as what. */
  public Admission admit(Identity identity) {
    Objects.requireNonNull(identity, "identity");
    String name = UserNames.normalize(identity.username());
    Optional<String> problem = UserNames.problem(name);
    if (problem.isPresent()) {
      return new Admission.Refused("invalid user name: " + problem.get());
    }
    if (blocked.contains(name)) {
      return new Admission.Refused("blocked user");
    }
    boolean admin = admins.contains(name) || identity.admin().orElse(false);
    if (!allowed.isEmpty() && !allowed.contains(name) && !admin) {
      return new Admission.Refused("not an allowed user");
    }
    return new Admission.Admitted(name, admin);
  }

  private static Set<String> normalized(Set<String> names) {
    return names.stream().map(UserNames::normalize).collect(Collectors.toUnmodifiableSet());
  }
}
