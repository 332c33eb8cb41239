package dev.ganymede.hub.config;

import java.util.List;
import java.util.Objects;

/**
 * A custom role from {@code api.roles}: scopes granted to the listed users, the members of the
 * listed groups and the listed services.
 */
public record RoleSpec(
    String name,
    List<String> scopes,
    List<String> users,
    List<String> groups,
    List<String> services) {
  public RoleSpec {
    Objects.requireNonNull(name, "name");
    scopes = List.copyOf(scopes);
    users = List.copyOf(users);
    groups = List.copyOf(groups);
    services = List.copyOf(services);
  }
}
