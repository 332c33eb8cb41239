package dev.ganymede.hub.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PermissionsTest {

  @Test
  void selfExpandsToTheOwnersScopesWithSubscopes() {
    Permissions alice = Roles.forUser("alice", false);
    assertThat(alice.forUser("read:users:name", "alice", Set.of())).isTrue();
    assertThat(alice.forUser("read:users", "bob", Set.of())).isFalse();
    assertThat(alice.forServer("access:servers", "alice", "gpu", Set.of())).isTrue();
    assertThat(alice.has("admin:users")).isFalse();
    assertThat(alice.asList()).contains("servers!user=alice", "delete:servers!user=alice");
  }

  @Test
  void adminScopesAreUnfilteredAndIncludeTheirSubscopes() {
    Permissions admin = Roles.forUser("root", true);
    assertThat(admin.unfiltered("admin:users")).isTrue();
    assertThat(admin.unfiltered("delete:users")).isTrue();
    assertThat(admin.unfiltered("read:users:activity")).isTrue();
    assertThat(admin.forGroup("read:groups", "any")).isTrue();
  }

  @Test
  void aServerFilterCoversOnlyThatServerAndAGroupFilterItsMembers() {
    Permissions p =
        Permissions.of(
            Scopes.expand(
                List.of("access:servers!server=alice/gpu", "read:users!group=staff"), "x", ""));
    assertThat(p.forServer("access:servers", "alice", "gpu", Set.of())).isTrue();
    assertThat(p.forServer("access:servers", "alice", "", Set.of())).isFalse();
    assertThat(p.forUser("read:users:name", "bob", Set.of("staff"))).isTrue();
    assertThat(p.forUser("read:users:name", "bob", Set.of("other"))).isFalse();
  }

  @Test
  void aTokenNeverHoldsMoreThanItsOwner() {
    Permissions owner = Roles.forUser("alice", false);
    Permissions asked =
        Permissions.of(
            Scopes.expand(List.of("admin:users", "read:users", "access:servers"), "alice", ""));
    Permissions granted = asked.intersect(owner);
    assertThat(granted.has("admin:users")).isFalse();
    assertThat(granted.forUser("read:users", "alice", Set.of())).isTrue();
    assertThat(granted.forUser("read:users", "bob", Set.of())).isFalse();
    assertThat(granted.filters("access:servers")).containsExactly("user=alice");
  }

  @Test
  void theServerRoleResolvesBareFiltersToItsServer() {
    Permissions server = Roles.forServer("alice", "gpu");
    assertThat(server.asList())
        .contains("access:servers!server=alice/gpu", "users:activity!user=alice");
    assertThat(server.forServer("access:servers", "alice", "", Set.of())).isFalse();
  }

  @Test
  void invalidScopesAreNamed() {
    assertThat(Scopes.problem("all")).hasValueSatisfying(p -> assertThat(p).contains("inherit"));
    assertThat(Scopes.problem("read:nothing")).isPresent();
    assertThat(Scopes.problem("read:users!user=")).isPresent();
    assertThat(Scopes.problem("read:users!planet=mars")).isPresent();
    assertThat(Scopes.problem("read:users!user=alice")).isEmpty();
    assertThat(Scopes.problem("custom:grades:read")).isEmpty();
  }
}
