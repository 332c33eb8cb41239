package dev.ganymede.hub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SpawnAdmissionTest {

  @Test
  void withoutLimitsEveryStartIsAdmittedAndCounted() {
    SpawnAdmission admission = new SpawnAdmission(0, 0);

    for (int i = 0; i < 1000; i++) {
      admission.admit();
    }

    assertThat(admission.pending()).isEqualTo(1000);
    assertThat(admission.active()).isEqualTo(1000);
  }

  @Test
  void thePendingLimitIsCheckedBeforeTheActiveLimitAndARefusalCountsNothing() {
    SpawnAdmission admission = new SpawnAdmission(1, 1);
    admission.admit();

    assertThatThrownBy(admission::admit)
        .isInstanceOfSatisfying(
            SpawnRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(SpawnRefusedException.Reason.TOO_MANY_PENDING));
    admission.adjust(-1, 0); // the start finished: running, still active
    assertThatThrownBy(admission::admit)
        .isInstanceOfSatisfying(
            SpawnRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(SpawnRefusedException.Reason.TOO_MANY_ACTIVE));
    assertThat(admission.pending()).isZero();
    assertThat(admission.active()).isEqualTo(1);
  }

  @Test
  void retryAfterFollowsRecentSpawnDurationsWithinTenSecondsAndFiveMinutes() {
    SpawnAdmission admission = new SpawnAdmission(1, 0);
    admission.admit();
    for (int i = 0; i < 50; i++) {
      admission.spawnTook(Duration.ofSeconds(100));
    }
    assertThat(refusal(admission).retryAfter())
        .isBetween(Duration.ofSeconds(100), Duration.ofSeconds(150));

    for (int i = 0; i < 50; i++) {
      admission.spawnTook(Duration.ofMillis(300));
    }
    assertThat(refusal(admission).retryAfter())
        .isBetween(Duration.ofSeconds(10), Duration.ofSeconds(15));

    for (int i = 0; i < 50; i++) {
      admission.spawnTook(Duration.ofHours(1));
    }
    assertThat(refusal(admission).retryAfter())
        .isBetween(Duration.ofMinutes(5), Duration.ofSeconds(450));
  }

  @Test
  void theRetryDelayIsWordedAsJupyterHubDoes() {
    assertThat(SpawnRefusedException.humanDelay(Duration.ofSeconds(1))).isEqualTo("10 seconds");
    assertThat(SpawnRefusedException.humanDelay(Duration.ofSeconds(30))).isEqualTo("30 seconds");
    assertThat(SpawnRefusedException.humanDelay(Duration.ofSeconds(31))).isEqualTo("40 seconds");
    assertThat(SpawnRefusedException.humanDelay(Duration.ofSeconds(90))).isEqualTo("90 seconds");
    assertThat(SpawnRefusedException.humanDelay(Duration.ofSeconds(91))).isEqualTo("2 minutes");
    assertThat(SpawnRefusedException.humanDelay(Duration.ofSeconds(450))).isEqualTo("8 minutes");
  }

  private static SpawnRefusedException refusal(SpawnAdmission admission) {
    try {
      admission.admit();
    } catch (SpawnRefusedException e) {
      return e;
    }
    throw new AssertionError("the start was admitted");
  }
}
