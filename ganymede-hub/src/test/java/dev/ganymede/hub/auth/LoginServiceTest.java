package dev.ganymede.hub.auth;

import static dev.ganymede.hub.auth.PasswordAuthenticatorTest.attempt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ganymede.hub.auth.fakes.InMemorySessionStore;
import dev.ganymede.hub.auth.fakes.InMemoryUserStore;
import dev.ganymede.hub.auth.fakes.MutableClock;
import dev.ganymede.hub.auth.fakes.RecordingEventSink;
import dev.ganymede.hub.auth.fakes.TestConfigs;
import dev.ganymede.hub.config.AuthConfig;
import dev.ganymede.hub.event.HubEvent;
import dev.ganymede.hub.session.SessionManager;
import dev.ganymede.hub.store.User;
import dev.ganymede.hub.store.UserStatus;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoginServiceTest {

  private final MutableClock clock = new MutableClock();
  private final InMemoryUserStore users = new InMemoryUserStore(clock);
  private final InMemorySessionStore sessionStore = new InMemorySessionStore();
  private final RecordingEventSink events = new RecordingEventSink();
  private final PasswordHasher hasher = TestConfigs.cheapHasher();

  private LoginService service(AuthConfig config, Authenticator authenticator) {
    return new LoginService(
        authenticator,
        new AccessPolicy(config),
        new LoginThrottle(config, clock),
        users,
        new SessionManager(sessionStore, config, clock),
        events,
        clock);
  }

  private LoginService passwordService(AuthConfig config) {
    return service(config, new PasswordAuthenticator(users, hasher));
  }

  private void account(String name, String password, boolean admin, UserStatus status) {
    users.create(name, admin, status, Optional.of(hasher.hash(password)));
  }

  @Test
  void signsInWithTheRightPasswordAndOpensASession() {
    account("alice", "alice's secret", false, UserStatus.ACTIVE);
    LoginService service = passwordService(TestConfigs.password());

    LoginResult result = service.login(attempt("Alice", "alice's secret"));

    assertThat(result)
        .isInstanceOfSatisfying(
            LoginResult.Success.class,
            success -> {
              assertThat(success.user()).isEqualTo("alice");
              assertThat(success.mustChangePassword()).isFalse();
              assertThat(success.session().session().user()).isEqualTo("alice");
            });
    assertThat(sessionStore.all()).hasSize(1);
    assertThat(users.find("alice").orElseThrow().lastActivity()).hasValue(clock.instant());
  }

  @Test
  void publishesTheSuccessWithoutThePassword() {
    account("alice", "alice's secret", false, UserStatus.ACTIVE);

    passwordService(TestConfigs.password()).login(attempt("Alice", "alice's secret"));

    HubEvent event = events.last();
    assertThat(event.type()).isEqualTo("login.success");
    assertThat(event.actor()).isEqualTo("Alice");
    assertThat(event.subject()).isEqualTo("alice");
    assertThat(event.clientAddress()).isEqualTo("192.0.2.1");
    assertThat(event.outcome()).isEqualTo("success");
    assertThat(event.at()).isEqualTo(clock.instant());
    assertThat(event.toString()).doesNotContain("alice's secret");
  }

  @Test
  void failsWithTheGenericMessageForAWrongPasswordAndPublishesTheReason() {
    account("alice", "alice's secret", false, UserStatus.ACTIVE);

    LoginResult result =
        passwordService(TestConfigs.password()).login(attempt("alice", "hunter2-guess"));

    assertThat(result).isEqualTo(new LoginResult.Failure("Invalid user name or password."));
    assertThat(sessionStore.all()).isEmpty();
    HubEvent event = events.last();
    assertThat(event.type()).isEqualTo("login.failure");
    assertThat(event.actor()).isEqualTo("alice");
    assertThat(event.outcome()).isEqualTo("failure");
    assertThat(event.details()).containsEntry("reason", "wrong password");
    assertThat(event.toString()).doesNotContain("hunter2-guess");
  }

  @Test
  void failsWithTheSameMessageForAnUnknownName() {
    LoginResult result = passwordService(TestConfigs.password()).login(attempt("nobody", "guess"));

    assertThat(result).isEqualTo(new LoginResult.Failure(LoginResult.Failure.INVALID_CREDENTIALS));
    assertThat(events.last().details()).containsEntry("reason", "unknown user");
  }

  @Test
  void tellsAPendingAccountToWaitForApproval() {
    account("newbie", "newbie's secret", false, UserStatus.PENDING);

    LoginResult result =
        passwordService(TestConfigs.password()).login(attempt("newbie", "newbie's secret"));

    assertThat(result)
        .isEqualTo(
            new LoginResult.Failure("Your account is waiting for an administrator's approval."));
    assertThat(((LoginResult.Failure) result).awaitingApproval()).isTrue();
    assertThat(sessionStore.all()).isEmpty();
    assertThat(events.last().details()).containsEntry("reason", "awaiting approval");
  }

  @Test
  void throttlesAfterTooManyFailuresEvenWithTheRightPassword() {
    account("alice", "alice's secret", false, UserStatus.ACTIVE);
    AuthConfig config = TestConfigs.throttle(3, Duration.ofMinutes(5));
    LoginService service = passwordService(config);
    for (int i = 0; i < 3; i++) {
      assertThat(service.login(attempt("alice", "guess " + i)))
          .isInstanceOf(LoginResult.Failure.class);
    }

    LoginResult result = service.login(attempt("alice", "alice's secret"));

    assertThat(result).isEqualTo(new LoginResult.Throttled(Duration.ofMinutes(5)));
    assertThat(sessionStore.all()).isEmpty();
    assertThat(events.last().type()).isEqualTo("login.failure");
    assertThat(events.last().details()).containsEntry("reason", "throttled");

    clock.advance(Duration.ofMinutes(5));
    assertThat(service.login(attempt("alice", "alice's secret")))
        .isInstanceOf(LoginResult.Success.class);
  }

  @Test
  void forgetsTheNamesFailuresAfterASuccess() {
    account("alice", "alice's secret", false, UserStatus.ACTIVE);
    LoginService service = passwordService(TestConfigs.throttle(3, Duration.ofMinutes(5)));
    service.login(attempt("alice", "guess 1"));
    service.login(attempt("alice", "guess 2"));
    service.login(attempt("alice", "alice's secret"));

    LoginResult oneMoreTypo =
        service.login(
            new LoginAttempt(
                Map.of("username", "alice", "password", "typo"), Map.of(), "198.51.100.7"));

    assertThat(oneMoreTypo).isInstanceOf(LoginResult.Failure.class);
    assertThat(service.login(attempt("alice", "alice's secret")))
        .isInstanceOf(LoginResult.Success.class);
  }

  @Test
  void reportsThatTheOneTimePasswordMustBeChanged() {
    account("alice", "one-time-password", false, UserStatus.ACTIVE);
    users.setPasswordHash("alice", hasher.hash("one-time-password"), true);

    LoginResult result =
        passwordService(TestConfigs.password()).login(attempt("alice", "one-time-password"));

    assertThat(result)
        .isInstanceOfSatisfying(
            LoginResult.Success.class,
            success -> assertThat(success.mustChangePassword()).isTrue());
  }

  @Test
  void refusesABlockedUserWithTheRightPassword() {
    account("mallory", "mallory's secret", false, UserStatus.ACTIVE);
    LoginService service =
        passwordService(TestConfigs.password(Set.of("admin"), Set.of(), Set.of("mallory")));

    assertThat(service.login(attempt("mallory", "mallory's secret")))
        .isEqualTo(new LoginResult.Failure(LoginResult.Failure.INVALID_CREDENTIALS));
    assertThat(events.last().details()).containsEntry("reason", "blocked user");
    assertThat(sessionStore.all()).isEmpty();
  }

  @Test
  void makesConfiguredAdminsAdminsAtSignIn() {
    account("root", "root's secret!", false, UserStatus.ACTIVE);
    LoginService service =
        passwordService(TestConfigs.password(Set.of("root"), Set.of(), Set.of()));

    service.login(attempt("root", "root's secret!"));

    assertThat(users.find("root").map(User::admin)).hasValue(true);
  }

  @Test
  void keepsAnAdminMadeInTheHubAnAdmin() {
    account("carol", "carol's secret", true, UserStatus.ACTIVE);

    passwordService(TestConfigs.password()).login(attempt("carol", "carol's secret"));

    assertThat(users.find("carol").map(User::admin)).hasValue(true);
  }

  @Test
  void createsTheAccountOnTheFirstSharedPasswordSignIn() {
    AuthConfig config = TestConfigs.sharedPassword("workshop-2026", Set.of("teacher"));
    LoginService service = service(config, new SharedPasswordAuthenticator("workshop-2026"));

    LoginResult student = service.login(attempt("Student1", "workshop-2026"));
    LoginResult teacher = service.login(attempt("teacher", "workshop-2026"));
    LoginResult again = service.login(attempt("student1", "workshop-2026"));

    assertThat(student).isInstanceOf(LoginResult.Success.class);
    assertThat(teacher).isInstanceOf(LoginResult.Success.class);
    assertThat(again).isInstanceOf(LoginResult.Success.class);
    assertThat(users.list())
        .extracting(User::name, User::admin, User::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("student1", false, UserStatus.ACTIVE),
            org.assertj.core.groups.Tuple.tuple("teacher", true, UserStatus.ACTIVE));
    assertThat(users.passwordHash("student1")).isEmpty();
  }

  @Test
  void keepsAPendingAccountOutWhateverTheAuthenticator() {
    users.create("newbie", false, UserStatus.PENDING, Optional.empty());
    AuthConfig config = TestConfigs.sharedPassword("workshop-2026", Set.of());
    LoginService service = service(config, new SharedPasswordAuthenticator("workshop-2026"));

    assertThat(service.login(attempt("newbie", "workshop-2026")))
        .isEqualTo(new LoginResult.Failure(LoginResult.Failure.AWAITING_APPROVAL));
    assertThat(sessionStore.all()).isEmpty();
  }

  @Test
  void createsNoAccountForAWrongSharedPassword() {
    AuthConfig config = TestConfigs.sharedPassword("workshop-2026", Set.of());
    LoginService service = service(config, new SharedPasswordAuthenticator("workshop-2026"));

    assertThat(service.login(attempt("student1", "workshop-2025")))
        .isInstanceOf(LoginResult.Failure.class);
    assertThat(service.login(attempt("student1", ""))).isInstanceOf(LoginResult.Failure.class);
    assertThat(users.list()).isEmpty();
  }

  @Test
  void passesAnIdentityProvidersRedirectOn() {
    URI location = URI.create("https://idp.example/authorize?state=s");
    Authenticator sso =
        new Authenticator() {
          @Override
          public String kind() {
            return "oidc";
          }

          @Override
          public boolean usesPasswordForm() {
            return false;
          }

          @Override
          public AuthOutcome authenticate(LoginAttempt attempt) {
            return new AuthOutcome.Redirect(location);
          }
        };

    LoginResult result = service(TestConfigs.password(), sso).login(attempt("", ""));

    assertThat(result).isEqualTo(new LoginResult.Redirect(location));
    assertThat(events.events()).isEmpty();
  }

  @Test
  void namesAnAnonymousAttemptAnonymous() {
    passwordService(TestConfigs.password()).login(attempt("", ""));

    assertThat(events.last().actor()).isEqualTo("anonymous");
  }
}
