package dev.ganymede.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ganymede.hub.event.HubEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class AuditStoreIT extends StoreTestBase {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void storesEventsWithTheirDetailsAndReturnsThemNewestFirstWithTheTotal() {
    db.audit()
        .append(
            List.of(
                event(0, "login.failure", "alice", "alice", "failure"),
                event(1, "login.success", "alice", "alice", "success"),
                event(2, "server.start", "system", "alice/", "success")));

    AuditPage page = db.audit().find(AuditQuery.all(10));

    assertThat(page.total()).isEqualTo(3);
    assertThat(page.entries())
        .extracting(e -> e.event().type())
        .containsExactly("server.start", "login.success", "login.failure");
    HubEvent failure = page.entries().get(2).event();
    assertThat(failure)
        .isEqualTo(
            new HubEvent(
                T0, "login.failure", "alice", "alice", "10.0.0.7", "failure", Map.of("n", "0")));
  }

  @Test
  void filtersByTypeActorSubjectAndTimeAndPages() {
    List<HubEvent> events = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      events.add(event(i, i % 2 == 0 ? "user.create" : "user.delete", "root", "u" + i, "success"));
    }
    events.add(event(30, "logout", "bob", "bob", "success"));
    db.audit().append(events);

    assertThat(db.audit().find(query(Optional.of("user.create"), Optional.empty(), 0, 100)).total())
        .isEqualTo(13);
    assertThat(db.audit().find(query(Optional.empty(), Optional.of("bob"), 0, 100)).entries())
        .extracting(e -> e.event().type())
        .containsExactly("logout");
    AuditQuery second =
        new AuditQuery(
            Optional.empty(),
            Optional.of("root"),
            Optional.empty(),
            Optional.of(T0.plusSeconds(5)),
            Optional.of(T0.plusSeconds(15)),
            4,
            4);
    AuditPage page = db.audit().find(second);
    assertThat(page.total()).isEqualTo(10);
    assertThat(page.entries())
        .extracting(e -> e.event().subject())
        .containsExactly("u10", "u9", "u8", "u7");
    assertThat(
            db.audit()
                .find(
                    new AuditQuery(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of("u3"),
                        Optional.empty(),
                        Optional.empty(),
                        0,
                        10))
                .entries())
        .hasSize(1);
  }

  private static AuditQuery query(
      Optional<String> type, Optional<String> actor, int offset, int limit) {
    return new AuditQuery(
        type, actor, Optional.empty(), Optional.empty(), Optional.empty(), offset, limit);
  }

  private static HubEvent event(
      int second, String type, String actor, String subject, String outcome) {
    return new HubEvent(
        T0.plusSeconds(second),
        type,
        actor,
        subject,
        "10.0.0.7",
        outcome,
        Map.of("n", Integer.toString(second)));
  }
}
