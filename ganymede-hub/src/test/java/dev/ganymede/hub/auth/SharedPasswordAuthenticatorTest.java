package dev.ganymede.hub.auth;

import static dev.ganymede.hub.auth.PasswordAuthenticatorTest.attempt;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedPasswordAuthenticatorTest {

  private final SharedPasswordAuthenticator authenticator =
      new SharedPasswordAuthenticator("workshop-2026");

  @Test
  void authenticatesAnyValidNameWithTheSharedPassword() {
    assertThat(authenticator.authenticate(attempt("Alice", "workshop-2026")))
        .isEqualTo(new AuthOutcome.Authenticated(Identity.of("alice")));
    assertThat(authenticator.authenticate(attempt("a@b.org", "workshop-2026")))
        .isEqualTo(new AuthOutcome.Authenticated(Identity.of("a@b.org")));
  }

  @Test
  void rejectsAWrongSharedPassword() {
    assertThat(authenticator.authenticate(attempt("alice", "workshop-2025")))
        .isEqualTo(new AuthOutcome.Rejected("alice", "wrong password"));
    assertThat(authenticator.authenticate(attempt("alice", "workshop-2026 ")))
        .isEqualTo(new AuthOutcome.Rejected("alice", "wrong password"));
  }

  @Test
  void rejectsAMissingPassword() {
    assertThat(authenticator.authenticate(attempt("alice", "")))
        .isEqualTo(new AuthOutcome.Rejected("alice", "missing password"));
    assertThat(
            authenticator.authenticate(
                new LoginAttempt(Map.of("username", "alice"), Map.of(), "192.0.2.1")))
        .isEqualTo(new AuthOutcome.Rejected("alice", "missing password"));
  }

  @Test
  void rejectsAnInvalidNameEvenWithTheRightPassword() {
    assertThat(authenticator.authenticate(attempt("a/b", "workshop-2026")))
        .isEqualTo(new AuthOutcome.Rejected("a/b", "invalid user name"));
    assertThat(authenticator.authenticate(attempt("", "workshop-2026")))
        .isEqualTo(new AuthOutcome.Rejected("", "invalid user name"));
  }

  @Test
  void isTheSharedPasswordKindWithAForm() {
    assertThat(authenticator.kind()).isEqualTo("shared-password");
    assertThat(authenticator.usesPasswordForm()).isTrue();
  }
}
