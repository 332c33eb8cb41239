package dev.ganymede.hub.auth;

import java.net.URI;
import java.util.Optional;

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

  /**
   * How a browser signs in with an authenticator that {@linkplain #usesPasswordForm does not use a
   * password form}.
   */
  enum Entry {
    /** A user name and password form. */
    FORM,
    /** A button that starts a redirect to an identity provider ({@code <base>hub/oauth_login}). */
    PROVIDER_BUTTON,
    /** The request itself proves who it is (front-proxy headers): visiting the page signs in. */
    REQUEST
  }

  /** The kind as named in configuration ({@code auth.type}). */
  String kind();

  /** Whether the login page shows a user name and password form (true) or a single button. */
  boolean usesPasswordForm();

  /** Checks one login attempt. */
  AuthOutcome authenticate(LoginAttempt attempt);

  /** How the login page signs people in. */
  default Entry entry() {
    return usesPasswordForm() ? Entry.FORM : Entry.PROVIDER_BUTTON;
  }

  /** The identity provider's name for a {@link Entry#PROVIDER_BUTTON} ("Sign in with ..."). */
  default String providerName() {
    return kind();
  }

  /**
   * Where the browser goes after the hub's own sign-out, to end the session at the identity
   * provider too; empty to stay on the hub. Blocks (may fetch the provider's metadata).
   */
  default Optional<URI> signOutLocation() {
    return Optional.empty();
  }

  /**
   * Confirms with the identity provider that {@code user} (a normalised name) is still allowed to
   * sign in (for an OpenID Connect refresh token): the fresh identity, or empty when the provider
   * refuses or cannot be asked. Blocks on HTTP. Authenticators without such a check answer empty.
   */
  default Optional<Identity> reconfirm(String user) {
    return Optional.empty();
  }
}
