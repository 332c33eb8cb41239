package dev.ganymede.hub.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Section {@code auth.state}: sign-in state handed to users' servers (provider tokens).
 *
 * @param key the secret that encrypts that state in the database (AES-GCM under a key derived from
 *     it); without it the state lives in the hub's memory only and is gone after a restart, until
 *     each user signs in again
 */
public record AuthStateConfig(Optional<String> key) {

  public AuthStateConfig {
    Objects.requireNonNull(key, "key");
  }

  public static AuthStateConfig defaults() {
    return new AuthStateConfig(Optional.empty());
  }

  @Override
  public String toString() {
    return "AuthStateConfig[key=" + (key.isPresent() ? "<set>" : "<unset>") + "]";
  }
}
