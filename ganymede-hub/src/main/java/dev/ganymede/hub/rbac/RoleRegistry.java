package dev.ganymede.hub.rbac;

import dev.ganymede.hub.cache.LruCache;
import dev.ganymede.hub.config.ApiConfig;
import dev.ganymede.hub.config.RoleSpec;
import dev.ganymede.hub.config.ServiceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who holds which scopes: the default roles ({@code user} for every user, {@code admin} for
 * admins), custom roles from {@code api.roles} (granted to users, to members of groups and to
 * services), and the scopes of services from {@code api.services}. Immutable (it memoizes
 * expansions, whose inputs never change); thread-safe.
 */
public final class RoleRegistry {
  private final List<RoleSpec> roles;
  private final List<ServiceSpec> services;
  private final ConcurrentHashMap<String, Permissions> servicePermissions =
      new ConcurrentHashMap<>();
  // every input is in the key, so entries never go stale (roles are fixed by the configuration)
  private final LruCache<UserKey, Permissions> userPermissions =
      new LruCache<>(USER_PERMISSIONS_CAPACITY, Duration.ofDays(1));

  private static final int USER_PERMISSIONS_CAPACITY = 4096;

  private record UserKey(String user, boolean admin, Set<String> groups) {}

  public RoleRegistry(ApiConfig config) {
    Objects.requireNonNull(config, "config");
    this.roles = config.roles();
    this.services = config.services();
  }

  /** The role names a user holds. */
  public List<String> rolesOf(String user, boolean admin, Set<String> groups) {
    List<String> names = new ArrayList<>(Roles.of(admin));
    for (RoleSpec role : roles) {
      if (role.users().contains(user) || role.groups().stream().anyMatch(groups::contains)) {
        names.add(role.name());
      }
    }
    return List.copyOf(names);
  }

  /** Everything a user may do. */
  public Permissions forUser(String user, boolean admin, Set<String> groups) {
    UserKey key = new UserKey(user, admin, Set.copyOf(groups));
    Optional<Permissions> known = userPermissions.get(key);
    if (known.isPresent()) {
      return known.get();
    }
    Permissions p = expandUser(user, admin, groups);
    userPermissions.put(key, p);
    return p;
  }

  private Permissions expandUser(String user, boolean admin, Set<String> groups) {
    Permissions p = Roles.forUser(user, admin);
    for (RoleSpec role : roles) {
      if (role.users().contains(user) || role.groups().stream().anyMatch(groups::contains)) {
        p = p.plus(Permissions.of(Scopes.expand(role.scopes(), user, "")));
      }
    }
    return p;
  }

  public Optional<ServiceSpec> service(String name) {
    return services.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public List<ServiceSpec> services() {
    return services;
  }

  /** The role names a service holds. */
  public List<String> rolesOfService(String name) {
    return roles.stream().filter(r -> r.services().contains(name)).map(RoleSpec::name).toList();
  }

  /** Everything a configured service may do (its own scopes and its roles'); none if unknown. */
  public Permissions forService(String name) {
    // Services and roles are fixed by the configuration: expand each service's scopes once.
    if (service(name).isEmpty()) {
      return Permissions.none();
    }
    return servicePermissions.computeIfAbsent(name, this::expandService);
  }

  private Permissions expandService(String name) {
    Optional<ServiceSpec> service = service(name);
    if (service.isEmpty()) {
      return Permissions.none();
    }
    Permissions p = Permissions.of(Scopes.expand(service.get().scopes(), name, ""));
    for (RoleSpec role : roles) {
      if (role.services().contains(name)) {
        p = p.plus(Permissions.of(Scopes.expand(role.scopes(), name, "")));
      }
    }
    return p;
  }
}
