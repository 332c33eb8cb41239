package dev.ganymede.hub.rbac;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * JupyterHub's scope vocabulary (5.x): the scope names, their subscope tree, the {@code self} and
 * {@code inherit} metascopes, the default roles, and expansion of scope strings with filters
 * ({@code scope!user=alice}, {@code !server=alice/gpu}, {@code !group=staff}, {@code
 * !service=culler}). Bare {@code !user} and {@code !server} are resolved relative to an owner.
 */
public final class Scopes {
  /** The metascope granting everything the owner has. */
  public static final String INHERIT = "inherit";

  /** The metascope for a user's own resources. */
  public static final String SELF = "self";

  private static final Map<String, List<String>> SUBSCOPES =
      Map.ofEntries(
          Map.entry(
              "admin:users",
              List.of("admin:auth_state", "users", "read:roles:users", "delete:users")),
          Map.entry("users", List.of("read:users", "list:users", "users:activity")),
          Map.entry(
              "read:users", List.of("read:users:name", "read:users:groups", "read:users:activity")),
          Map.entry("list:users", List.of("read:users:name")),
          Map.entry("users:activity", List.of("read:users:activity")),
          Map.entry(
              "read:roles",
              List.of("read:roles:users", "read:roles:services", "read:roles:groups")),
          Map.entry("admin:servers", List.of("admin:server_state", "servers")),
          Map.entry("servers", List.of("read:servers", "delete:servers")),
          Map.entry("read:servers", List.of("read:users:name")),
          Map.entry("tokens", List.of("read:tokens")),
          Map.entry("admin:groups", List.of("groups", "read:roles:groups", "delete:groups")),
          Map.entry("groups", List.of("read:groups", "list:groups")),
          Map.entry("read:groups", List.of("read:groups:name")),
          Map.entry("list:groups", List.of("read:groups:name")),
          Map.entry(
              "admin:services", List.of("list:services", "read:services", "read:roles:services")),
          Map.entry("list:services", List.of("read:services:name")),
          Map.entry("read:services", List.of("read:services:name")),
          Map.entry(
              "shares", List.of("access:servers", "read:shares", "users:shares", "groups:shares")),
          Map.entry("users:shares", List.of("read:users:shares")),
          Map.entry("groups:shares", List.of("read:groups:shares")));

  private static final Set<String> LEAVES =
      Set.of(
          "admin-ui",
          "read:hub",
          "access:servers",
          "access:services",
          "proxy",
          "shutdown",
          "read:metrics",
          "delete:users",
          "delete:groups",
          "admin:auth_state",
          "admin:server_state",
          "read:users:name",
          "read:users:groups",
          "read:users:activity",
          "read:roles:users",
          "read:roles:services",
          "read:roles:groups",
          "read:tokens",
          "read:groups:name",
          "read:services:name",
          "read:shares",
          "read:users:shares",
          "read:groups:shares",
          "delete:servers");

  /** What {@code self} means, each filtered to the owner. */
  static final List<String> SELF_SCOPES =
      List.of(
          "read:users",
          "read:users:name",
          "read:users:groups",
          "users:activity",
          "read:users:activity",
          "servers",
          "delete:servers",
          "read:servers",
          "tokens",
          "read:tokens",
          "access:servers");

  /** JupyterHub 5.x's default roles. */
  public static final Map<String, List<String>> DEFAULT_ROLES =
      Map.of(
          "user",
          List.of(SELF),
          "admin",
          List.of(
              "admin-ui",
              "admin:users",
              "admin:servers",
              "tokens",
              "admin:groups",
              "list:services",
              "read:services",
              "read:hub",
              "proxy",
              "shutdown",
              "access:services",
              "access:servers",
              "read:roles",
              "read:metrics",
              "admin:services"),
          "server",
          List.of("users:activity!user", "access:servers!server"),
          "token",
          List.of(INHERIT));

  private Scopes() {}

  /** Whether {@code name} (without filter) is a scope this hub knows. */
  public static boolean isKnown(String name) {
    return SUBSCOPES.containsKey(name)
        || LEAVES.contains(name)
        || name.equals(SELF)
        || name.equals(INHERIT)
        || name.startsWith("custom:");
  }

  /**
   * Why a scope string is invalid, or empty if it is valid: the name must be known and a filter
   * must be {@code user}, {@code server}, {@code group} or {@code service}, with a value unless it
   * is a bare {@code !user}/{@code !server}/{@code !service}.
   */
  public static Optional<String> problem(String scope) {
    Objects.requireNonNull(scope, "scope");
    int bang = scope.indexOf('!');
    String name = bang < 0 ? scope : scope.substring(0, bang);
    if (name.equals("all")) {
      return Optional.of("scope 'all' does not exist; use 'inherit'");
    }
    if (!isKnown(name)) {
      return Optional.of("unknown scope '" + scope + "'");
    }
    if (bang >= 0) {
      String filter = scope.substring(bang + 1);
      int eq = filter.indexOf('=');
      String kind = eq < 0 ? filter : filter.substring(0, eq);
      if (!Set.of("user", "server", "group", "service").contains(kind)) {
        return Optional.of("invalid filter in scope '" + scope + "'");
      }
      if (eq >= 0 && eq == filter.length() - 1) {
        return Optional.of("empty filter value in scope '" + scope + "'");
      }
      if (eq < 0 && kind.equals("group")) {
        return Optional.of("a !group filter needs a value in '" + scope + "'");
      }
    }
    return Optional.empty();
  }

  /**
   * Expands scope strings into every scope they imply, with filters. {@code self} becomes the
   * owner's scopes filtered to {@code !user=<owner>}; bare {@code !user} becomes {@code
   * !user=<owner>} and bare {@code !server} {@code !server=<owner>/<server>}. {@code inherit} is
   * kept as is (the caller resolves it against the owner's scopes).
   *
   * @param owner the user (or service) the scopes belong to
   * @param server the server a bare {@code !server} refers to ({@code ""} for the default)
   */
  public static Set<String> expand(Collection<String> scopes, String owner, String server) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(server, "server");
    Set<String> result = new TreeSet<>();
    for (String scope : scopes) {
      if (scope.equals(SELF)) {
        for (String own : SELF_SCOPES) {
          addWithSubscopes(result, own, "!user=" + owner);
        }
        continue;
      }
      if (scope.equals(INHERIT)) {
        result.add(INHERIT);
        continue;
      }
      int bang = scope.indexOf('!');
      String name = bang < 0 ? scope : scope.substring(0, bang);
      String filter = bang < 0 ? "" : scope.substring(bang);
      filter =
          switch (filter) {
            case "!user" -> "!user=" + owner;
            case "!server" -> "!server=" + owner + "/" + server;
            case "!service" -> "!service=" + owner;
            default -> filter;
          };
      addWithSubscopes(result, name, filter);
    }
    return result;
  }

  private static void addWithSubscopes(Set<String> into, String name, String filter) {
    Deque<String> todo = new ArrayDeque<>(List.of(name));
    Set<String> seen = new LinkedHashSet<>();
    while (!todo.isEmpty()) {
      String next = todo.pop();
      if (seen.add(next)) {
        todo.addAll(SUBSCOPES.getOrDefault(next, List.of()));
      }
    }
    for (String s : seen) {
      into.add(s + filter);
    }
  }
}
