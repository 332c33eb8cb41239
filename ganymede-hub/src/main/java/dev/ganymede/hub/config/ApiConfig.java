package dev.ganymede.hub.config;

import java.util.List;

/**
 * Section {@code api}: the REST API's services and custom roles.
 *
 * @param services programs with their own API token and scopes ({@code api.services}, default none)
 * @param roles custom roles granting scopes to users, groups and services ({@code api.roles},
 *     default none; the default roles user, admin, server and token always exist)
 */
public record ApiConfig(List<ServiceSpec> services, List<RoleSpec> roles) {
  public ApiConfig {
    services = List.copyOf(services);
    roles = List.copyOf(roles);
  }

  public static ApiConfig defaults() {
    return new ApiConfig(List.of(), List.of());
  }
}
