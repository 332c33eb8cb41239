package dev.ganymede.hub.web;

import dev.ganymede.hub.rbac.Permissions;
import dev.ganymede.hub.store.ApiTokenRecord;
import java.util.Objects;
import java.util.Optional;

/**
 * Who makes a REST API request and what they may do.
 *
 * @param kind {@code user} or {@code service boolean isService() { return kind.equals("service"); }
 *     }
 * @param name the user's or service's name
 * @param permissions the expanded scopes of the credential (token scopes cut to the owner's)
 * @param token the API token used, if any (a single-user server's own token has none)
 * @param sessionId the hub session of a cookie or of an OAuth token
 */
record ApiIdentity(
    String kind,
    String name,
    boolean admin,
    Permissions permissions,
    Optional<ApiTokenRecord> token,
    Optional<String> sessionId) {
  ApiIdentity {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(permissions, "permissions");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(sessionId, "sessionId");
  }

  boolean isService() {
    return kind.equals("service");
  }
}
