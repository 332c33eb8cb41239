package dev.ganymede.hub.auth;

/**
 * Turns a login into an identity. One implementation per way of signing in: the built-in password
 * accounts ({@code password}), a workshop's shared password ({@code shared-password}), and later
 * OpenID Connect, GitHub and trusted front-proxy headers.
 *
 * <p>An authenticator only says who someone is. The hub then applies {@link AccessPolicy} (allowed,
 * blocked and admin users), creates or updates the account, and opens a session.
 *
 * <p>{@link #authenticate} blocks (password hashing, HTTP calls to an identity provider) and is
 * called on a virtual thread. Implementations are thread-safe.
 *
 * <pre>{@code
 * switch (authenticator.authenticate(attempt)) {
 *   case AuthOutcome.Authenticated a -> sessions.open(policy.admit(a.identity()));
 *   case AuthOutcome.Rejected r -> page.showLoginError();      // r.reason() goes to the log only
 *   case AuthOutcome.Redirect r -> response.redirect(r.location()); // to an identity provider
 * }
 * }</pre>
 */
public interface Authenticator {

  /** The kind as named in configuration ({@code auth.type}). */
  String kind();

  /** Whether the login page shows a user name and password form (true) or a single button. */
  boolean usesPasswordForm();

  /** Checks one login attempt. */
  AuthOutcome authenticate(LoginAttempt attempt);
}
