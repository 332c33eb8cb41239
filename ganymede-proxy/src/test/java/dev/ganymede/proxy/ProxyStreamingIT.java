package dev.ganymede.proxy;

import static dev.ganymede.proxy.ProxyFixture.resultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * One gibibyte up and one down through the proxy. The failsafe JVM runs with {@code -Xmx256m} (see
 * the module's pom), so a proxy that buffered a body could not pass; the tests also check that the
 * heap after GC stays flat and that a reader that stops reading holds the writer back
 * (back-pressure through both proxy hops) instead of filling memory.
 */
class ProxyStreamingIT {
  private static final long GIBIBYTE = 1024L * 1024 * 1024;
  private static final int CHUNK = 64 * 1024;
  private static final long IN_FLIGHT_LIMIT = 64L * 1024 * 1024;
  private static final long HEAP_GROWTH_LIMIT = 64L * 1024 * 1024;
  private static final Duration TRANSFER_DEADLINE = Duration.ofMinutes(4);

  @Test
  void uploadsOneGibibyteIntactWithFlatHeapAndHoldsTheClientBackWhileTheTargetWaits() {
    assertHeapSmallerThanTheBody();
    try (ProxyFixture fixture = ProxyFixture.start()) {
      AtomicReference<HttpServerRequest> target = new AtomicReference<>();
      AtomicReference<Context> targetContext = new AtomicReference<>();
      AtomicLong received = new AtomicLong();
      CRC32 receivedCrc = new CRC32();
      URI backend =
          fixture.backend(
              request -> {
                request.pause();
                request.handler(
                    data -> {
                      receivedCrc.update(data.getBytes());
                      received.addAndGet(data.length());
                    });
                request.endHandler(
                    v ->
                        request
                            .response()
                            .end(received.get() + " " + Long.toHexString(receivedCrc.getValue())));
                targetContext.set(Vertx.currentContext());
                target.set(request);
              });
      fixture.routes.put(Route.of("/user/alice", backend));
      long heapBefore = usedHeapAfterGc();
      AtomicLong sent = new AtomicLong();
      CRC32 sentCrc = new CRC32();

      var answer =
          fixture.onClient(
              c ->
                  c.request(
                          new RequestOptions()
                              .setMethod(HttpMethod.PUT)
                              .setURI("/user/alice/api/contents/big.bin")
                              .putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(GIBIBYTE)))
                      .compose(
                          request -> {
                            Streams.pump(
                                    fixture.clientContext(),
                                    request,
                                    GIBIBYTE,
                                    CHUNK,
                                    sent,
                                    sentCrc,
                                    HttpClientRequest::write)
                                .onSuccess(v -> request.end());
                            return request.response().compose(HttpClientResponse::body);
                          }));

      await().atMost(Duration.ofSeconds(20)).until(() -> target.get() != null);
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(10))
          .until(() -> sent.get() > 0 && sent.get() < IN_FLIGHT_LIMIT);
      assertThat(usedHeapAfterGc() - heapBefore).isLessThan(HEAP_GROWTH_LIMIT);
      targetContext.get().runOnContext(v -> target.get().resume());

      await().atMost(TRANSFER_DEADLINE).until(answer::isComplete);
      assertThat(resultOf(answer).toString())
          .isEqualTo(GIBIBYTE + " " + Long.toHexString(sentCrc.getValue()));
      assertThat(sent.get()).isEqualTo(GIBIBYTE);
      assertThat(usedHeapAfterGc() - heapBefore).isLessThan(HEAP_GROWTH_LIMIT);
      assertThat(fixture.nettyPathExchanges()).isEqualTo(1);
    }
  }

  @Test
  void downloadsOneGibibyteIntactWithFlatHeapAndHoldsTheTargetBackWhileTheClientWaits() {
    assertHeapSmallerThanTheBody();
    try (ProxyFixture fixture = ProxyFixture.start()) {
      AtomicLong written = new AtomicLong();
      CRC32 writtenCrc = new CRC32();
      URI backend =
          fixture.backend(
              request -> {
                HttpServerResponse response = request.response().setChunked(true);
                Streams.pump(
                        Vertx.currentContext(),
                        response,
                        GIBIBYTE,
                        CHUNK,
                        written,
                        writtenCrc,
                        HttpServerResponse::write)
                    .onSuccess(v -> response.end());
              });
      fixture.routes.put(Route.of("/user/alice", backend));
      long heapBefore = usedHeapAfterGc();
      AtomicReference<HttpClientResponse> download = new AtomicReference<>();
      AtomicLong received = new AtomicLong();
      CRC32 receivedCrc = new CRC32();
      Promise<Void> ended = Promise.promise();

      fixture.onClient(
          c ->
              c.request(HttpMethod.GET, "/user/alice/files/big.bin")
                  .compose(
                      request ->
                          request
                              .send()
                              .onSuccess(
                                  response -> {
                                    response.pause();
                                    response.handler(
                                        data -> {
                                          receivedCrc.update(data.getBytes());
                                          received.addAndGet(data.length());
                                        });
                                    response.endHandler(v -> ended.complete());
                                    response.exceptionHandler(ended::tryFail);
                                    download.set(response);
                                  })));

      await().atMost(Duration.ofSeconds(20)).until(() -> download.get() != null);
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(10))
          .until(() -> written.get() > 0 && written.get() < IN_FLIGHT_LIMIT);
      assertThat(received.get()).isZero();
      assertThat(usedHeapAfterGc() - heapBefore).isLessThan(HEAP_GROWTH_LIMIT);
      fixture.clientContext().runOnContext(v -> download.get().resume());

      await().atMost(TRANSFER_DEADLINE).until(() -> ended.future().isComplete());
      assertThat(ended.future().succeeded()).isTrue();
      assertThat(download.get().headers().get(HttpHeaders.TRANSFER_ENCODING)).isEqualTo("chunked");
      assertThat(received.get()).isEqualTo(GIBIBYTE);
      assertThat(receivedCrc.getValue()).isEqualTo(writtenCrc.getValue());
      assertThat(usedHeapAfterGc() - heapBefore).isLessThan(HEAP_GROWTH_LIMIT);
      assertThat(fixture.nettyPathExchanges()).isEqualTo(1);
    }
  }

  /** The premise of these tests: the heap is far too small to hold a whole body. */
  private static void assertHeapSmallerThanTheBody() {
    assertThat(Runtime.getRuntime().maxMemory())
        .as("max heap of the test JVM (failsafe argLine -Xmx256m)")
        .isLessThan(GIBIBYTE / 2);
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
