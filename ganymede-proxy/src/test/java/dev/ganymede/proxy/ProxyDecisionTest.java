package dev.ganymede.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class ProxyDecisionTest {

  @Test
  void proceedIsOneSharedDecision() {
    assertThat(ProxyDecision.proceed()).isSameAs(ProxyDecision.proceed());
    assertThat(ProxyDecision.proceed()).isInstanceOf(ProxyDecision.Proceed.class);
  }

  @Test
  void respondCopiesItsHeadersAndBody() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "text/plain");
    Buffer body = Buffer.buffer("forbidden");

    ProxyDecision.Respond respond =
        (ProxyDecision.Respond) ProxyDecision.respond(403, headers, body);
    headers.add("X-Later", "1");
    body.appendString(" and more");

    assertThat(respond.statusCode()).isEqualTo(403);
    assertThat(respond.headers().names()).containsExactly("Content-Type");
    assertThat(respond.body().toString()).isEqualTo("forbidden");
  }

  @Test
  void redirectPointsToTheLocation() {
    ProxyDecision.Respond redirect =
        (ProxyDecision.Respond) ProxyDecision.redirect("/hub/login?next=%2Fuser%2Falice");

    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(redirect.headers().get("Location")).isEqualTo("/hub/login?next=%2Fuser%2Falice");
    assertThat(redirect.body().length()).isZero();
  }

  @Test
  void refusesStatusCodesThatAreNotFinalResponses() {
    assertThatThrownBy(() -> ProxyDecision.respond(101, MultiMap.caseInsensitiveMultiMap(), ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 200 and 599, was 101");
    assertThatThrownBy(() -> ProxyDecision.respond(600, MultiMap.caseInsensitiveMultiMap(), ""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
