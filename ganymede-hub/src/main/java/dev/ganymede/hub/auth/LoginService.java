package dev.ganymede.hub.auth;

import dev.ganymede.hub.config.AuthConfig;
import dev.ganymede.hub.event.EventSink;
import dev.ganymede.hub.event.HubEvent;
import dev.ganymede.hub.session.OpenedSession;
import dev.ganymede.hub.session.SessionManager;
import dev.ganymede.hub.store.AlreadyExistsException;
import dev.ganymede.hub.store.Session;
import dev.ganymede.hub.store.User;
import dev.ganymede.hub.store.UserStatus;
import dev.ganymede.hub.store.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One sign-in from start to end, in this order:
 *
 * <ol>
 *   <li>{@link LoginThrottle}: refuse at once after too many failures for the name or address;
 *   <li>the {@link Authenticator}: who is this? (a rejection counts as a failure for the throttle,
 *       except a right password on a pending account);
 *   <li>{@link AccessPolicy}: may they sign in, as admin or not?
 *   <li>the account: for authenticators other than {@code password} (shared password, later single
 *       sign-on) it is created on first sign-in (active, no password); the admin flag follows the
 *       policy;
 *   <li>the {@link SignInListener} (group sync with {@code auth.oidc.syncGroups});
 *   <li>a new session ({@link SessionManager#open});
 *   <li>an event {@code login.success} or {@code login.failure} (actor and subject: the attempted
 *       name; details: the reason and authenticator; never the password).
 * </ol>
 *
 * <p>Thread-safe. {@link #login} blocks (hashing, store): call it on a virtual thread or worker.
 *
 * <pre>{@code
 * switch (loginService.login(attempt)) {
 *   case LoginResult.Success s -> setCookieAndRedirect(s.session().cookieValue(), s.mustChangePassword());
 *   case LoginResult.Failure f -> showForm(f.userMessage());
 *   case LoginResult.Throttled t -> tooManyRequests(t.retryAfter());
 *   case LoginResult.Redirect r -> redirect(r.location());
 * }
 * }</pre>
 */
public final class LoginService {

  static final int MAX_LOGGED_NAME_LENGTH = 300;

  private final Authenticator authenticator;
  private final AccessPolicy policy;
  private final LoginThrottle throttle;
  private final UserStore users;
  private final SessionManager sessions;
  private final EventSink events;
  private final Clock clock;
  private final SignInListener listener;

  public LoginService(
      Authenticator authenticator,
      AccessPolicy policy,
      LoginThrottle throttle,
      UserStore users,
      SessionManager sessions,
      EventSink events,
      Clock clock) {
    this(authenticator, policy, throttle, users, sessions, events, clock, SignInListener.NONE);
  }

  /**
   * @param listener told of each sign-in before its session opens (group sync)
   */
  public LoginService(
      Authenticator authenticator,
      AccessPolicy policy,
      LoginThrottle throttle,
      UserStore users,
      SessionManager sessions,
      EventSink events,
      Clock clock,
      SignInListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.throttle = Objects.requireNonNull(throttle, "throttle");
    this.users = Objects.requireNonNull(users, "users");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Runs one sign-in attempt. */
  public LoginResult login(LoginAttempt attempt) {
    Objects.requireNonNull(attempt, "attempt");
    String attempted = attempt.field("username");
    String address = attempt.clientAddress();

    Optional<Duration> blocked = throttle.blockedFor(attempted, address);
    if (blocked.isPresent()) {
      publishFailure(attempted, address, "throttled");
      return new LoginResult.Throttled(blocked.get());
    }

    Identity identity;
    switch (authenticator.authenticate(attempt)) {
      case AuthOutcome.Redirect redirect -> {
        return new LoginResult.Redirect(redirect.location());
      }
      case AuthOutcome.Rejected rejected -> {
        publishFailure(
            attempted.isEmpty() ? rejected.username() : attempted, address, rejected.reason());
        if (rejected.reason().equals(PasswordAuthenticator.AWAITING_APPROVAL)) {
          return new LoginResult.Failure(LoginResult.Failure.AWAITING_APPROVAL);
        }
        throttle.recordFailure(attempted, address);
        return refused();
      }
      case AuthOutcome.Authenticated authenticated -> identity = authenticated.identity();
    }
    if (attempted.isEmpty()) {
      attempted = identity.username(); // single sign-on: the provider names the user
    }

    Admission.Admitted admitted;
    switch (policy.admit(identity)) {
      case Admission.Refused refused -> {
        publishFailure(identity.username(), address, refused.reason());
        return refused();
      }
      case Admission.Admitted a -> admitted = a;
    }

    Optional<User> account = account(admitted);
    if (account.isEmpty()) {
      publishFailure(attempted, address, "unknown user");
      return refused();
    }
    User user = account.get();
    if (user.status() == UserStatus.PENDING) {
      publishFailure(attempted, address, PasswordAuthenticator.AWAITING_APPROVAL);
      return new LoginResult.Failure(LoginResult.Failure.AWAITING_APPROVAL);
    }
    throttle.recordSuccess(attempted, address);
    listener.signedIn(user.name(), identity);
    OpenedSession session = sessions.open(user.name());
    users.touch(user.name(), clock.instant());
    publish(
        "login.success",
        attempted,
        user.name(),
        address,
        Map.of(
            "reason", "signed in",
            "authenticator", authenticator.kind(),
            "admin", Boolean.toString(user.admin())));
    return new LoginResult.Success(session, user.name(), user.passwordMustChange());
  }

  /**
   * The stored account of an admitted name with the policy's admin flag; created on first sign-in
   * unless the authenticator is {@code password} (whose accounts exist beforehand).
   */
  private Optional<User> account(Admission.Admitted admitted) {
    String name = admitted.name();
    Optional<User> existing = users.find(name);
    if (existing.isEmpty()) {
      if (authenticator.kind().equals(AuthConfig.PASSWORD)) {
        return Optional.empty(); // deleted since the authenticator looked
      }
      try {
        return Optional.of(
            users.create(name, admitted.admin(), UserStatus.ACTIVE, Optional.empty()));
      } catch (AlreadyExistsException createdMeanwhile) {
        existing = users.find(name);
        if (existing.isEmpty()) {
          return Optional.empty();
        }
      }
    }
    User user = existing.get();
    if (user.admin() == admitted.admin()) {
      return Optional.of(user);
    }
    users.setAdmin(name, admitted.admin());
    return Optional.of(
        new User(
            user.id(),
            user.name(),
            admitted.admin(),
            user.status(),
            user.createdAt(),
            user.lastActivity(),
            user.passwordMustChange()));
  }

  private LoginResult.Failure refused() {
    return new LoginResult.Failure(
        authenticator.usesPasswordForm()
            ? LoginResult.Failure.INVALID_CREDENTIALS
            : LoginResult.Failure.SIGN_IN_REFUSED);
  }

  /**
   * Signs out the session behind {@code cookieValue} (if any) and records a {@code logout} event
   * for its user. Blocking; does nothing for an unknown or expired session.
   */
  public void logout(String cookieValue, String clientAddress) {
    Objects.requireNonNull(cookieValue, "cookieValue");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Optional<Session> session = sessions.lookup(cookieValue);
    sessions.close(cookieValue);
    session.ifPresent(
        s ->
            events.publish(
                new HubEvent(
                    clock.instant(),
                    "logout",
                    s.user(),
                    s.user(),
                    clientAddress,
                    "success",
                    Map.of())));
  }

  private void publishFailure(String attempted, String address, String reason) {
    String subject = attempted.isEmpty() ? "anonymous" : shortened(attempted);
    publish(
        "login.failure",
        attempted,
        subject,
        address,
        Map.of("reason", reason, "authenticator", authenticator.kind()));
  }

  private void publish(
      String type, String attempted, String subject, String address, Map<String, String> details) {
    String actor = attempted.isEmpty() ? "anonymous" : shortened(attempted);
    String outcome = type.endsWith(".success") ? "success" : "failure";
    events.publish(new HubEvent(clock.instant(), type, actor, subject, address, outcome, details));
  }

  private static String shortened(String name) {
    return name.length() <= MAX_LOGGED_NAME_LENGTH
        ? name
        : name.substring(0, MAX_LOGGED_NAME_LENGTH) + "...";
  }
}
