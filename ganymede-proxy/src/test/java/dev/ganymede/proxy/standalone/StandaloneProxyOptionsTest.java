package dev.ganymede.proxy.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ganymede.proxy.ProxyOptions;
import io.vertx.core.http.ClientAuth;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StandaloneProxyOptionsTest {
  private static final StandaloneProxyOptions.ApiTls API_TLS =
      new StandaloneProxyOptions.ApiTls(
          new StandaloneProxyOptions.Tls(Path.of("api.pem"), Path.of("api.key")),
          Optional.of(Path.of("ca.pem")),
          ClientAuth.REQUIRED);

  private static final StandaloneProxyOptions DEFAULTS = StandaloneProxyOptions.defaults();

  @Test
  void eachWithMethodChangesItsFieldsAndKeepsEveryOther() {
    StandaloneProxyOptions changed =
        DEFAULTS
            .withPublic("127.0.0.1", 9000)
            .withApi("127.0.0.2", 9001)
            .withAuthToken("t0ken")
            .withDefaultTarget(URI.create("http://hub:8081"))
            .withErrorTarget(URI.create("http://hub:8081/hub/error"))
            .withTls(new StandaloneProxyOptions.Tls(Path.of("c.pem"), Path.of("k.pem")))
            .withApiTls(API_TLS)
            .withHubAuthUrl(URI.create("http://hub:8081/hub/api"))
            .withAuthCache(Duration.ofSeconds(5), Duration.ofMinutes(7));

    assertThat(changed)
        .isEqualTo(
            new StandaloneProxyOptions(
                "127.0.0.1",
                9000,
                "127.0.0.2",
                9001,
                Optional.of("t0ken"),
                Optional.of(URI.create("http://hub:8081")),
                Optional.of(URI.create("http://hub:8081/hub/error")),
                Optional.of(new StandaloneProxyOptions.Tls(Path.of("c.pem"), Path.of("k.pem"))),
                Optional.of(API_TLS),
                Optional.of(URI.create("http://hub:8081/hub/api")),
                Duration.ofSeconds(5),
                Duration.ofMinutes(7),
                DEFAULTS.proxy()));
    assertThat(DEFAULTS.withAuthToken("x").withProxy(ProxyOptions.defaults()))
        .isEqualTo(DEFAULTS.withAuthToken("x"));
  }

  @Test
  void anApiThatAsksForClientCertificatesNeedsTheCasToTrustThem() {
    var tls = new StandaloneProxyOptions.Tls(Path.of("api.pem"), Path.of("api.key"));

    assertThatThrownBy(
            () -> new StandaloneProxyOptions.ApiTls(tls, Optional.empty(), ClientAuth.REQUIRED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apiTls")
        .hasMessageContaining("REQUIRED");
    assertThat(new StandaloneProxyOptions.ApiTls(tls, Optional.empty(), ClientAuth.NONE).tls())
        .isEqualTo(tls);
  }

  @Test
  void aBadValueGivenToAWithMethodIsRefusedNamingTheField() {
    assertThatThrownBy(() -> DEFAULTS.withPublic("0.0.0.0", 70000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port");
    assertThatThrownBy(() -> DEFAULTS.withDefaultTarget(URI.create("ftp://hub")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("defaultTarget");
  }
}
