package dev.ganymede.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ganymede.hub.spawner.SpawnerState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class UserStoreIT extends StoreTestBase {

  @Test
  void findsACreatedUserWithEveryField() {
    User created = db.users().create("alice", true, UserStatus.PENDING, Optional.of("hash"));

    assertThat(created.id()).isPositive();
    assertThat(created.name()).isEqualTo("alice");
    assertThat(created.admin()).isTrue();
    assertThat(created.status()).isEqualTo(UserStatus.PENDING);
    assertThat(created.createdAt()).isEqualTo(NOW);
    assertThat(created.lastActivity()).isEmpty();
    assertThat(created.passwordMustChange()).isFalse();
    assertThat(db.users().find("alice")).contains(created);
  }

  @Test
  void findsNothingForAnUnknownName() {
    assertThat(db.users().find("nobody")).isEmpty();
  }

  @Test
  void refusesASecondUserWithTheSameNameAndKeepsTheFirst() {
    User first = db.users().create("alice", false, UserStatus.ACTIVE, Optional.of("first"));

    assertThatThrownBy(
            () -> db.users().create("alice", true, UserStatus.ACTIVE, Optional.of("second")))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessage("user alice exists already");
    assertThat(db.users().find("alice")).contains(first);
    assertThat(db.users().passwordHash("alice")).contains("first");
  }

  @Test
  void listsUsersOrderedByName() {
    db.users().create("carol", false, UserStatus.ACTIVE, Optional.empty());
    db.users().create("alice", false, UserStatus.ACTIVE, Optional.empty());
    db.users().create("bob", false, UserStatus.ACTIVE, Optional.empty());

    assertThat(db.users().list()).extracting(User::name).containsExactly("alice", "bob", "carol");
  }

  @Test
  void pagesActiveUsersByNameFilterAndOrderWithTheTotal() {
    for (String name : List.of("dave", "alice", "bob_1", "carol", "bobby", "erin")) {
      db.users().create(name, false, UserStatus.ACTIVE, Optional.empty());
    }
    db.users().create("bobpending", false, UserStatus.PENDING, Optional.empty());
    db.users().touch("carol", NOW.plusSeconds(5));
    db.users().touch("alice", NOW.plusSeconds(9));

    UserPage byId = db.users().page(query("", UserQuery.Sort.ID, false, 1, 3));
    assertThat(byId.users()).extracting(User::name).containsExactly("alice", "bob_1", "carol");
    assertThat(byId.total()).isEqualTo(6);
    assertThat(db.users().page(query("bob", UserQuery.Sort.NAME, true, 0, 10)).users())
        .extracting(User::name)
        .containsExactly("bobby", "bob_1");
    // '_' and '%' are matched literally
    assertThat(db.users().page(query("b_", UserQuery.Sort.NAME, false, 0, 10)).users())
        .extracting(User::name)
        .containsExactly("bob_1");
    assertThat(db.users().page(query("%", UserQuery.Sort.NAME, false, 0, 10)).total()).isZero();
    // users without activity last in both directions
    assertThat(db.users().page(query("", UserQuery.Sort.LAST_ACTIVITY, false, 0, 3)).users())
        .extracting(User::name)
        .containsExactly("carol", "alice", "dave");
    assertThat(db.users().page(query("", UserQuery.Sort.LAST_ACTIVITY, true, 0, 3)).users())
        .extracting(User::name)
        .containsExactly("alice", "carol", "dave");
    assertThat(db.users().page(query("", UserQuery.Sort.ID, false, 10, 5)).users()).isEmpty();
  }

  @Test
  void pagesUsersByTheStatesOfTheirServers() {
    for (String name : List.of("alice", "bob", "carol")) {
      db.users().create(name, false, UserStatus.ACTIVE, Optional.empty());
    }
    db.servers().save(withState(ServerStoreIT.stoppedServer("alice", ""), ServerState.RUNNING));
    db.servers().save(withState(ServerStoreIT.stoppedServer("bob", ""), ServerState.STARTING));
    db.servers().save(ServerStoreIT.stoppedServer("carol", ""));
    Set<ServerState> active =
        Set.of(ServerState.STARTING, ServerState.RUNNING, ServerState.STOPPING);

    assertThat(db.users().page(states(Set.of(ServerState.RUNNING), true)).users())
        .extracting(User::name)
        .containsExactly("alice");
    assertThat(db.users().page(states(active, true)).users())
        .extracting(User::name)
        .containsExactly("alice", "bob");
    UserPage inactive = db.users().page(states(active, false));
    assertThat(inactive.users()).extracting(User::name).containsExactly("carol");
    assertThat(inactive.total()).isEqualTo(1);
  }

  private static UserQuery query(
      String name, UserQuery.Sort sort, boolean descending, int offset, int limit) {
    return new UserQuery(name, sort, descending, Optional.empty(), true, offset, limit);
  }

  private static UserQuery states(Set<ServerState> states, boolean having) {
    return new UserQuery("", UserQuery.Sort.NAME, false, Optional.of(states), having, 0, 10);
  }

  private static ServerRecord withState(ServerRecord r, ServerState state) {
    return new ServerRecord(
        r.user(),
        r.name(),
        state,
        r.spawnerKind(),
        r.spawnerState(),
        r.url(),
        r.tokenNonce(),
        r.startedAt(),
        r.lastActivity(),
        r.failure());
  }

  @Test
  void changesTheAdminFlagAndTheStatus() {
    db.users().create("alice", false, UserStatus.PENDING, Optional.empty());

    assertThat(db.users().setAdmin("alice", true)).isTrue();
    assertThat(db.users().setStatus("alice", UserStatus.ACTIVE)).isTrue();

    User alice = db.users().find("alice").orElseThrow();
    assertThat(alice.admin()).isTrue();
    assertThat(alice.status()).isEqualTo(UserStatus.ACTIVE);
    assertThat(db.users().setAdmin("nobody", true)).isFalse();
    assertThat(db.users().setStatus("nobody", UserStatus.ACTIVE)).isFalse();
  }

  @Test
  void keepsThePasswordHashApartAndReplacesIt() {
    db.users().create("alice", false, UserStatus.ACTIVE, Optional.empty());

    assertThat(db.users().passwordHash("alice")).isEmpty();
    assertThat(db.users().setPasswordHash("alice", "generated", true)).isTrue();
    assertThat(db.users().passwordHash("alice")).contains("generated");
    assertThat(db.users().find("alice").orElseThrow().passwordMustChange()).isTrue();

    assertThat(db.users().setPasswordHash("alice", "chosen", false)).isTrue();
    assertThat(db.users().passwordHash("alice")).contains("chosen");
    assertThat(db.users().find("alice").orElseThrow().passwordMustChange()).isFalse();

    assertThat(db.users().setPasswordHash("nobody", "x", false)).isFalse();
    assertThat(db.users().passwordHash("nobody")).isEmpty();
  }

  @Test
  void neverMovesLastActivityBackwards() {
    db.users().create("alice", false, UserStatus.ACTIVE, Optional.empty());
    Instant later = NOW.plusSeconds(60);

    assertThat(db.users().touch("alice", later)).isTrue();
    assertThat(db.users().touch("alice", NOW)).isTrue();

    assertThat(db.users().find("alice").orElseThrow().lastActivity()).contains(later);
    assertThat(db.users().touch("alice", later.plusMillis(1))).isTrue();
    assertThat(db.users().find("alice").orElseThrow().lastActivity()).contains(later.plusMillis(1));
    assertThat(db.users().touch("nobody", NOW)).isFalse();
  }

  @Test
  void deletesAUserWithTheirMembershipsServersAndSessions() {
    db.users().create("alice", false, UserStatus.ACTIVE, Optional.empty());
    db.users().create("bob", false, UserStatus.ACTIVE, Optional.empty());
    db.groups().create("course");
    db.groups().addMembers("course", Set.of("alice", "bob"));
    for (String user : new String[] {"alice", "bob"}) {
      db.servers().save(ServerStoreIT.stoppedServer(user, ""));
      db.sessions().create(new Session("hash-" + user, user, "csrf", NOW, NOW.plusSeconds(3600)));
    }

    assertThat(db.users().delete("alice")).isTrue();

    assertThat(db.users().find("alice")).isEmpty();
    assertThat(db.groups().find("course").orElseThrow().members()).containsExactly("bob");
    assertThat(db.servers().list()).extracting(ServerRecord::user).containsExactly("bob");
    assertThat(db.sessions().listValid(NOW)).extracting(Session::user).containsExactly("bob");
    assertThat(db.users().delete("alice")).isFalse();
  }

  @Test
  void givesANewUserWithAFormerNameNoneOfTheFormerUsersRows() {
    User first = db.users().create("alice", false, UserStatus.ACTIVE, Optional.empty());
    db.servers()
        .save(ServerStoreIT.stoppedServer("alice", "").withSpawnerState(SpawnerState.EMPTY));
    db.users().delete("alice");

    User second = db.users().create("alice", false, UserStatus.ACTIVE, Optional.empty());

    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(db.servers().listFor("alice")).isEmpty();
  }
}
