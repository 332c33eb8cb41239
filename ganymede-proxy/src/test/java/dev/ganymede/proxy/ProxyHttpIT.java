package dev.ganymede.proxy;

import static dev.ganymede.proxy.ProxyFixture.resultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ganymede.proxy.InMemoryRouteTableTest.MutableClock;
import dev.ganymede.proxy.ProxyFixture.Response;
import dev.ganymede.testkit.FreePorts;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProxyHttpIT {

  /** Answers with what it received: method, request target, headers (lower case) and body. */
  static void echo(HttpServerRequest request) {
    request
        .body()
        .onSuccess(
            body -> {
              JsonObject headers = new JsonObject();
              for (String name : request.headers().names()) {
                headers.put(name.toLowerCase(), new JsonArray(request.headers().getAll(name)));
              }
              request
                  .response()
                  .putHeader("Content-Type", "application/json")
                  .end(
                      new JsonObject()
                          .put("method", request.method().name())
                          .put("uri", request.uri())
                          .put("headers", headers)
                          .put("body", body.toString())
                          .encode());
            });
  }

  private static JsonObject json(Response response) {
    return new JsonObject(response.body());
  }

  private static String header(JsonObject echoed, String name) {
    JsonArray values = echoed.getJsonObject("headers").getJsonArray(name.toLowerCase());
    return values == null ? null : String.join(",", values.getList());
  }

  @Test
  void forwardsAGetWithItsFullPathAndQueryToTheRouteTarget() {
    try (ProxyFixture fixture = ProxyFixture.start()) {
      URI backend = fixture.backend(ProxyHttpIT::echo);
      fixture.routes.put(Route.of("/user/alice", backend));

      Response response = fixture.get("/user/alice/api/contents/a%20b.ipynb?type=notebook&x=1");

      assertThat(response.status()).isEqualTo(200);
      JsonObject echoed = json(response);
      assertThat(echoed.getString("method")).isEqualTo("GET");
      assertThat(echoed.getString("uri"))
          .isEqualTo("/user/alice/api/contents/a%20b.ipynb?type=notebook&x=1");
    }
  }

  @Test
  void routesEachPathToTheTargetOfItsLongestPrefix() {
    try (ProxyFixture fixture = ProxyFixture.start()) {
      fixture.routes.put(Route.of("/user/alice", fixture.backend(r -> r.response().end("alice"))));
      fixture.routes.put(
          Route.of("/user/alice/gpu", fixture.backend(r -> r.response().end("alice-gpu"))));

      assertThat(fixture.get("/user/alice/lab").text()).isEqualTo("alice");
      assertThat(fixture.get("/user/alice/gpu/lab").text()).isEqualTo("alice-gpu");
      assertThat(fixture.get("/user/alice/gpux").text()).isEqualTo("alice");
    }
  }

  @Test
  void forwardsAPostBodyAndRelaysStatusHeadersAndBodyOfTheResponse() {
    try (ProxyFixture fixture = ProxyFixture.start()) {
      URI backend =
          fixture.backend(
              request ->
                  request
                      .body()
                      .onSuccess(
                          body ->
                              request
                                  .response()
                                  .setStatusCode(201)
                                  .setStatusMessage("Made It")
                                  .putHeader("X-Backend", "yes")
                                  .putHeader("Set-Cookie", "a=1; Path=/user/alice")
                                  .end("got " + body.length() + ": " + body)));
      fixture.routes.put(Route.of("/user/alice", backend));

      Response response =
          fixture.send(
              new RequestOptions()
                  .setMethod(HttpMethod.POST)
                  .setURI("/user/alice/api/contents")
                  .putHeader("Content-Type", "text/plain"),
              Buffer.buffer("hello world"));

      assertThat(response.status()).isEqualTo(201);
      assertThat(response.headers().get("X-Backend")).isEqualTo("yes");
      assertThat(response.headers().get("Set-Cookie")).isEqualTo("a=1; Path=/user/alice");
      assertThat(response.text()).isEqualTo("got 11: hello world");
    }
  }

  @Test
  void forwardsAChunkedRequestBodyWithoutKnowingItsLength() {
    try (ProxyFixture fixture = ProxyFixture.start()) {
      URI backend = fixture.backend(ProxyHttpIT::echo);
      fixture.routes.put(Route.of("/user/alice", backend));

      Response response =
          resultOf(
              fixture.onClient(
                  c ->
                      c.request(HttpMethod.PUT, "/user/alice/upload")
                          .compose(
                              request -> {
                                request.setChunked(true);
                                request.write("part one, ");
                                request.write("part two");
                                request.end();
                                return request
                                    .response()
                                    .compose(r -> r.body().map(b -> new Response(r, b)));
                              })));

      JsonObject echoed = json(response);
      assertThat(echoed.getString("body")).isEqualTo("part one, part two");
      assertThat(header(echoed, "transfer-encoding")).isEqualTo("chunked");
      assertThat(header(echoed, "content-length")).isNull();
    }
  }

  @Test
  void appendsForwardedHeadersAndKeepsTheClientsHost() {
    try (ProxyFixture fixture = ProxyFixture.start()) {
      fixture.routes.put(Route.of("/user/alice", fixture.backend(ProxyHttpIT::echo)));

      JsonObject echoed =
          json(
              fixture.send(
                  new RequestOptions()
                      .setURI("/user/alice/lab")
                      .putHeader("Host", "hub.example.org:8443")
                      .putHeader("X-Forwarded-For", "203.0.113.7"),
                  null));

      assertThat(header(echoed, "host")).isEqualTo("hub.example.org:8443");
      assertThat(header(echoed, "x-forwarded-host")).isEqualTo("hub.example.org:8443");
      assertThat(header(echoed, "x-forwarded-for")).isEqualTo("203.0.113.7,127.0.0.1");
      assertThat(header(echoed, "x-forwarded-proto")).isEqualTo("http");
      assertThat(header(echoed, "x-forwarded-port")).isEqualTo("8443");
    }
  }

  @Test
  void withHostRoutingRoutesByTheHostThenThePathAndForwardsThePathAsSent() {
    try (ProxyFixture fixture =
        ProxyFixture.start(b -> b.options(ProxyOptions.defaults().withHostRouting(true)))) {
      fixture.routes.put(Route.of("/alice.hub.example.org", fixture.backend(ProxyHttpIT::echo)));
      fixture.routes.put(
          Route.of("/", fixture.backend(request -> request.response().end("the hub"))));

      JsonObject alice =
          json(
              fixture.send(
                  new RequestOptions()
                      .setURI("/lab/tree?x=1")
                      .putHeader("Host", "Alice.Hub.Example.org:8000"),
                  null));
      ProxyFixture.Response bob =
          fixture.send(
              new RequestOptions().setURI("/lab/tree").putHeader("Host", "bob.hub.example.org"),
              null);

      assertThat(alice.getString("uri")).isEqualTo("/lab/tree?x=1");
      assertThat(header(alice, "host")).isEqualTo("Alice.Hub.Example.org:8000");
      assertThat(bob.text()).isEqualTo("the hub");
    }
  }

  @Test
  void sendsTheTargetsOwnHostWhenAskedNotToPreserveIt() {
    try (ProxyFixture fixture =
        ProxyFixture.start(b -> b.options(ProxyOptions.defaults().withPreserveHost(false)))) {
      URI backend = fixture.backend(ProxyHttpIT::echo);
      fixture.routes.put(Route.of("/user/alice", backend));

      JsonObject echoed =
          json(
              fixture.send(
                  new RequestOptions().setURI("/user/alice/").putHeader("Host", "hub.example.org"),
                  null));

      assertThat(header(echoed, "host")).isEqualTo("127.0.0.1:" + backend.getPort());
      assertThat(header(echoed, "x-forwarded-host")).isEqualTo("hub.example.org");
    }
  }

  @Test
  void addsNoForwardedHeadersWhenTurnedOff() {
    try (ProxyFixture fixture =
        ProxyFixture.start(b -> b.options(ProxyOptions.defaults().withXForwardedHeaders(false)))) {
      fixture.routes.put(Route.of("/user/alice", fixture.backend(ProxyHttpIT::echo)));

      JsonObject echoed = json(fixture.get("/user/alice/"));

      assertThat(echoed.getJsonObject("headers").fieldNames())
          .noneMatch(name -> name.startsWith("x-forwarded-"));
    }
  }

  @Test
  void removesHopByHopHeadersInBothDirections() {
    try (ProxyFixture fixture = ProxyFixture.start()) {
      URI backend =
          fixture.backend(
              request -> {
                JsonObject seen = new JsonObject();
                request.headers().names().forEach(n -> seen.put(n.toLowerCase(), true));
                request
                    .response()
                    .putHeader("Keep-Alive", "timeout=99")
                    .putHeader("Connection", "X-Hop-Response")
                    .putHeader("X-Hop-Response", "drop me")
                    .putHeader("Proxy-Authenticate", "Basic")
                    .putHeader("Upgrade", "foo")
                    .putHeader("X-End-To-End", "keep me")
                    .end(seen.encode());
              });
      fixture.routes.put(Route.of("/user/alice", backend));

      Response response =
          fixture.send(
              new RequestOptions()
                  .setURI("/user/alice/")
                  .putHeader("Connection", "keep-alive, X-Hop-Request")
                  .putHeader("X-Hop-Request", "drop me")
                  .putHeader("Keep-Alive", "timeout=5")
                  .putHeader("Proxy-Authorization", "Basic c2VjcmV0")
                  .putHeader("Proxy-Connection", "keep-alive")
                  .putHeader("TE", "trailers")
                  .putHeader("Trailer", "X-Checksum")
                  .putHeader("Upgrade", "foo")
                  .putHeader("X-End-To-End", "keep me"),
              null);

      JsonObject seen = json(response);
      assertThat(seen.fieldNames())
          .contains("x-end-to-end")
          .doesNotContain(
              "x-hop-request",
              "keep-alive",
              "proxy-authorization",
              "proxy-connection",
              "te",
              "trailer",
              "upgrade");
      assertThat(response.headers().get("X-End-To-End")).isEqualTo("keep me");
      assertThat(response.headers().names())
          .map(String::toLowerCase)
          .doesNotContain("keep-alive", "x-hop-response", "proxy-authenticate", "upgrade");
    }
  }

  @Test
  void relaysAHeadResponseWithItsContentLengthAndNoBody() {
    try (ProxyFixture fixture = ProxyFixture.start()) {
      URI backend =
          fixture.backend(request -> request.response().putHeader("Content-Length", "12345").end());
      fixture.routes.put(Route.of("/user/alice", backend));

      Response response =
          fixture.send(
              new RequestOptions().setMethod(HttpMethod.HEAD).setURI("/user/alice/files/big"),
              null);

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.headers().get("Content-Length")).isEqualTo("12345");
      assertThat(response.body().length()).isZero();
    }
  }

  @Test
  void relaysRedirectsAndErrorsOfTheTargetAsTheyAre() {
    try (ProxyFixture fixture = ProxyFixture.start()) {
      URI backend =
          fixture.backend(
              request -> {
                if (request.path().endsWith("/moved")) {
                  request.response().setStatusCode(302).putHeader("Location", "/elsewhere").end();
                } else {
                  request.response().setStatusCode(500).end("kernel died");
                }
              });
      fixture.routes.put(Route.of("/user/alice", backend));

      Response moved = fixture.get("/user/alice/moved");
      Response broken = fixture.get("/user/alice/broken");

      assertThat(moved.status()).isEqualTo(302);
      assertThat(moved.headers().get("Location")).isEqualTo("/elsewhere");
      assertThat(broken.status()).isEqualTo(500);
      assertThat(broken.text()).isEqualTo("kernel died");
    }
  }

  @Test
  void handsUnmatchedPathsAndTheRootRouteToTheFallback() {
    try (ProxyFixture fixture =
        ProxyFixture.start(b -> b.fallback(r -> r.response().end("hub: " + r.path())))) {
      fixture.routes.put(Route.of("/user/alice", fixture.backend(r -> r.response().end("alice"))));
      fixture.routes.put(Route.of("/", fixture.backend(r -> r.response().end("root target"))));

      assertThat(fixture.get("/hub/login").text()).isEqualTo("hub: /hub/login");
      assertThat(fixture.get("/user/bob/lab").text()).isEqualTo("hub: /user/bob/lab");
      assertThat(fixture.get("/user/alice/lab").text()).isEqualTo("alice");
    }
  }

  @Test
  void sendsUnmatchedPathsToTheRootRouteWithoutAFallback() {
    try (ProxyFixture fixture = ProxyFixture.start()) {
      fixture.routes.put(Route.of("/", fixture.backend(r -> r.response().end("hub"))));

      assertThat(fixture.get("/hub/home").text()).isEqualTo("hub");
    }
  }

  @Test
  void answersNotFoundWhenNothingMatchesAndNoFallbackIsSet() {
    try (ProxyFixture fixture = ProxyFixture.start()) {
      Response response = fixture.get("/user/nobody/lab");

      assertThat(response.status()).isEqualTo(404);
      assertThat(json(response).getInteger("status")).isEqualTo(404);
    }
  }

  @Test
  void answersServiceUnavailableQuicklyWhenTheTargetIsDown() {
    try (ProxyFixture fixture = ProxyFixture.start()) {
      fixture.routes.put(
          Route.of("/user/alice", URI.create("http://127.0.0.1:" + FreePorts.next())));

      long start = System.nanoTime();
      Response response = fixture.get("/user/alice/lab");

      assertThat(response.status()).isEqualTo(503);
      assertThat(response.headers().get("Content-Type")).startsWith("application/json");
      assertThat(json(response).getInteger("status")).isEqualTo(503);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void answersServiceUnavailableAndClosesWhenAnUploadCannotBeForwarded() {
    try (ProxyFixture fixture = ProxyFixture.start()) {
      fixture.routes.put(
          Route.of("/user/alice", URI.create("http://127.0.0.1:" + FreePorts.next())));

      Response response =
          fixture.send(
              new RequestOptions().setMethod(HttpMethod.POST).setURI("/user/alice/upload"),
              Buffer.buffer("x".repeat(100_000)));

      assertThat(response.status()).isEqualTo(503);
    }
  }

  @Test
  void usesTheConfiguredErrorHandler() {
    try (ProxyFixture fixture =
        ProxyFixture.start(
            b ->
                b.errorHandler(
                    (request, failure) ->
                        request
                            .response()
                            .setStatusCode(failure.statusCode())
                            .end("rendered " + failure.name())))) {
      fixture.routes.put(
          Route.of("/user/alice", URI.create("http://127.0.0.1:" + FreePorts.next())));

      Response response = fixture.get("/user/alice/lab");

      assertThat(response.status()).isEqualTo(503);
      assertThat(response.text()).isEqualTo("rendered TARGET_UNAVAILABLE");
    }
  }

  @Test
  void answersGatewayTimeoutWhenTheTargetNeverResponds() {
    try (ProxyFixture fixture =
        ProxyFixture.start(
            b -> b.options(ProxyOptions.defaults().withResponseTimeout(Duration.ofMillis(300))))) {
      fixture.routes.put(Route.of("/user/alice", fixture.backend(request -> {})));

      Response response = fixture.get("/user/alice/slow");

      assertThat(response.status()).isEqualTo(504);
    }
  }

  @Test
  void doesNotCutAResponseBodyThatTakesLongerThanTheResponseTimeout() {
    try (ProxyFixture fixture =
        ProxyFixture.start(
            b -> b.options(ProxyOptions.defaults().withResponseTimeout(Duration.ofMillis(200))))) {
      URI backend =
          fixture.backend(
              request -> {
                request.response().setChunked(true).write("first ");
                fixture.vertx.setTimer(600, t -> request.response().end("last"));
              });
      fixture.routes.put(Route.of("/user/alice", backend));

      Response response = fixture.get("/user/alice/stream");

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.text()).isEqualTo("first last");
    }
  }

  @Test
  void answersBadGatewayWhenTheTargetDropsTheConnection() {
    try (ProxyFixture fixture = ProxyFixture.start()) {
      fixture.routes.put(
          Route.of("/user/alice", fixture.backend(request -> request.connection().close())));

      Response response = fixture.get("/user/alice/crash");

      assertThat(response.status()).isEqualTo(502);
    }
  }

  @Test
  void closesTheClientConnectionWhenTheTargetDiesMidResponse() {
    try (ProxyFixture fixture = ProxyFixture.start()) {
      URI backend =
          fixture.backend(
              request -> {
                request.response().putHeader("Content-Length", "1000").write("only a part");
                fixture.vertx.setTimer(100, t -> request.connection().close());
              });
      fixture.routes.put(Route.of("/user/alice", backend));

      Throwable failure =
          ProxyFixture.failureOf(
              fixture.onClient(
                  c ->
                      c.request(HttpMethod.GET, "/user/alice/file")
                          .compose(request -> request.send().compose(r -> r.body()))));

      assertThat(failure).isNotNull();
    }
  }

  @Test
  void interceptorThatRespondsKeepsTheRequestFromTheTarget() {
    AtomicInteger backendCalls = new AtomicInteger();
    try (ProxyFixture fixture =
        ProxyFixture.start(
            b ->
                b.addInterceptor(
                    exchange ->
                        Future.succeededFuture(
                            ProxyDecision.respond(
                                403,
                                MultiMap.caseInsensitiveMultiMap()
                                    .add("Content-Type", "text/plain"),
                                "not yours: " + exchange.route().data().get("user")))))) {
      URI backend =
          fixture.backend(
              request -> {
                backendCalls.incrementAndGet();
                request.response().end("secret notebook");
              });
      fixture.routes.put(new Route("/user/alice", backend, Map.of("user", "alice")));

      Response get = fixture.get("/user/alice/lab");
      Response post =
          fixture.send(
              new RequestOptions().setMethod(HttpMethod.POST).setURI("/user/alice/api/contents"),
              Buffer.buffer("y".repeat(200_000)));

      assertThat(get.status()).isEqualTo(403);
      assertThat(get.text()).isEqualTo("not yours: alice");
      assertThat(get.headers().get("Content-Type")).isEqualTo("text/plain");
      assertThat(post.status()).isEqualTo(403);
      assertThat(backendCalls).hasValue(0);
    }
  }

  @Test
  void interceptorRedirectsToTheLoginPage() {
    try (ProxyFixture fixture =
        ProxyFixture.start(
            b ->
                b.addInterceptor(
                    exchange ->
                        Future.succeededFuture(
                            ProxyDecision.redirect(
                                "/hub/login?next=" + exchange.clientToProxyRequest().path()))))) {
      fixture.routes.put(Route.of("/user/alice", fixture.backend(r -> r.response().end())));

      Response response = fixture.get("/user/alice/lab");

      assertThat(response.status()).isEqualTo(302);
      assertThat(response.headers().get("Location")).isEqualTo("/hub/login?next=/user/alice/lab");
    }
  }

  @Test
  void headerAddedByAnInterceptorReachesTheTargetButNeverTheClient() {
    ProxyInterceptor serverToken =
        exchange -> {
          exchange.proxyToServerHeaders().remove("X-Ganymede-Server-Token");
          exchange.proxyToServerHeaders().set("X-Ganymede-Server-Token", "s3cret");
          return Future.succeededFuture(ProxyDecision.proceed());
        };
    try (ProxyFixture fixture = ProxyFixture.start(b -> b.addInterceptor(serverToken))) {
      URI backend =
          fixture.backend(
              request ->
                  request
                      .response()
                      .putHeader(
                          "X-Ganymede-Server-Token", request.getHeader("X-Ganymede-Server-Token"))
                      .putHeader("X-Seen-Token", request.getHeader("X-Ganymede-Server-Token"))
                      .end());
      fixture.routes.put(Route.of("/user/alice", backend));

      Response response =
          fixture.send(
              new RequestOptions()
                  .setURI("/user/alice/lab")
                  .putHeader("X-Ganymede-Server-Token", "forged"),
              null);

      assertThat(response.headers().get("X-Seen-Token")).isEqualTo("s3cret");
      assertThat(response.headers().contains("X-Ganymede-Server-Token")).isFalse();
    }
  }

  @Test
  void interceptorsRunInOrderAndTheFirstAnswerWins() {
    List<String> calls = new ArrayList<>();
    try (ProxyFixture fixture =
        ProxyFixture.start(
            b ->
                b.addInterceptor(
                        exchange -> {
                          calls.add("first");
                          exchange.proxyToServerHeaders().add("X-Order", "first");
                          return Future.succeededFuture(ProxyDecision.proceed());
                        })
                    .addInterceptor(
                        exchange -> {
                          calls.add("second");
                          return Future.succeededFuture(
                              exchange.clientToProxyRequest().path().endsWith("/deny")
                                  ? ProxyDecision.respond(
                                      403, MultiMap.caseInsensitiveMultiMap(), "")
                                  : ProxyDecision.proceed());
                        })
                    .addInterceptor(
                        exchange -> {
                          calls.add("third");
                          exchange.proxyToServerHeaders().add("X-Order", "third");
                          return Future.succeededFuture(ProxyDecision.proceed());
                        }))) {
      fixture.routes.put(Route.of("/user/alice", fixture.backend(ProxyHttpIT::echo)));

      Response allowed = fixture.get("/user/alice/ok");
      assertThat(calls).containsExactly("first", "second", "third");
      calls.clear();
      Response denied = fixture.get("/user/alice/deny");

      assertThat(header(json(allowed), "x-order")).isEqualTo("first,third");
      assertThat(denied.status()).isEqualTo(403);
      assertThat(calls).containsExactly("first", "second");
    }
  }

  @Test
  void interceptorMayDecideOnAnotherThreadWhileTheBodyWaits() {
    try (ProxyFixture fixture =
        ProxyFixture.start(
            b ->
                b.addInterceptor(
                    exchange -> {
                      Promise<ProxyDecision> decision = Promise.promise();
                      Thread.ofVirtual()
                          .start(
                              () -> {
                                exchange.proxyToServerHeaders().set("X-User", "alice");
                                decision.complete(ProxyDecision.proceed());
                              });
                      return decision.future();
                    }))) {
      fixture.routes.put(Route.of("/user/alice", fixture.backend(ProxyHttpIT::echo)));

      JsonObject echoed =
          json(
              fixture.send(
                  new RequestOptions().setMethod(HttpMethod.POST).setURI("/user/alice/x"),
                  Buffer.buffer("z".repeat(300_000))));

      assertThat(header(echoed, "x-user")).isEqualTo("alice");
      assertThat(echoed.getString("body")).hasSize(300_000);
    }
  }

  @Test
  void failingInterceptorAnswersInternalServerError() {
    try (ProxyFixture fixture =
        ProxyFixture.start(
            b ->
                b.addInterceptor(
                        exchange -> Future.failedFuture(new IllegalStateException("db down")))
                    .fallback(r -> r.response().end("hub")))) {
      fixture.routes.put(Route.of("/user/alice", fixture.backend(r -> r.response().end())));

      assertThat(fixture.get("/user/alice/lab").status()).isEqualTo(500);
      assertThat(fixture.get("/hub/home").text()).isEqualTo("hub");
    }
  }

  @Test
  void recordsActivityOnTheMatchedRoute() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    try (ProxyFixture fixture = ProxyFixture.start(clock, b -> {})) {
      fixture.routes.put(Route.of("/user/alice", fixture.backend(r -> r.response().end())));
      fixture.routes.put(Route.of("/user/bob", fixture.backend(r -> r.response().end())));
      clock.advance(Duration.ofMinutes(7));

      fixture.get("/user/alice/api/status");

      assertThat(fixture.routes.get("/user/alice").orElseThrow().lastActivity())
          .isEqualTo(Instant.parse("2026-01-01T00:07:00Z"));
      assertThat(fixture.routes.get("/user/bob").orElseThrow().lastActivity())
          .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }
  }

  @Test
  void requestsAnInterceptorAnsweredDoNotCountAsActivity() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    try (ProxyFixture fixture =
        ProxyFixture.start(
            clock,
            b ->
                b.addInterceptor(
                    exchange ->
                        Future.succeededFuture(
                            ProxyDecision.respond(
                                403, MultiMap.caseInsensitiveMultiMap(), "sign in first"))))) {
      fixture.routes.put(Route.of("/user/alice", fixture.backend(r -> r.response().end())));
      clock.advance(Duration.ofMinutes(7));

      assertThat(fixture.get("/user/alice/lab").status()).isEqualTo(403);

      assertThat(fixture.routes.get("/user/alice").orElseThrow().lastActivity())
          .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }
  }

  @Test
  void queuesRequestsBeyondThePoolSizeAndServesThemAll() {
    try (ProxyFixture fixture =
        ProxyFixture.start(
            b -> b.options(ProxyOptions.defaults().withMaxConnectionsPerTarget(2)))) {
      AtomicInteger concurrent = new AtomicInteger();
      AtomicInteger maxConcurrent = new AtomicInteger();
      URI backend =
          fixture.backend(
              request -> {
                maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                fixture.vertx.setTimer(
                    20,
                    t -> {
                      concurrent.decrementAndGet();
                      request.response().end("ok");
                    });
              });
      fixture.routes.put(Route.of("/user/alice", backend));

      List<Future<Integer>> responses = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        String uri = "/user/alice/r" + i;
        responses.add(
            fixture.onClient(
                c ->
                    c.request(HttpMethod.GET, uri)
                        .compose(
                            request ->
                                request.send().compose(r -> r.body().map(b -> r.statusCode())))));
      }

      for (Future<Integer> response : responses) {
        assertThat(resultOf(response)).isEqualTo(200);
      }
      assertThat(maxConcurrent.get()).isLessThanOrEqualTo(2);
    }
  }

  @Test
  void answersServiceUnavailableWhenThePoolAndItsWaitQueueAreFull() {
    try (ProxyFixture fixture =
        ProxyFixture.start(
            b ->
                b.options(
                    ProxyOptions.defaults()
                        .withMaxConnectionsPerTarget(1)
                        .withMaxWaitQueuePerTarget(0)))) {
      List<HttpServerRequest> held = new ArrayList<>();
      URI backend = fixture.backend(held::add);
      fixture.routes.put(Route.of("/user/alice", backend));

      Future<Integer> first =
          fixture.onClient(
              c ->
                  c.request(HttpMethod.GET, "/user/alice/hold")
                      .compose(request -> request.send().map(r -> r.statusCode())));
      await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 1);
      Response second = fixture.get("/user/alice/other");

      assertThat(second.status()).isEqualTo(503);
      fixture.vertx.runOnContext(v -> held.get(0).response().end());
      assertThat(resultOf(first)).isEqualTo(200);
    }
  }

  @Test
  void answersContinueItselfForAnExpectingUploadOnceInterceptorsAgree() {
    try (ProxyFixture fixture =
        ProxyFixture.start(
            b -> b.addInterceptor(e -> Future.succeededFuture(ProxyDecision.proceed())))) {
      fixture.routes.put(Route.of("/user/alice", fixture.backend(ProxyHttpIT::echo)));

      Response response =
          resultOf(
              fixture.onClient(
                  c ->
                      c.request(
                              new RequestOptions()
                                  .setMethod(HttpMethod.PUT)
                                  .setURI("/user/alice/upload")
                                  .putHeader(HttpHeaders.EXPECT, "100-continue")
                                  .putHeader(HttpHeaders.CONTENT_LENGTH, "5"))
                          .compose(
                              request -> {
                                request.continueHandler(v -> request.end("hello"));
                                request.sendHead();
                                return request
                                    .response()
                                    .compose(r -> r.body().map(b -> new Response(r, b)));
                              })));

      JsonObject echoed = json(response);
      assertThat(echoed.getString("body")).isEqualTo("hello");
      assertThat(header(echoed, "expect")).isNull();
    }
  }
}
