package dev.ganymede.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InMemoryRouteTableTest {
  private static final URI ALICE = URI.create("http://127.0.0.1:10001");
  private static final URI BOB = URI.create("http://127.0.0.1:10002");
  private static final URI HUB = URI.create("http://127.0.0.1:8081");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryRouteTable routes = new InMemoryRouteTable(clock);

  @Test
  void matchesAPrefixOnWholePathSegmentsOnly() {
    routes.put(Route.of("/user/alice", ALICE));

    assertThat(target("/user/alice")).contains(ALICE);
    assertThat(target("/user/alice/")).contains(ALICE);
    assertThat(target("/user/alice/lab?x=1")).contains(ALICE);
    assertThat(target("/user/alice?x=1")).contains(ALICE);
    assertThat(target("/user/alice#top")).contains(ALICE);
    assertThat(target("/user/alicexyz")).isEmpty();
    assertThat(target("/user/alic")).isEmpty();
    assertThat(target("/user")).isEmpty();
    assertThat(target("/")).isEmpty();
  }

  @Test
  void prefersTheLongestMatchingPrefix() {
    routes.put(Route.of("/", HUB));
    routes.put(Route.of("/user/alice", ALICE));
    routes.put(Route.of("/user/alice/gpu", BOB));

    assertThat(target("/user/alice/gpu/api/kernels")).contains(BOB);
    assertThat(target("/user/alice/gpus")).contains(ALICE);
    assertThat(target("/user/alice/lab")).contains(ALICE);
    assertThat(target("/user/bob/lab")).contains(HUB);
    assertThat(target("/hub/login")).contains(HUB);
    assertThat(target("/")).contains(HUB);
    assertThat(target("")).contains(HUB);
  }

  @Test
  void theRootRouteMatchesEveryPath() {
    routes.put(Route.of("/", HUB));

    assertThat(routes.match("/anything/at/all?q").map(m -> m.route().prefix())).contains("/");
  }

  @Test
  void normalisesTrailingAndMissingSlashesOfPrefixes() {
    routes.put(Route.of("user/alice/", ALICE));

    assertThat(routes.get("/user/alice")).map(e -> e.route().target()).contains(ALICE);
    assertThat(routes.get("/user/alice/")).isPresent();
    assertThat(routes.get("user/alice")).isPresent();
    assertThat(routes.list().result()).containsOnlyKeys("/user/alice");
    assertThat(target("/user/alice/tree")).contains(ALICE);
  }

  @Test
  void treatsPercentEncodedAndPlainSegmentsAsTheSameRoute() {
    routes.put(Route.of("/user/alice@example.com", ALICE));

    assertThat(target("/user/alice%40example.com/lab")).contains(ALICE);
    assertThat(target("/user/alice@example.com/lab")).contains(ALICE);
    assertThat(routes.get("/user/alice%40example.com")).isPresent();

    routes.put(Route.of("/user/j%C3%BCrgen", BOB));
    assertThat(target("/user/jürgen/lab")).contains(BOB);
  }

  @Test
  void anEncodedSlashNeverCreatesASegmentBoundary() {
    routes.put(Route.of("/user/alice", ALICE));

    assertThat(target("/user%2Falice/lab")).isEmpty();
  }

  @Test
  void keepsMalformedEscapesAsTheyAre() {
    routes.put(Route.of("/user/100%", ALICE));

    assertThat(target("/user/100%/x")).contains(ALICE);
    assertThat(target("/user/%zz")).isEmpty();
  }

  @Test
  void emptySegmentsAreSegmentsOfTheirOwn() {
    routes.put(Route.of("/user/alice", ALICE));

    assertThat(target("/user//alice")).isEmpty();
  }

  @Test
  void removesTheRouteWhenAskedTwiceWithoutError() {
    routes.put(Route.of("/user/alice", ALICE));

    assertThat(routes.remove("/user/alice/").result()).isTrue();
    assertThat(routes.remove("/user/alice").result()).isFalse();
    assertThat(target("/user/alice/lab")).isEmpty();
    assertThat(routes.get("/user/alice")).isEmpty();
    assertThat(routes.size()).isZero();
  }

  @Test
  void removingALongerPrefixLeavesTheShorterOneMatching() {
    routes.put(Route.of("/user/alice", ALICE));
    routes.put(Route.of("/user/alice/gpu", BOB));

    routes.remove("/user/alice/gpu");

    assertThat(target("/user/alice/gpu/lab")).contains(ALICE);
  }

  @Test
  void removingAShorterPrefixLeavesTheLongerOneMatching() {
    routes.put(Route.of("/user/alice", ALICE));
    routes.put(Route.of("/user/alice/gpu", BOB));

    routes.remove("/user/alice");

    assertThat(target("/user/alice/gpu/lab")).contains(BOB);
    assertThat(target("/user/alice/lab")).isEmpty();
  }

  @Test
  void replacesTheRouteWithTheSamePrefix() {
    routes.put(Route.of("/user/alice", ALICE));
    routes.put(new Route("/user/alice/", BOB, Map.of("user", "alice")));

    assertThat(target("/user/alice")).contains(BOB);
    assertThat(routes.list().result()).hasSize(1);
    assertThat(routes.get("/user/alice").orElseThrow().route().data())
        .containsEntry("user", "alice");
  }

  @Test
  void listsEveryRouteWithItsLastActivity() {
    routes.put(Route.of("/", HUB));
    clock.advance(Duration.ofSeconds(5));
    routes.put(new Route("/user/alice", ALICE, Map.of("user", "alice", "server_name", "")));

    Map<String, RouteEntry> all = routes.list().result();

    assertThat(all).containsOnlyKeys("/", "/user/alice");
    assertThat(all.get("/").lastActivity()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(all.get("/user/alice").lastActivity())
        .isEqualTo(Instant.parse("2026-01-01T00:00:05Z"));
    assertThat(all.get("/user/alice").route().data()).containsEntry("server_name", "");
  }

  @Test
  void recordingActivityOnAMatchMovesLastActivityForward() {
    routes.put(Route.of("/user/alice", ALICE));
    clock.advance(Duration.ofMinutes(3));

    routes.match("/user/alice/api/status").orElseThrow().recordActivity();

    assertThat(routes.get("/user/alice").orElseThrow().lastActivity())
        .isEqualTo(Instant.parse("2026-01-01T00:03:00Z"));
  }

  @Test
  void putResetsLastActivityToNow() {
    routes.put(Route.of("/user/alice", ALICE));
    clock.advance(Duration.ofMinutes(10));

    routes.put(Route.of("/user/alice", ALICE));

    assertThat(routes.get("/user/alice").orElseThrow().lastActivity())
        .isEqualTo(Instant.parse("2026-01-01T00:10:00Z"));
  }

  @Test
  void matchReturnsTheSameHandleForEveryRequestOfARoute() {
    routes.put(Route.of("/user/alice", ALICE));

    assertThat(routes.match("/user/alice/a").orElseThrow())
        .isSameAs(routes.match("/user/alice/b").orElseThrow());
  }

  @Test
  void addsTenThousandRoutesQuicklyAndStillMatchesEachOfThem() {
    assertTimeout(
        Duration.ofSeconds(1),
        () -> {
          for (int i = 0; i < 10_000; i++) {
            routes.put(Route.of("/user/user" + i, URI.create("http://127.0.0.1:" + (20000 + i))));
          }
        });

    assertThat(routes.size()).isEqualTo(10_000);
    for (int i = 0; i < 10_000; i += 97) {
      assertThat(target("/user/user" + i + "/api/kernels?x"))
          .contains(URI.create("http://127.0.0.1:" + (20000 + i)));
    }
    assertThat(target("/user/user10000")).isEmpty();
    assertThat(routes.list().result()).hasSize(10_000);
  }

  @Test
  void readersNeverSeeAStableRouteDisappearWhileOthersAreAddedAndRemoved() throws Exception {
    routes.put(Route.of("/user/alice", ALICE));
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Long> reader =
          pool.submit(
              () -> {
                long misses = 0;
                while (!stop.get()) {
                  if (routes.match("/user/alice/lab").isEmpty()) {
                    misses++;
                  }
                }
                return misses;
              });
      Future<?> writer =
          pool.submit(
              () -> {
                for (int round = 0; round < 20; round++) {
                  List<String> added = new ArrayList<>();
                  for (int i = 0; i < 500; i++) {
                    String prefix = "/user/alice/s" + i;
                    routes.put(Route.of(prefix, BOB));
                    added.add(prefix);
                  }
                  added.forEach(routes::remove);
                }
              });
      writer.get(30, TimeUnit.SECONDS);
      stop.set(true);
      assertThat(reader.get(30, TimeUnit.SECONDS)).isZero();
    } finally {
      pool.shutdownNow();
    }
    assertThat(routes.list().result()).containsOnlyKeys("/user/alice");
  }

  private Optional<URI> target(String path) {
    return routes.match(path).map(m -> m.route().target());
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private final AtomicLong millis;

    MutableClock(Instant start) {
      this.millis = new AtomicLong(start.toEpochMilli());
    }

    void advance(Duration duration) {
      millis.addAndGet(duration.toMillis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public long millis() {
      return millis.get();
    }
  }
}
