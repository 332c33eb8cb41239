package dev.ganymede.hub.auth;

import dev.ganymede.hub.config.AuthConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * Kind {@code shared-password}, for workshops: any valid user name with the one configured
 * password. Who may use which name is then up to {@link AccessPolicy} (allowed and blocked users);
 * the hub creates the account on the first sign-in.
 *
 * <p>The comparison takes the same time whatever the submitted password is (both sides are
 * SHA-256-hashed, then compared in constant time). Thread-safe.
 */
public final class SharedPasswordAuthenticator implements Authenticator {

  private final byte[] sharedPasswordDigest;

  public SharedPasswordAuthenticator(String sharedPassword) {
    Objects.requireNonNull(sharedPassword, "sharedPassword");
    if (sharedPassword.isEmpty()) {
      throw new IllegalArgumentException("auth.sharedPassword must not be empty");
    }
    this.sharedPasswordDigest = sha256(sharedPassword);
  }

  @Override
  public String kind() {
    return AuthConfig.SHARED_PASSWORD;
  }

  @Override
  public boolean usesPasswordForm() {
    return true;
  }

  @Override
  public AuthOutcome authenticate(LoginAttempt attempt) {
    Objects.requireNonNull(attempt, "attempt");
    String name = UserNames.normalize(attempt.field("username"));
    String password = attempt.field("password");
    boolean matches = MessageDigest.isEqual(sha256(password), sharedPasswordDigest);
    if (UserNames.problem(name).isPresent()) {
      return new AuthOutcome.Rejected(name, "invalid user name");
    }
    if (password.isEmpty()) {
      return new AuthOutcome.Rejected(name, "missing password");
    }
    if (!matches) {
      return new AuthOutcome.Rejected(name, "wrong password");
    }
    return new AuthOutcome.Authenticated(Identity.of(name));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", impossible);
    }
  }
}
