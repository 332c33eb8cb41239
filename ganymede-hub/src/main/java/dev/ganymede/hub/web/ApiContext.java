package dev.ganymede.hub.web;

import dev.ganymede.hub.rbac.TokenService;
import dev.ganymede.hub.store.GroupPropertiesStore;
import dev.ganymede.hub.store.GroupStore;
import dev.ganymede.hub.store.ServerStore;
import dev.ganymede.proxy.RouteTable;
import java.util.Objects;

/**
 * What the REST API needs beyond {@link WebContext}.
 *
 * @param shutdown asks the hub to stop (called on a worker thread after the 202 was sent)
 */
public record ApiContext(
    TokenService tokens,
    GroupStore groups,
    GroupPropertiesStore groupProperties,
    ServerStore serverRows,
    RouteTable routes,
    dev.ganymede.hub.rbac.RoleRegistry roles,
    Runnable shutdown) {
  public ApiContext {
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(groups, "groups");
    Objects.requireNonNull(groupProperties, "groupProperties");
    Objects.requireNonNull(serverRows, "serverRows");
    Objects.requireNonNull(routes, "routes");
    Objects.requireNonNull(roles, "roles");
    Objects.requireNonNull(shutdown, "shutdown");
  }
}
