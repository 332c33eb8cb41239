package dev.ganymede.hub.auth;

import java.net.URI;
import java.util.Objects;

/** What an {@link Authenticator} concluded. */
public sealed interface AuthOutcome {

  /** The attempt proved this identity. */
  record Authenticated(Identity identity) implements AuthOutcome {
    public Authenticated {
      Objects.requireNonNull(identity, "identity");
    }
  }

  /**
   * The attempt failed. {@code reason} is for the log and audit trail only; the user sees a generic
   * message so that the page does not reveal which names exist.
   */
  record Rejected(String username, String reason) implements AuthOutcome {
    public Rejected {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The browser must go elsewhere first (an identity provider's sign-in page). */
  record Redirect(URI location) implements AuthOutcome {
    public Redirect {
      Objects.requireNonNull(location, "location");
    }
  }
}
