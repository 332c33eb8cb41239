package dev.ganymede.hub.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ganymede.hub.auth.fakes.InMemorySessionStore;
import dev.ganymede.hub.auth.fakes.MutableClock;
import dev.ganymede.hub.auth.fakes.TestConfigs;
import dev.ganymede.hub.store.Session;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SessionManagerTest {

  private final MutableClock clock = new MutableClock();
  private final InMemorySessionStore store = new InMemorySessionStore();
  private final SessionManager sessions =
      new SessionManager(store, TestConfigs.sessionMaxAge(Duration.ofDays(14)), clock);

  @Test
  void opensASessionThatLookupFinds() {
    OpenedSession opened = sessions.open("alice");

    assertThat(sessions.lookup(opened.cookieValue())).hasValue(opened.session());
    assertThat(opened.session().user()).isEqualTo("alice");
    assertThat(opened.session().createdAt()).isEqualTo(clock.instant());
    assertThat(opened.session().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(14)));
  }

  @Test
  void storesOnlyTheSha256OfTheCookieValue() throws Exception {
    OpenedSession opened = sessions.open("alice");

    String expectedHash =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(opened.cookieValue().getBytes(StandardCharsets.US_ASCII)));
    assertThat(store.all()).singleElement().extracting(Session::idHash).isEqualTo(expectedHash);
    assertThat(store.all().toString()).doesNotContain(opened.cookieValue());
    assertThat(opened.session().idHash()).doesNotContain(opened.cookieValue());
  }

  @Test
  void usesA32ByteRandomCookieAndItsOwnCsrfTokenPerSession() {
    OpenedSession first = sessions.open("alice");
    OpenedSession second = sessions.open("alice");

    assertThat(first.cookieValue()).matches("[A-Za-z0-9_-]{43}");
    assertThat(first.session().csrfToken()).matches("[A-Za-z0-9_-]{43}");
    assertThat(first.cookieValue()).isNotEqualTo(second.cookieValue());
    assertThat(first.session().csrfToken())
        .isNotEqualTo(second.session().csrfToken())
        .isNotEqualTo(first.cookieValue());
  }

  @Test
  void hidesTheCookieValueFromToString() {
    OpenedSession opened = sessions.open("alice");

    assertThat(opened.toString()).doesNotContain(opened.cookieValue()).contains("alice");
  }

  @Test
  void findsNothingForUnknownOrMalformedCookies() {
    sessions.open("alice");

    assertThat(sessions.lookup(CsrfTokens.newToken())).isEmpty();
    assertThat(sessions.lookup("")).isEmpty();
    assertThat(sessions.lookup("not a cookie")).isEmpty();
    assertThat(sessions.lookup("x".repeat(10_000))).isEmpty();
  }

  @Test
  void servesLookupsFromTheCacheWithoutTheStore() {
    OpenedSession opened = sessions.open("alice");

    for (int i = 0; i < 100; i++) {
      assertThat(sessions.lookup(opened.cookieValue())).isPresent();
    }

    assertThat(store.finds()).isZero();
  }

  @Test
  void warmsTheCacheFromTheStoreAtStart() {
    OpenedSession opened = sessions.open("alice");
    SessionManager restarted =
        new SessionManager(store, TestConfigs.sessionMaxAge(Duration.ofDays(14)), clock);

    assertThat(restarted.lookupCached(opened.cookieValue())).isEmpty();
    assertThat(restarted.loadAll()).isEqualTo(1);
    assertThat(restarted.lookupCached(opened.cookieValue())).hasValue(opened.session());
    assertThat(restarted.lookup(opened.cookieValue())).hasValue(opened.session());
    assertThat(store.finds()).isZero();
  }

  @Test
  void fallsBackToTheStoreOnceForASessionAnotherHubOpened() {
    SessionManager otherHub =
        new SessionManager(store, TestConfigs.sessionMaxAge(Duration.ofDays(14)), clock);
    OpenedSession opened = otherHub.open("alice");

    assertThat(sessions.lookup(opened.cookieValue())).hasValue(opened.session());
    assertThat(sessions.lookup(opened.cookieValue())).hasValue(opened.session());
    assertThat(store.finds()).isEqualTo(1);
  }

  @Test
  void hidesAndEvictsExpiredSessions() {
    OpenedSession opened = sessions.open("alice");
    clock.advance(Duration.ofDays(14).minusSeconds(1));
    assertThat(sessions.lookup(opened.cookieValue())).isPresent();

    clock.advance(Duration.ofSeconds(1));

    assertThat(sessions.lookup(opened.cookieValue())).isEmpty();
    assertThat(sessions.lookupCached(opened.cookieValue())).isEmpty();
    assertThat(store.finds()).isZero();
    // evicted from the cache: the next lookup asks the store, which filters it out too
    assertThat(sessions.lookup(opened.cookieValue())).isEmpty();
    assertThat(store.finds()).isEqualTo(1);
  }

  @Test
  void doesNotWarmTheCacheWithExpiredSessions() {
    OpenedSession opened = sessions.open("alice");
    clock.advance(Duration.ofDays(15));
    SessionManager restarted =
        new SessionManager(store, TestConfigs.sessionMaxAge(Duration.ofDays(14)), clock);

    assertThat(restarted.loadAll()).isZero();
    assertThat(restarted.lookup(opened.cookieValue())).isEmpty();
  }

  @Test
  void closeSignsOutOneSession() {
    OpenedSession first = sessions.open("alice");
    OpenedSession second = sessions.open("alice");

    sessions.close(first.cookieValue());

    assertThat(sessions.lookup(first.cookieValue())).isEmpty();
    assertThat(sessions.lookup(second.cookieValue())).isPresent();
    assertThat(store.all()).containsExactly(second.session());
  }

  @Test
  void closeAllForSignsOutEveryBrowserOfOneUserAndEvictsTheCache() {
    OpenedSession laptop = sessions.open("alice");
    OpenedSession phone = sessions.open("alice");
    OpenedSession bob = sessions.open("bob");

    assertThat(sessions.closeAllFor("alice")).isEqualTo(2);

    assertThat(sessions.lookupCached(laptop.cookieValue())).isEmpty();
    assertThat(sessions.lookup(phone.cookieValue())).isEmpty();
    assertThat(sessions.lookup(bob.cookieValue())).isPresent();
    assertThat(store.all()).containsExactly(bob.session());
  }

  @Test
  void purgeExpiredRemovesExpiredSessionsFromTheStore() {
    sessions.open("alice");
    clock.advance(Duration.ofDays(10));
    OpenedSession recent = sessions.open("bob");
    clock.advance(Duration.ofDays(5));

    sessions.purgeExpired();

    assertThat(store.all()).containsExactly(recent.session());
  }

  @Test
  void refusesANonPositiveMaxAge() {
    assertThatThrownBy(
            () -> new SessionManager(store, TestConfigs.sessionMaxAge(Duration.ZERO), clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("auth.sessionMaxAge");
  }
}
