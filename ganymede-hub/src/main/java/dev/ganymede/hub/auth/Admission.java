package dev.ganymede.hub.auth;

import java.util.Objects;

/** What {@link AccessPolicy} decided about an identity. */
public sealed interface Admission {

  /**
   * May sign in.
   *
   * @param name the normalised user name
   * @param admin whether the account is an admin
   */
  record Admitted(String name, boolean admin) implements Admission {
    public Admitted {
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * May not sign in. {@code reason} is for the log and audit trail; it may name the rule (blocked,
   * not allowed) and so is not shown to the person signing in.
   */
  record Refused(String reason) implements Admission {
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
