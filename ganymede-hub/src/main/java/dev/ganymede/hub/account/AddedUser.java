package dev.ganymede.hub.account;

import dev.ganymede.hub.store.User;
import java.util.Objects;
import java.util.Optional;

/**
 * A user just created by {@link AccountService#addUser}.
 *
 * @param oneTimePassword the generated password to hand over once, if none was given; the user must
 *     change it at the first sign-in. Secret: {@link #toString()} leaves it out.
 */
public record AddedUser(User user, Optional<String> oneTimePassword) {
  public AddedUser {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(oneTimePassword, "oneTimePassword");
  }

  @Override
  public String toString() {
    return "AddedUser[user="
        + user
        + ", oneTimePassword="
        + (oneTimePassword.isPresent() ? "<hidden>" : "<none>")
        + "]";
  }
}
