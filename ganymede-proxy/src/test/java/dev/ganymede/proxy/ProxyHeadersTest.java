package dev.ganymede.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProxyHeadersTest {

  @Test
  void recognisesHopByHopHeadersInAnyCase() {
    assertThat(ProxyHeaders.isHopByHop("Connection")).isTrue();
    assertThat(ProxyHeaders.isHopByHop("KEEP-ALIVE")).isTrue();
    assertThat(ProxyHeaders.isHopByHop("te")).isTrue();
    assertThat(ProxyHeaders.isHopByHop("Trailer")).isTrue();
    assertThat(ProxyHeaders.isHopByHop("Transfer-Encoding")).isTrue();
    assertThat(ProxyHeaders.isHopByHop("Upgrade")).isTrue();
    assertThat(ProxyHeaders.isHopByHop("Proxy-Authorization")).isTrue();
    assertThat(ProxyHeaders.isHopByHop("proxy-connection")).isTrue();
    assertThat(ProxyHeaders.isHopByHop("Content-Length")).isFalse();
    assertThat(ProxyHeaders.isHopByHop("Cookie")).isFalse();
    assertThat(ProxyHeaders.isHopByHop("Proxy")).isFalse();
  }

  @Test
  void dropsHopByHopHeadersAndThoseNamedInConnectionOnTheWayToTheServer() {
    MultiMap client =
        headers(
            "Host", "hub.example.org",
            "Connection", "keep-alive, X-Private",
            "X-Private", "drop",
            "Keep-Alive", "timeout=5",
            "Expect", "100-continue",
            "Cookie", "a=1",
            "Cookie", "b=2");

    MultiMap toServer = ProxyHeaders.forServer(client, false, true);

    assertThat(toServer.names()).containsExactlyInAnyOrder("Host", "Cookie");
    assertThat(toServer.getAll("Cookie")).containsExactly("a=1", "b=2");
  }

  @Test
  void forwardsThePortTheHostHeaderNamesElseTheSchemes() {
    assertThat(ProxyHeaders.forwardedPort("hub.example.org:8443", false)).isEqualTo("8443");
    assertThat(ProxyHeaders.forwardedPort("[::1]:8000", true)).isEqualTo("8000");
    assertThat(ProxyHeaders.forwardedPort("[::1]", true)).isEqualTo("443");
    assertThat(ProxyHeaders.forwardedPort("hub.example.org", false)).isEqualTo("80");
    assertThat(ProxyHeaders.forwardedPort(null, false)).isEqualTo("80");
    assertThat(ProxyHeaders.forwardedPort("hub.example.org: 81 ", false)).isEqualTo("81");
    for (String bad : List.of("h:", "h:0", "h:65536", "h:-1", "h:8o", "h:123456")) {
      assertThat(ProxyHeaders.forwardedPort(bad, true)).as(bad).isEqualTo("443");
    }
  }

  @Test
  void dropsTheHostWhenItIsNotPreserved() {
    MultiMap toServer =
        ProxyHeaders.forServer(headers("Host", "hub.example.org", "Accept", "*/*"), false, false);

    assertThat(toServer.names()).containsExactly("Accept");
  }

  @Test
  void sendsExactlyConnectionUpgradeAndUpgradeWebsocketForAWebSocket() {
    MultiMap client =
        headers(
            "Connection", "keep-alive, Upgrade",
            "Upgrade", "WebSocket",
            "Sec-WebSocket-Key", "k",
            "Sec-WebSocket-Protocol", "v1.kernel.websocket.jupyter.org",
            "Sec-WebSocket-Extensions", "permessage-deflate");

    MultiMap toServer = ProxyHeaders.forServer(client, true, true);

    assertThat(toServer.get("Connection")).isEqualTo("Upgrade");
    assertThat(toServer.get("Upgrade")).isEqualTo("websocket");
    assertThat(toServer.get("Sec-WebSocket-Protocol")).isEqualTo("v1.kernel.websocket.jupyter.org");
    assertThat(toServer.get("Sec-WebSocket-Extensions")).isEqualTo("permessage-deflate");
  }

  @Test
  void dropsContentLengthWhenTheBodyIsChunked() {
    MultiMap client = headers("Transfer-Encoding", "chunked", "Content-Length", "10");

    assertThat(ProxyHeaders.forServer(client, false, true).names()).isEmpty();
    assertThat(ProxyHeaders.hasBody(client)).isTrue();
  }

  @Test
  void relaysEndToEndResponseHeadersAndHidesTheGivenOnes() {
    MultiMap server =
        headers(
            "Content-Type", "text/html",
            "Connection", "close, X-Private",
            "X-Private", "drop",
            "Keep-Alive", "timeout=5",
            "X-Ganymede-Server-Token", "s3cret",
            "Set-Cookie", "a=1",
            "Set-Cookie", "b=2");
    MultiMap toClient = MultiMap.caseInsensitiveMultiMap();

    ProxyHeaders.toClient(server, toClient, false, Set.of("x-ganymede-server-token"));

    assertThat(toClient.names()).containsExactlyInAnyOrder("Content-Type", "Set-Cookie");
    assertThat(toClient.getAll("Set-Cookie")).containsExactly("a=1", "b=2");
  }

  @Test
  void keepsTheUpgradeHeadersOfASwitchingProtocolsResponse() {
    MultiMap server =
        headers(
            "Connection", "Upgrade",
            "Upgrade", "websocket",
            "Sec-WebSocket-Accept", "x",
            "Sec-WebSocket-Protocol", "v1.kernel.websocket.jupyter.org");
    MultiMap toClient = MultiMap.caseInsensitiveMultiMap();

    ProxyHeaders.toClient(server, toClient, true, Set.of());

    assertThat(toClient.get("Connection")).isEqualTo("Upgrade");
    assertThat(toClient.get("Upgrade")).isEqualTo("websocket");
    assertThat(toClient.get("Sec-WebSocket-Accept")).isEqualTo("x");
    assertThat(toClient.get("Sec-WebSocket-Protocol")).isEqualTo("v1.kernel.websocket.jupyter.org");
  }

  @Test
  void findsTheHeadersInterceptorsAddedOrChangedButNotTheUntouchedOnes() {
    MultiMap client =
        headers("Cookie", "a=1", "X-Ganymede-Server-Token", "forged", "Accept", "*/*");
    MultiMap toServer = ProxyHeaders.forServer(client, false, true);
    toServer.set("X-Ganymede-Server-Token", "s3cret");
    toServer.set("X-Forwarded-User", "alice");
    toServer.remove("Cookie");

    assertThat(ProxyHeaders.changedByInterceptors(client, toServer))
        .containsExactlyInAnyOrder("x-ganymede-server-token", "x-forwarded-user");
  }

  @Test
  void tellsWhetherARequestHasABody() {
    assertThat(ProxyHeaders.hasBody(headers("Content-Length", "12"))).isTrue();
    assertThat(ProxyHeaders.hasBody(headers("Content-Length", "0"))).isFalse();
    assertThat(ProxyHeaders.hasBody(headers("Content-Length", "nonsense"))).isFalse();
    assertThat(ProxyHeaders.hasBody(headers("Transfer-Encoding", "gzip, chunked"))).isTrue();
    assertThat(ProxyHeaders.hasBody(MultiMap.caseInsensitiveMultiMap())).isFalse();
  }

  @Test
  void recognisesAnExpectContinue() {
    assertThat(ProxyHeaders.expectsContinue(headers("Expect", "100-Continue"))).isTrue();
    assertThat(ProxyHeaders.expectsContinue(headers("Expect", "something-else"))).isFalse();
    assertThat(ProxyHeaders.expectsContinue(MultiMap.caseInsensitiveMultiMap())).isFalse();
  }

  @Test
  void turnsAbsoluteFormRequestTargetsIntoOriginForm() {
    assertThat(ProxyHeaders.originForm("http://hub.example.org/user/alice/lab?x=1"))
        .isEqualTo("/user/alice/lab?x=1");
    assertThat(ProxyHeaders.originForm("http://hub.example.org?x=1")).isEqualTo("/?x=1");
    assertThat(ProxyHeaders.originForm("http://hub.example.org")).isEqualTo("/");
    assertThat(ProxyHeaders.originForm("/user/alice?x=/y")).isEqualTo("/user/alice?x=/y");
  }

  private static MultiMap headers(String... namesAndValues) {
    MultiMap headers = HttpHeaders.headers();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }
}
