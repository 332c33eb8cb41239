package dev.ganymede.hub.auth;

import dev.ganymede.hub.config.AuthConfig;
import dev.ganymede.hub.store.User;
import dev.ganymede.hub.store.UserStatus;
import dev.ganymede.hub.store.UserStore;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kind {@code password}: the hub's own accounts, each with an Argon2id password hash in the {@link
 * UserStore}. Reads the form fields {@code username} and {@code password}.
 *
 * <p>Every attempt costs one password verification, also for unknown names and accounts without a
 * password (a dummy hash is verified), so that the response time does not reveal which names exist.
 * A pending account (self sign-up not yet approved) is rejected with reason {@link
 * #AWAITING_APPROVAL}, and only when its password is right. A hash made with other parameters than
 * the current ones is replaced on a successful sign-in.
 *
 * <p>Thread-safe; {@link #authenticate} blocks (hashing, store).
 */
public final class PasswordAuthenticator implements Authenticator {

  /** {@link AuthOutcome.Rejected#reason()} for a right password on a not yet approved account. */
  public static final String AWAITING_APPROVAL = "awaiting approval";

  private static final Logger log = LoggerFactory.getLogger(PasswordAuthenticator.class);

  private final UserStore users;
  private final PasswordHasher hasher;
  private final BiPredicate<String, String> verify;
  private final String dummyHash;

  public PasswordAuthenticator(UserStore users, PasswordHasher hasher) {
    this(users, hasher, hasher::verify);
  }

  /** With the verification step given (tests observe that every attempt pays for one). */
  PasswordAuthenticator(
      UserStore users, PasswordHasher hasher, BiPredicate<String, String> verify) {
    this.users = Objects.requireNonNull(users, "users");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.verify = Objects.requireNonNull(verify, "verify");
    this.dummyHash = hasher.hash("dummy password that no account has");
  }

  @Override
  public String kind() {
    return AuthConfig.PASSWORD;
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
    Optional<User> user = UserNames.problem(name).isPresent() ? Optional.empty() : users.find(name);
    Optional<String> stored = user.flatMap(found -> users.passwordHash(found.name()));
    boolean matches = verify.test(password, stored.orElse(dummyHash));
    if (user.isEmpty()) {
      return new AuthOutcome.Rejected(name, "unknown user");
    }
    if (stored.isEmpty()) {
      return new AuthOutcome.Rejected(name, "account has no password");
    }
    if (!matches || password.isEmpty()) {
      return new AuthOutcome.Rejected(name, "wrong password");
    }
    if (user.get().status() == UserStatus.PENDING) {
      return new AuthOutcome.Rejected(name, AWAITING_APPROVAL);
    }
    if (hasher.needsRehash(stored.get())) {
      users.setPasswordHash(name, hasher.hash(password), user.get().passwordMustChange());
      log.info("Rehashed the password of {} with the current parameters", name);
    }
    return new AuthOutcome.Authenticated(
        new Identity(name, Set.of(), Optional.of(user.get().admin())));
  }
}
