package dev.ganymede.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ganymede.hub.auth.fakes.InMemoryUserStore;
import dev.ganymede.hub.auth.fakes.MutableClock;
import dev.ganymede.hub.auth.fakes.TestConfigs;
import dev.ganymede.hub.store.UserStatus;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PasswordAuthenticatorTest {

  private final InMemoryUserStore users = new InMemoryUserStore(new MutableClock());
  private final PasswordHasher hasher = TestConfigs.cheapHasher();
  private final PasswordAuthenticator authenticator = new PasswordAuthenticator(users, hasher);

  @Test
  void authenticatesTheRightPasswordWithTheStoredAdminFlag() {
    users.create("alice", true, UserStatus.ACTIVE, Optional.of(hasher.hash("alice's secret")));

    AuthOutcome outcome = authenticator.authenticate(attempt("Alice", "alice's secret"));

    assertThat(outcome)
        .isEqualTo(
            new AuthOutcome.Authenticated(
                new Identity("alice", java.util.Set.of(), Optional.of(true))));
  }

  @Test
  void rejectsAWrongPassword() {
    users.create("alice", false, UserStatus.ACTIVE, Optional.of(hasher.hash("alice's secret")));

    assertThat(authenticator.authenticate(attempt("alice", "guess")))
        .isEqualTo(new AuthOutcome.Rejected("alice", "wrong password"));
    assertThat(authenticator.authenticate(attempt("alice", "")))
        .isEqualTo(new AuthOutcome.Rejected("alice", "wrong password"));
  }

  @Test
  void rejectsAnUnknownUser() {
    assertThat(authenticator.authenticate(attempt("nobody", "whatever-password")))
        .isEqualTo(new AuthOutcome.Rejected("nobody", "unknown user"));
    assertThat(authenticator.authenticate(attempt("../etc", "whatever-password")))
        .isEqualTo(new AuthOutcome.Rejected("../etc", "unknown user"));
  }

  @Test
  void rejectsAnAccountWithoutPassword() {
    users.create("sso-user", false, UserStatus.ACTIVE, Optional.empty());

    assertThat(authenticator.authenticate(attempt("sso-user", "")))
        .isEqualTo(new AuthOutcome.Rejected("sso-user", "account has no password"));
  }

  @Test
  void saysAwaitingApprovalOnlyWhenThePendingAccountsPasswordIsRight() {
    users.create("newbie", false, UserStatus.PENDING, Optional.of(hasher.hash("newbie's secret")));

    assertThat(authenticator.authenticate(attempt("newbie", "newbie's secret")))
        .isEqualTo(new AuthOutcome.Rejected("newbie", PasswordAuthenticator.AWAITING_APPROVAL));
    assertThat(authenticator.authenticate(attempt("newbie", "guess")))
        .isEqualTo(new AuthOutcome.Rejected("newbie", "wrong password"));
  }

  @Test
  void rehashesAPasswordMadeWithOtherParametersKeepingTheMustChangeMark() {
    PasswordHasher older = new PasswordHasher(new PasswordHasher.Cost(16, 1, 1));
    users.create("alice", false, UserStatus.ACTIVE, Optional.of(older.hash("alice's secret")));
    users.setPasswordHash("alice", older.hash("alice's secret"), true);

    assertThat(authenticator.authenticate(attempt("alice", "alice's secret")))
        .isInstanceOf(AuthOutcome.Authenticated.class);

    String rehashed = users.passwordHash("alice").orElseThrow();
    assertThat(rehashed).startsWith("$argon2id$v=19$m=8,t=1,p=1$");
    assertThat(hasher.verify("alice's secret", rehashed)).isTrue();
    assertThat(users.find("alice").orElseThrow().passwordMustChange()).isTrue();
  }

  @Test
  void leavesACurrentHashAlone() {
    String stored = hasher.hash("alice's secret");
    users.create("alice", false, UserStatus.ACTIVE, Optional.of(stored));

    authenticator.authenticate(attempt("alice", "alice's secret"));

    assertThat(users.passwordHash("alice")).hasValue(stored);
  }

  @Test
  void anUnknownNamePaysForOneFullVerificationLikeAWrongPassword() {
    PasswordHasher hasher = TestConfigs.cheapHasher();
    java.util.List<String> verified = new java.util.ArrayList<>();
    PasswordAuthenticator counting =
        new PasswordAuthenticator(
            users,
            hasher,
            (password, encoded) -> {
              verified.add(encoded);
              return hasher.verify(password, encoded);
            });
    users.create("alice", false, UserStatus.ACTIVE, Optional.of(hasher.hash("alice's secret")));

    counting.authenticate(attempt("alice", "guess"));
    counting.authenticate(attempt("nobody", "guess"));
    counting.authenticate(attempt("a/b", "guess"));

    // one verification per attempt, each against a hash of the current cost, so that the time
    // taken does not tell an unknown name from a wrong password
    assertThat(verified).hasSize(3).allSatisfy(h -> assertThat(hasher.needsRehash(h)).isFalse());
  }

  @Test
  void isThePasswordKindWithAForm() {
    assertThat(authenticator.kind()).isEqualTo("password");
    assertThat(authenticator.usesPasswordForm()).isTrue();
  }

  static LoginAttempt attempt(String username, String password) {
    return new LoginAttempt(
        Map.of("username", username, "password", password), Map.of(), "192.0.2.1");
  }
}
