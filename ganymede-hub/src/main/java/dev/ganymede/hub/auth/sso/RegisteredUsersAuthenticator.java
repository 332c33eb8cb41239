package dev.ganymede.hub.auth.sso;

import dev.ganymede.hub.auth.AuthOutcome;
import dev.ganymede.hub.auth.Authenticator;
import dev.ganymede.hub.auth.Identity;
import dev.ganymede.hub.auth.LoginAttempt;
import dev.ganymede.hub.auth.UserNames;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Wraps an authenticator: once it has said who someone is, {@link RegisteredUsers} must confirm
 * that the person is registered elsewhere; admins named in {@code auth.adminUsers} skip the check.
 * Thread-safe.
 */
final class RegisteredUsersAuthenticator implements Authenticator {
  private final Authenticator inner;
  private final RegisteredUsers registry;
  private final Set<String> admins;

  RegisteredUsersAuthenticator(Authenticator inner, RegisteredUsers registry, Set<String> admins) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.admins = admins.stream().map(UserNames::normalize).collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public String kind() {
    return inner.kind();
  }

  @Override
  public boolean usesPasswordForm() {
    return inner.usesPasswordForm();
  }

  @Override
  public Entry entry() {
    return inner.entry();
  }

  @Override
  public String providerName() {
    return inner.providerName();
  }

  @Override
  public Optional<URI> signOutLocation() {
    return inner.signOutLocation();
  }

  @Override
  public Optional<Identity> reconfirm(String user) {
    return inner.reconfirm(user);
  }

  @Override
  public AuthOutcome authenticate(LoginAttempt attempt) {
    AuthOutcome outcome = inner.authenticate(attempt);
    if (!(outcome instanceof AuthOutcome.Authenticated authenticated)) {
      return outcome;
    }
    String name = authenticated.identity().username();
    if (admins.contains(UserNames.normalize(name))) {
      return outcome;
    }
    RegisteredUsers.Verdict verdict = registry.check(name);
    return verdict.registered() ? outcome : new AuthOutcome.Rejected(name, verdict.reason());
  }
}
