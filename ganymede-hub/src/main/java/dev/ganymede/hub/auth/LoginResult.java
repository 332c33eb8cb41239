package dev.ganymede.hub.auth;

import dev.ganymede.hub.session.OpenedSession;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/** How one sign-in through {@link LoginService} ended. */
public sealed interface LoginResult {

  /**
   * Signed in: set the session cookie from {@code session} and, if {@code mustChangePassword}, send
   * the user to the change-password page first.
   *
   * @param user the normalised user name
   */
  record Success(OpenedSession session, String user, boolean mustChangePassword)
      implements LoginResult {
    public Success {
      Objects.requireNonNull(session, "session");
      Objects.requireNonNull(user, "user");
    }
  }

  /**
   * Not signed in; show {@code userMessage}: {@link #INVALID_CREDENTIALS} for every failure of a
   * password form, {@link #SIGN_IN_REFUSED} for single sign-on, except a pending account ({@link
   * #AWAITING_APPROVAL}).
   */
  record Failure(String userMessage) implements LoginResult {
    public static final String INVALID_CREDENTIALS = "Invalid user name or password.";
    public static final String SIGN_IN_REFUSED =
        "Sign-in was refused: either the identity provider did not confirm who you are, or your"
            + " account may not use this hub. Ask the hub's administrators if you think you"
            + " should have access.";
    public static final String AWAITING_APPROVAL =
        "Your account is waiting for an administrator's approval.";

    public Failure {
      Objects.requireNonNull(userMessage, "userMessage");
    }

    public boolean awaitingApproval() {
      return userMessage.equals(AWAITING_APPROVAL);
    }
  }

  /** Too many failed attempts; the page answers 429 with {@code Retry-After}. */
  record Throttled(Duration retryAfter) implements LoginResult {
    public Throttled {
      Objects.requireNonNull(retryAfter, "retryAfter");
    }
  }

  /** The browser must go elsewhere first (an identity provider). */
  record Redirect(URI location) implements LoginResult {
    public Redirect {
      Objects.requireNonNull(location, "location");
    }
  }
}
