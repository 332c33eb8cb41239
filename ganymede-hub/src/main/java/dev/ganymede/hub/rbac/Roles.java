package dev.ganymede.hub.rbac;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The scopes a user holds through the default roles: {@code user} for everyone, plus {@code admin}
 * for admins. (Custom roles from configuration are not supported yet.)
 */
public final class Roles {
  private Roles() {}

  /** The role names a user has. */
  public static List<String> of(boolean admin) {
    return admin ? List.of("admin", "user") : List.of("user");
  }

  /** Everything a user may do. */
  public static Permissions forUser(String name, boolean admin) {
    Objects.requireNonNull(name, "name");
    List<String> scopes = new ArrayList<>(Scopes.DEFAULT_ROLES.get("user"));
    if (admin) {
      scopes.addAll(Scopes.DEFAULT_ROLES.get("admin"));
    }
    return Permissions.of(Scopes.expand(scopes, name, ""));
  }

  /** What a single-user server's own API token may do. */
  public static Permissions forServer(String user, String server) {
    return Permissions.of(Scopes.expand(Scopes.DEFAULT_ROLES.get("server"), user, server));
  }
}
