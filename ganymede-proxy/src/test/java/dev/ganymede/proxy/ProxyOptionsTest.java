package dev.ganymede.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProxyOptionsTest {

  @Test
  void hasDefaultsForEveryField() {
    ProxyOptions defaults = ProxyOptions.defaults();

    assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.responseTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(defaults.maxConnectionsPerTarget()).isEqualTo(64);
    assertThat(defaults.maxWaitQueuePerTarget()).isEqualTo(1024);
    assertThat(defaults.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(defaults.xForwardedHeaders()).isTrue();
    assertThat(defaults.preserveHost()).isTrue();
  }

  @Test
  void changesOneFieldAtATime() {
    ProxyOptions options =
        ProxyOptions.defaults().withMaxConnectionsPerTarget(8).withPreserveHost(false);

    assertThat(options.maxConnectionsPerTarget()).isEqualTo(8);
    assertThat(options.preserveHost()).isFalse();
    assertThat(options.connectTimeout()).isEqualTo(ProxyOptions.DEFAULT_CONNECT_TIMEOUT);
  }

  @Test
  void refusesInvalidValuesNamingTheFieldAndWhatIsAllowed() {
    ProxyOptions defaults = ProxyOptions.defaults();

    assertThatThrownBy(() -> defaults.withConnectTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("connectTimeout must be a positive duration");
    assertThatThrownBy(() -> defaults.withResponseTimeout(Duration.ofDays(2)))
        .hasMessageContaining("responseTimeout")
        .hasMessageContaining("at most PT24H");
    assertThatThrownBy(() -> defaults.withKeepAliveTimeout(Duration.ofMillis(500)))
        .hasMessageContaining("keepAliveTimeout must be at least 1 second");
    assertThatThrownBy(() -> defaults.withMaxConnectionsPerTarget(0))
        .hasMessageContaining("maxConnectionsPerTarget must be at least 1, was 0");
    assertThatThrownBy(() -> defaults.withMaxWaitQueuePerTarget(-1))
        .hasMessageContaining("maxWaitQueuePerTarget must be 0 or more, was -1");
    assertThatThrownBy(() -> defaults.withConnectTimeout(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("connectTimeout");
  }
}
