package dev.ganymede.hub.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * What a password must be: at least {@value #MIN_LENGTH} and at most {@value #MAX_LENGTH}
 * characters, and not the user name (ignoring case). Deliberately no composition rules (NIST SP
 * 800-63B); throttling and slow hashing do the rest.
 */
public final class PasswordPolicy {

  public static final int MIN_LENGTH = 8;
  public static final int MAX_LENGTH = 1024;

  /** A message for the user if {@code password} is not acceptable for {@code username}. */
  public Optional<String> problem(String password, String username) {
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(username, "username");
    int length = password.codePointCount(0, password.length());
    if (length < MIN_LENGTH) {
      return Optional.of("The password must be at least " + MIN_LENGTH + " characters long.");
    }
    if (length > MAX_LENGTH) {
      return Optional.of("The password must be at most " + MAX_LENGTH + " characters long.");
    }
    if (UserNames.normalize(password).equals(UserNames.normalize(username))) {
      return Optional.of("The password must not be the user name.");
    }
    return Optional.empty();
  }
}
