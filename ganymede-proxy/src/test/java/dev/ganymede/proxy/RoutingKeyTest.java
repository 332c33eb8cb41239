package dev.ganymede.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoutingKeyTest {
  @Test
  void withoutHostRoutingTheKeyIsThePathAsSent() {
    assertThat(RoutingKey.of(false, "alice.hub.example.org", "/user/alice/lab?x=1"))
        .isEqualTo("/user/alice/lab?x=1");
  }

  @Test
  void withHostRoutingTheLowerCasedHostWithoutItsPortComesFirst() {
    assertThat(RoutingKey.of(true, "Alice.Hub.Example.org:8000", "/lab?x=1"))
        .isEqualTo("/alice.hub.example.org/lab?x=1");
    assertThat(RoutingKey.of(true, "alice.hub.example.org", "/"))
        .isEqualTo("/alice.hub.example.org/");
    assertThat(RoutingKey.of(true, "[::1]:8000", "/lab")).isEqualTo("/[::1]/lab");
    assertThat(RoutingKey.of(true, "[::1]", "/lab")).isEqualTo("/[::1]/lab");
  }

  @Test
  void aRequestWithoutAHostIsRoutedByItsPath() {
    assertThat(RoutingKey.of(true, null, "/lab")).isEqualTo("/lab");
    assertThat(RoutingKey.of(true, " ", "/lab")).isEqualTo("/lab");
  }
}
