package dev.ganymede.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class SessionStoreIT extends StoreTestBase {

  private static Session session(String idHash, String user, long expiresInSeconds) {
    return new Session(
        idHash, user, "csrf-" + idHash, NOW.minusSeconds(1), NOW.plusSeconds(expiresInSeconds));
  }

  @BeforeEach
  void createUsers() {
    db.users().create("alice", false, UserStatus.ACTIVE, Optional.empty());
    db.users().create("bob", false, UserStatus.ACTIVE, Optional.empty());
  }

  @Test
  void findsACreatedSessionByItsIdHash() {
    Session session = session("h1", "alice", 3600);

    db.sessions().create(session);

    assertThat(db.sessions().find("h1")).contains(session);
    assertThat(db.sessions().find("h2")).isEmpty();
  }

  @Test
  void refusesASessionOfAnUnknownUserOrWithATakenIdHash() {
    db.sessions().create(session("h1", "alice", 3600));

    assertThatThrownBy(() -> db.sessions().create(session("h2", "nobody", 3600)))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no user nobody");
    assertThatThrownBy(() -> db.sessions().create(session("h1", "bob", 3600)))
        .isInstanceOf(AlreadyExistsException.class);
    assertThat(db.sessions().find("h1").orElseThrow().user()).isEqualTo("alice");
  }

  @Test
  void listsOnlySessionsThatHaveNotExpired() {
    db.sessions().create(session("valid", "alice", 60));
    db.sessions().create(session("expired", "alice", -60));
    db.sessions().create(session("ending-now", "bob", 0));

    assertThat(db.sessions().listValid(NOW)).extracting(Session::idHash).containsExactly("valid");
  }

  @Test
  void deletesExpiredSessionsAndCountsThem() {
    db.sessions().create(session("valid", "alice", 60));
    db.sessions().create(session("expired", "alice", -60));
    db.sessions().create(session("ending-now", "bob", 0));

    assertThat(db.sessions().deleteExpired(NOW)).isEqualTo(2);

    assertThat(db.sessions().find("valid")).isPresent();
    assertThat(db.sessions().find("expired")).isEmpty();
    assertThat(db.sessions().deleteExpired(NOW)).isZero();
  }

  @Test
  void signsAUserOutEverywhere() {
    db.sessions().create(session("a1", "alice", 60));
    db.sessions().create(session("a2", "alice", 60));
    db.sessions().create(session("b1", "bob", 60));

    assertThat(db.sessions().deleteForUser("alice")).isEqualTo(2);

    assertThat(db.sessions().listValid(NOW)).extracting(Session::idHash).containsExactly("b1");
    assertThat(db.sessions().deleteForUser("nobody")).isZero();
  }

  @Test
  void deletesOneSession() {
    db.sessions().create(session("a1", "alice", 60));

    assertThat(db.sessions().delete("a1")).isTrue();
    assertThat(db.sessions().delete("a1")).isFalse();
    assertThat(db.sessions().find("a1")).isEmpty();
  }
}
