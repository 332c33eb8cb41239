package dev.ganymede.hub.rbac;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A set of expanded scopes (see {@link Scopes#expand}) that answers "may this requester do X to
 * that resource". Immutable and thread-safe.
 *
 * <p>Filters: {@code !user=u} covers the user {@code u} and all of u's servers; {@code !server=u/s}
 * covers that server only; {@code !group=g} covers the group and its members (the caller passes the
 * user's groups); {@code !service=s} covers that service.
 */
public final class Permissions {
  private static final String ALL = "";

  private final Map<String, Set<String>> filtersByScope;

  private Permissions(Map<String, Set<String>> filtersByScope) {
    this.filtersByScope = filtersByScope;
  }

  /** Permissions of already expanded scope strings ({@code inherit} is ignored here). */
  public static Permissions of(Collection<String> expanded) {
    Map<String, Set<String>> map = new HashMap<>();
    for (String scope : expanded) {
      if (scope.equals(Scopes.INHERIT)) {
        continue;
      }
      int bang = scope.indexOf('!');
      String name = bang < 0 ? scope : scope.substring(0, bang);
      String filter = bang < 0 ? ALL : scope.substring(bang + 1);
      map.computeIfAbsent(name, k -> new HashSet<>()).add(filter);
    }
    map.replaceAll((k, v) -> Set.copyOf(v));
    return new Permissions(Map.copyOf(map));
  }

  public static Permissions none() {
    return new Permissions(Map.of());
  }

  /** Whether the scope is held for any resource at all. */
  public boolean has(String scope) {
    return filtersByScope.containsKey(scope);
  }

  /** Whether the scope is held for every resource. */
  public boolean unfiltered(String scope) {
    return filtersByScope.getOrDefault(scope, Set.of()).contains(ALL);
  }

  /** The filters (e.g. {@code user=alice}) the scope is held with; {@code ""} means all. */
  public Set<String> filters(String scope) {
    return filtersByScope.getOrDefault(scope, Set.of());
  }

  public boolean forUser(String scope, String user, Set<String> groupsOfUser) {
    for (String f : filters(scope)) {
      if (f.equals(ALL) || f.equals("user=" + user)) {
        return true;
      }
      if (f.startsWith("group=") && groupsOfUser.contains(f.substring(6))) {
        return true;
      }
    }
    return false;
  }

  public boolean forServer(String scope, String user, String server, Set<String> groupsOfUser) {
    return forUser(scope, user, groupsOfUser)
        || filters(scope).contains("server=" + user + "/" + server);
  }

  public boolean forGroup(String scope, String group) {
    Set<String> f = filters(scope);
    return f.contains(ALL) || f.contains("group=" + group);
  }

  public boolean forService(String scope, String service) {
    Set<String> f = filters(scope);
    return f.contains(ALL) || f.contains("service=" + service);
  }

  /**
   * What a token may do: its own scopes, cut down to what its owner holds (a token never holds more
   * than its owner). Group-filtered scopes of the owner are kept only where the token asks for the
   * same group.
   */
  public Permissions intersect(Permissions owner) {
    Map<String, Set<String>> result = new HashMap<>();
    for (Map.Entry<String, Set<String>> entry : filtersByScope.entrySet()) {
      String scope = entry.getKey();
      Set<String> ownerFilters = owner.filters(scope);
      if (ownerFilters.isEmpty()) {
        continue;
      }
      Set<String> kept = new HashSet<>();
      for (String f : entry.getValue()) {
        if (ownerFilters.contains(ALL) || ownerFilters.contains(f)) {
          kept.add(f);
        } else if (f.equals(ALL)) {
          kept.addAll(ownerFilters);
        } else if (f.startsWith("server=")) {
          String user = f.substring(7, f.indexOf('/') < 0 ? f.length() : f.indexOf('/'));
          if (ownerFilters.contains("user=" + user)) {
            kept.add(f);
          }
        } else if (f.startsWith("user=")) {
          String prefix = "server=" + f.substring(5) + "/";
          ownerFilters.stream().filter(o -> o.startsWith(prefix)).forEach(kept::add);
        }
      }
      if (!kept.isEmpty()) {
        result.put(scope, Set.copyOf(kept));
      }
    }
    return new Permissions(Map.copyOf(result));
  }

  /** Adds another set of permissions (union). */
  public Permissions plus(Permissions other) {
    Map<String, Set<String>> result = new HashMap<>();
    Function<String, Set<String>> fresh = k -> new HashSet<>();
    filtersByScope.forEach((k, v) -> result.computeIfAbsent(k, fresh).addAll(v));
    other.filtersByScope.forEach((k, v) -> result.computeIfAbsent(k, fresh).addAll(v));
    result.replaceAll((k, v) -> Set.copyOf(v));
    return new Permissions(Map.copyOf(result));
  }

  /** The scopes as JupyterHub lists them: sorted strings, filters after {@code !}. */
  public List<String> asList() {
    Set<String> out = new TreeSet<>();
    filtersByScope.forEach(
        (scope, filters) -> filters.forEach(f -> out.add(f.equals(ALL) ? scope : scope + "!" + f)));
    return List.copyOf(out);
  }

  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof Permissions p && p.filtersByScope.equals(filtersByScope);
  }

  @Override
  public int hashCode() {
    return Objects.hash(filtersByScope);
  }

  @Override
  public String toString() {
    return asList().toString();
  }
}
