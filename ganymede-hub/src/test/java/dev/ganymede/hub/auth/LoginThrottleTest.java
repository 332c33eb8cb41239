package dev.ganymede.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ganymede.hub.auth.fakes.MutableClock;
import dev.ganymede.hub.auth.fakes.TestConfigs;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  private final MutableClock clock = new MutableClock();
  private final LoginThrottle throttle =
      new LoginThrottle(TestConfigs.throttle(3, Duration.ofMinutes(5)), clock);

  @Test
  void blocksANameAfterTheMaximumOfFailuresFromAnyAddress() {
    throttle.recordFailure("alice", "10.0.0.1");
    throttle.recordFailure("alice", "10.0.0.2");
    assertThat(throttle.blockedFor("alice", "10.0.0.3")).isEmpty();

    throttle.recordFailure("Alice", "10.0.0.3");

    assertThat(throttle.blockedFor("alice", "10.0.0.4")).hasValue(Duration.ofMinutes(5));
    assertThat(throttle.blockedFor("bob", "10.0.0.4")).isEmpty();
  }

  @Test
  void blocksAnAddressAfterTheMaximumOfFailuresForAnyNames() {
    throttle.recordFailure("alice", "10.0.0.1");
    throttle.recordFailure("bob", "10.0.0.1");
    throttle.recordFailure("carol", "10.0.0.1");

    assertThat(throttle.blockedFor("dave", "10.0.0.1")).isPresent();
    assertThat(throttle.blockedFor("dave", "10.0.0.2")).isEmpty();
  }

  @Test
  void anAddressHasItsOwnHigherLimitSoAClassroomBehindOneAddressKeepsSigningIn() {
    LoginThrottle classroom =
        new LoginThrottle(TestConfigs.throttle(2, 5, Duration.ofMinutes(5)), clock);
    for (String name : new String[] {"ann", "ben", "cat", "dan"}) {
      classroom.recordFailure(name, "192.0.2.7");
    }
    assertThat(classroom.blockedFor("eve", "192.0.2.7")).isEmpty();
    classroom.recordFailure("ann", "192.0.2.7");
    assertThat(classroom.blockedFor("ann", "192.0.2.8")).isPresent();
    assertThat(classroom.blockedFor("eve", "192.0.2.7")).isPresent();
  }

  @Test
  void forgetsFailuresOnceTheWindowHasPassed() {
    throttle.recordFailure("alice", "10.0.0.1");
    clock.advance(Duration.ofMinutes(2));
    throttle.recordFailure("alice", "10.0.0.1");
    throttle.recordFailure("alice", "10.0.0.1");

    assertThat(throttle.blockedFor("alice", "10.0.0.1")).hasValue(Duration.ofMinutes(3));

    clock.advance(Duration.ofMinutes(3));
    assertThat(throttle.blockedFor("alice", "10.0.0.1")).isEmpty();

    throttle.recordFailure("alice", "10.0.0.1");
    assertThat(throttle.blockedFor("alice", "10.0.0.1")).hasValue(Duration.ofMinutes(2));
  }

  @Test
  void successClearsTheNameButNotTheAddress() {
    throttle.recordFailure("alice", "10.0.0.1");
    throttle.recordFailure("alice", "10.0.0.1");
    throttle.recordFailure("bob", "10.0.0.2");
    throttle.recordFailure("bob", "10.0.0.2");
    throttle.recordFailure("carol", "10.0.0.2");

    throttle.recordSuccess("alice", "10.0.0.1");
    throttle.recordFailure("alice", "10.0.0.1");
    assertThat(throttle.blockedFor("alice", "10.0.0.9")).isEmpty();

    throttle.recordSuccess("carol", "10.0.0.2");
    assertThat(throttle.blockedFor("erin", "10.0.0.2")).isPresent();
  }

  @Test
  void keepsABoundedNumberOfNamesAndAddresses() {
    LoginThrottle small =
        new LoginThrottle(TestConfigs.throttle(3, Duration.ofMinutes(5)), clock, 100);

    for (int i = 0; i < 10_000; i++) {
      small.recordFailure("user" + i, "10.0." + (i / 256) + "." + (i % 256));
    }

    assertThat(small.trackedKeys()).isEqualTo(200);
  }

  @Test
  void keepsTheMostRecentlyFailedNamesWhenItMustForget() {
    LoginThrottle small =
        new LoginThrottle(TestConfigs.throttle(2, Duration.ofMinutes(5)), clock, 2);
    small.recordFailure("alice", "a");
    small.recordFailure("bob", "b");
    small.recordFailure("alice", "a"); // alice is now the most recent
    small.recordFailure("carol", "c"); // forgets bob

    assertThat(small.blockedFor("alice", "x")).isPresent();
    small.recordFailure("bob", "y");
    assertThat(small.blockedFor("bob", "z")).isEmpty();
  }
}
