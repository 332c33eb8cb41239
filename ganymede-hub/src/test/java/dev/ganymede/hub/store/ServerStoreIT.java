package dev.ganymede.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ganymede.hub.spawner.SpawnerState;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class ServerStoreIT extends StoreTestBase {

  static ServerRecord stoppedServer(String user, String name) {
    return new ServerRecord(
        user,
        name,
        ServerState.STOPPED,
        "local",
        SpawnerState.EMPTY,
        Optional.empty(),
        "nonce-" + user + "-" + name,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private static ServerRecord runningServer(String user, String name) {
    return new ServerRecord(
        user,
        name,
        ServerState.RUNNING,
        "local",
        new SpawnerState(
            Map.of(
                "pid", 4242L, "port", 51234L, "cwd", "/home/alice", "managed", true, "load", 0.5)),
        Optional.of(URI.create("http://127.0.0.1:51234")),
        "nonce-2",
        Optional.of(NOW.minusSeconds(30)),
        Optional.of(NOW.minusSeconds(10)),
        Optional.empty());
  }

  @BeforeEach
  void createUsers() {
    db.users().create("alice", false, UserStatus.ACTIVE, Optional.empty());
    db.users().create("bob", false, UserStatus.ACTIVE, Optional.empty());
  }

  @Test
  void storesEveryFieldIncludingTheSpawnerStateAsJson() {
    ServerRecord server = runningServer("alice", "");

    db.servers().save(server);

    assertThat(db.servers().find("alice", "")).contains(server);
    assertThat(db.servers().find("alice", "other")).isEmpty();
    assertThat(db.servers().find("bob", "")).isEmpty();
  }

  @Test
  void replacesTheRowOfTheSameUserAndNameButKeepsItsLastActivity() {
    db.servers().save(runningServer("alice", "gpu"));
    ServerRecord failed =
        stoppedServer("alice", "gpu")
            .withState(ServerState.FAILED)
            .withFailure(Optional.of("exited with code 1"));

    db.servers().save(failed);

    ServerRecord stored = db.servers().find("alice", "gpu").orElseThrow();
    assertThat(stored.state()).isEqualTo(ServerState.FAILED);
    assertThat(stored.failure()).contains("exited with code 1");
    assertThat(stored.url()).isEmpty();
    assertThat(stored.startedAt()).isEmpty();
    assertThat(stored.spawnerState()).isEqualTo(SpawnerState.EMPTY);
    assertThat(stored.tokenNonce()).isEqualTo("nonce-alice-gpu");
    assertThat(stored.lastActivity()).contains(NOW.minusSeconds(10));
    assertThat(db.servers().listFor("alice")).hasSize(1);
  }

  @Test
  void refusesAServerOfAUserThatDoesNotExist() {
    assertThatThrownBy(() -> db.servers().save(stoppedServer("nobody", "")))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no user nobody");
    assertThat(db.servers().list()).isEmpty();
  }

  @Test
  void keepsTheDefaultAndNamedServersApartAndListsThemInOrder() {
    db.servers().save(stoppedServer("bob", ""));
    db.servers().save(stoppedServer("alice", "zeta"));
    db.servers().save(stoppedServer("alice", ""));
    db.servers().save(stoppedServer("alice", "alpha"));

    assertThat(db.servers().listFor("alice"))
        .extracting(ServerRecord::name)
        .containsExactly("", "alpha", "zeta");
    assertThat(db.servers().list())
        .extracting(s -> s.user() + "/" + s.name())
        .containsExactly("alice/", "alice/alpha", "alice/zeta", "bob/");
    assertThat(db.servers().listFor("nobody")).isEmpty();
  }

  @Test
  void neverMovesServerActivityBackwards() {
    db.servers().save(stoppedServer("alice", ""));
    Instant later = NOW.plusSeconds(5);

    assertThat(db.servers().touch("alice", "", later)).isTrue();
    assertThat(db.servers().touch("alice", "", NOW)).isTrue();

    assertThat(db.servers().find("alice", "").orElseThrow().lastActivity()).contains(later);
    assertThat(db.servers().touch("alice", "other", NOW)).isFalse();
    assertThat(db.servers().touch("nobody", "", NOW)).isFalse();
  }

  @Test
  void deletesOneServerOfAUser() {
    db.servers().save(stoppedServer("alice", ""));
    db.servers().save(stoppedServer("alice", "gpu"));
    db.servers().save(stoppedServer("bob", "gpu"));

    assertThat(db.servers().delete("alice", "gpu")).isTrue();

    assertThat(db.servers().list())
        .extracting(s -> s.user() + "/" + s.name())
        .containsExactly("alice/", "bob/gpu");
    assertThat(db.servers().delete("alice", "gpu")).isFalse();
  }
}
