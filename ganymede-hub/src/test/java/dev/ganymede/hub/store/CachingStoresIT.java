package dev.ganymede.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ganymede.hub.spawner.SpawnerState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The stores of a {@link Database} read through {@link StoreCaches}: each write path makes the next
 * read see the database again, and a second hub's writes show after {@link StoreCaches#clear()}
 * (the call a cross-replica notification would make).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class CachingStoresIT extends StoreTestBase {

  private ApiTokenRecord token(String owner, Optional<String> session, String client, String hash) {
    return db.tokens()
        .create(
            owner,
            false,
            hash.substring(0, 4),
            hash,
            List.of("inherit"),
            "note",
            client,
            session,
            NOW,
            Optional.empty());
  }

  private void user(String name) {
    db.users().create(name, false, UserStatus.ACTIVE, Optional.empty());
  }

  @Test
  void everyWayOfRevokingATokenForgetsItAtOnce() {
    user("alice");
    ApiTokenRecord plain = token("alice", Optional.empty(), "jupyterhub", "aaaa1");
    token("alice", Optional.of("session-1"), "client-1", "bbbb1");
    token("alice", Optional.empty(), "client-2", "cccc1");
    for (String hash : List.of("aaaa1", "bbbb1", "cccc1")) {
      assertThat(db.tokens().findByHash(hash.substring(0, 4), hash)).isPresent();
    }

    db.tokens().delete(plain.id());
    db.tokens().deleteForSession("session-1");
    db.tokens().deleteForClient("alice", "client-2");

    for (String hash : List.of("aaaa1", "bbbb1", "cccc1")) {
      assertThat(db.tokens().findByHash(hash.substring(0, 4), hash)).as(hash).isEmpty();
    }
  }

  @Test
  void purgingExpiredTokensForgetsThem() {
    user("alice");
    db.tokens()
        .create(
            "alice",
            false,
            "dddd",
            "dddd1",
            List.of(),
            "n",
            "jupyterhub",
            Optional.empty(),
            NOW,
            Optional.of(NOW.plusSeconds(1)));
    assertThat(db.tokens().findByHash("dddd", "dddd1")).isPresent();

    db.tokens().deleteExpired(NOW.plusSeconds(2));

    assertThat(db.tokens().findByHash("dddd", "dddd1")).isEmpty();
  }

  @Test
  void deletingAUserForgetsTheirTokensGroupsAndServers() {
    user("alice");
    token("alice", Optional.empty(), "jupyterhub", "eeee1");
    db.groups().create("course");
    db.groups().addMembers("course", Set.of("alice"));
    db.servers().save(server("alice"));
    assertThat(db.tokens().findByHash("eeee", "eeee1")).isPresent();
    assertThat(db.groups().groupsOf("alice")).containsExactly("course");
    assertThat(db.servers().listFor("alice")).hasSize(1);

    db.users().delete("alice");
    user("alice");

    assertThat(db.tokens().findByHash("eeee", "eeee1")).isEmpty();
    assertThat(db.groups().groupsOf("alice")).isEmpty();
    assertThat(db.groups().groupsOf(List.of("alice"))).isEmpty();
    assertThat(db.servers().listFor("alice")).isEmpty();
  }

  @Test
  void userWritesShowInTheNextFindAndPage() {
    user("alice");
    assertThat(db.users().find("alice").orElseThrow().admin()).isFalse();
    UserQuery all = new UserQuery("", UserQuery.Sort.ID, false, Optional.empty(), true, 0, 10);
    assertThat(db.users().page(all).users()).extracting(User::admin).containsExactly(false);

    db.users().setAdmin("alice", true);
    assertThat(db.users().find("alice").orElseThrow().admin()).isTrue();
    assertThat(db.users().page(all).users()).extracting(User::admin).containsExactly(true);

    db.users().touch("alice", NOW.plusSeconds(5));
    assertThat(db.users().find("alice").orElseThrow().lastActivity()).contains(NOW.plusSeconds(5));

    db.users().setPasswordHash("alice", "h", true);
    assertThat(db.users().find("alice").orElseThrow().passwordMustChange()).isTrue();

    db.users().setStatus("alice", UserStatus.PENDING);
    assertThat(db.users().page(all).users()).isEmpty();

    user("bob");
    assertThat(db.users().page(all).total()).isEqualTo(1);
    db.users().delete("alice");
    assertThat(db.users().find("alice")).isEmpty();
  }

  @Test
  void membershipWritesShowInTheNextGroupsOf() {
    user("alice");
    user("bob");
    assertThat(db.groups().groupsOf("alice")).isEmpty();
    assertThat(db.groups().groupsOf(List.of("alice", "bob"))).isEmpty();

    db.groups().create("course");
    db.groups().addMembers("course", Set.of("alice", "bob"));
    assertThat(db.groups().groupsOf("alice")).containsExactly("course");
    assertThat(db.groups().groupsOf(List.of("alice", "bob"))).containsOnlyKeys("alice", "bob");

    db.groups().removeMembers("course", Set.of("alice"));
    assertThat(db.groups().groupsOf("alice")).isEmpty();
    assertThat(db.groups().groupsOf(List.of("alice", "bob"))).containsOnlyKeys("bob");

    db.groups().delete("course");
    assertThat(db.groups().groupsOf("bob")).isEmpty();
  }

  @Test
  void serverWritesShowInTheNextListAndFind() {
    user("alice");
    assertThat(db.servers().listFor("alice")).isEmpty();
    assertThat(db.servers().listFor(List.of("alice"))).isEmpty();

    db.servers().save(server("alice"));
    assertThat(db.servers().find("alice", "")).isPresent();
    assertThat(db.servers().listFor(List.of("alice"))).hasSize(1);

    db.servers().save(server("alice").withState(ServerState.RUNNING));
    assertThat(db.servers().find("alice", "").orElseThrow().state()).isEqualTo(ServerState.RUNNING);

    Instant later = NOW.plusSeconds(30);
    db.servers().touch("alice", "", later);
    assertThat(db.servers().listFor("alice").getFirst().lastActivity()).contains(later);

    db.servers().delete("alice", "");
    assertThat(db.servers().listFor(List.of("alice"))).isEmpty();
  }

  @Test
  void anotherHubsWriteShowsAfterTheCachesAreCleared() {
    user("alice");
    assertThat(db.users().find("alice").orElseThrow().admin()).isFalse();
    Database other = open();

    other.users().setAdmin("alice", true);
    assertThat(db.users().find("alice").orElseThrow().admin()).isFalse();

    db.caches().clear();
    assertThat(db.users().find("alice").orElseThrow().admin()).isTrue();
  }

  @Test
  void aUserAddedByAnotherProcessCanBeFoundWithinTheCachesMaximumAge() {
    assertThat(db.users().find("late")).isEmpty(); // cached as unknown
    Database other = open();

    other.users().create("late", false, UserStatus.ACTIVE, Optional.empty());

    org.awaitility.Awaitility.await()
        .atMost(StoreCaches.MAX_AGE.plusSeconds(5))
        .pollInterval(java.time.Duration.ofMillis(100))
        .until(() -> db.users().find("late").isPresent());
  }

  private static ServerRecord server(String user) {
    return new ServerRecord(
        user,
        "",
        ServerState.STOPPED,
        "local",
        SpawnerState.EMPTY,
        Optional.empty(),
        "nonce-" + user,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
