package dev.ganymede.proxy;

import static dev.ganymede.proxy.ProxyFixture.resultOf;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket tunnel once the upgrade succeeded, at the byte level: what the target sends with
 * its {@code 101}, back-pressure in both directions, and connections closing from either side. The
 * failsafe JVM has a 256 MiB heap (see the module's pom), so a tunnel that buffered instead of
 * holding the sender back could not pass.
 */
class ProxyTunnelIT {
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final String UPGRADE_REQUEST =
      "GET /user/alice/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Version: 13\r\n\r\n";
  private static final long IN_FLIGHT_LIMIT = 64L * 1024 * 1024;

  @Test
  void deliversTheFramesATargetSendsInTheSameWriteAsItsSwitchingProtocolsResponse() {
    byte[] frames =
        concat(
            frame(0x1, "kernel status: idle".getBytes(UTF_8)),
            frame(0x2, Streams.chunk(7, 200_000).getBytes()));
    try (ProxyFixture fixture = ProxyFixture.start()) {
      fixture.routes.put(Route.of("/user/alice", rawTarget(fixture, frames, false)));

      RawClient client = new RawClient(fixture);

      await().atMost(DEADLINE).until(() -> client.afterHead().length >= frames.length);
      assertThat(client.head()).startsWith("HTTP/1.1 101");
      assertSameBytes(client.afterHead(), frames);
      assertThat(client.closed).isFalse();
    }
  }

  @Test
  void deliversWhatATargetSentWithItsSwitchingProtocolsResponseBeforeClosingAndThenCloses() {
    byte[] frames = concat(frame(0x1, "bye".getBytes(UTF_8)), frame(0x8, new byte[] {3, -24}));
    try (ProxyFixture fixture = ProxyFixture.start()) {
      fixture.routes.put(Route.of("/user/alice", rawTarget(fixture, frames, true)));

      RawClient client = new RawClient(fixture);

      await().atMost(DEADLINE).untilTrue(client.closed);
      assertThat(client.head()).startsWith("HTTP/1.1 101");
      assertSameBytes(client.afterHead(), frames);
    }
  }

  @Test
  void holdsTheTargetBackWhileTheClientDoesNotReadAndLosesNothing() {
    long total = 256L * 1024 * 1024;
    int frame = 64 * 1024;
    try (ProxyFixture fixture = ProxyFixture.start()) {
      AtomicLong written = new AtomicLong();
      CRC32 writtenCrc = new CRC32();
      URI backend =
          fixture.backend(
              new HttpServerOptions().setMaxWebSocketFrameSize(frame),
              request -> request.response().setStatusCode(404).end(),
              ws ->
                  ws.textMessageHandler(
                      go ->
                          Streams.pump(
                              Vertx.currentContext(),
                              ws,
                              total,
                              frame,
                              written,
                              writtenCrc,
                              (w, data) -> w.writeFrame(WebSocketFrame.binaryFrame(data, true)))));
      fixture.routes.put(Route.of("/user/alice", backend));
      AtomicLong received = new AtomicLong();
      CRC32 receivedCrc = new CRC32();
      WebSocket ws =
          resultOf(
              fixture
                  .webSocket(new WebSocketConnectOptions().setURI("/user/alice/ws"))
                  .onSuccess(
                      socket -> {
                        socket.pause();
                        socket.frameHandler(
                            f -> {
                              receivedCrc.update(f.binaryData().getBytes());
                              received.addAndGet(f.binaryData().length());
                            });
                        socket.writeTextMessage("go");
                      }));

      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(10))
          .until(() -> written.get() > 0 && written.get() < IN_FLIGHT_LIMIT);
      assertThat(received.get()).isZero();
      fixture.clientContext().runOnContext(v -> ws.resume());

      await().atMost(Duration.ofMinutes(2)).until(() -> received.get() == total);
      assertThat(written.get()).isEqualTo(total);
      assertThat(receivedCrc.getValue()).isEqualTo(writtenCrc.getValue());
    }
  }

  @Test
  void echoesLargeMessagesBothWaysAtOnceThroughAClientThatStartsReadingLate() {
    long total = 256L * 1024 * 1024;
    int message = 512 * 1024;
    // Both directions fill up before the client's sending stalls: the kernel buffers of four
    // connections and both endpoints' Vert.x queues, about 60 MiB on loopback.
    long inFlightLimit = 2 * IN_FLIGHT_LIMIT;
    try (ProxyFixture fixture = ProxyFixture.start()) {
      URI backend =
          fixture.backend(
              new HttpServerOptions()
                  .setMaxWebSocketFrameSize(message)
                  .setMaxWebSocketMessageSize(message),
              request -> request.response().setStatusCode(404).end(),
              ws -> ws.pipeTo(ws));
      fixture.routes.put(Route.of("/user/alice", backend));
      AtomicLong received = new AtomicLong();
      CRC32 receivedCrc = new CRC32();
      WebSocket ws =
          resultOf(
              fixture
                  .webSocket(new WebSocketConnectOptions().setURI("/user/alice/ws"))
                  .onSuccess(
                      socket -> {
                        socket.pause();
                        socket.binaryMessageHandler(
                            data -> {
                              receivedCrc.update(data.getBytes());
                              received.addAndGet(data.length());
                            });
                      }));
      AtomicLong sent = new AtomicLong();
      CRC32 sentCrc = new CRC32();
      Streams.pump(
          fixture.clientContext(),
          ws,
          total,
          message,
          sent,
          sentCrc,
          (w, data) -> w.writeFrame(WebSocketFrame.binaryFrame(data, true)));

      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(10))
          .until(() -> sent.get() > 0 && sent.get() < inFlightLimit);
      assertThat(received.get()).isZero();
      fixture.clientContext().runOnContext(v -> ws.resume());

      await().atMost(Duration.ofMinutes(2)).until(() -> received.get() == total);
      assertThat(sent.get()).isEqualTo(total);
      assertThat(receivedCrc.getValue()).isEqualTo(sentCrc.getValue());
    }
  }

  @Test
  void leavesNoConnectionOpenWhenManyTunnelsAreClosedFromEitherSide() {
    int each = 50;
    try (ProxyFixture fixture = ProxyFixture.start()) {
      Set<ServerWebSocket> openAtTarget = ConcurrentHashMap.newKeySet();
      AtomicInteger accepted = new AtomicInteger();
      URI backend =
          fixture.backend(
              new HttpServerOptions(),
              request -> request.response().setStatusCode(404).end(),
              ws -> {
                openAtTarget.add(ws);
                accepted.incrementAndGet();
                ws.closeHandler(v -> openAtTarget.remove(ws));
                ws.textMessageHandler(text -> ws.close());
              });
      fixture.routes.put(Route.of("/user/alice", backend));
      List<RawClient> closedByClient = new ArrayList<>();
      Set<WebSocket> openAtClient = ConcurrentHashMap.newKeySet();
      List<WebSocket> closedByTarget = new ArrayList<>();
      for (int i = 0; i < each; i++) {
        closedByClient.add(new RawClient(fixture));
        WebSocket ws =
            resultOf(fixture.webSocket(new WebSocketConnectOptions().setURI("/user/alice/ws")));
        openAtClient.add(ws);
        ws.closeHandler(v -> openAtClient.remove(ws));
        closedByTarget.add(ws);
      }
      await().atMost(DEADLINE).until(() -> accepted.get() == 2 * each);

      closedByClient.forEach(client -> client.socket.close());
      closedByTarget.forEach(ws -> ws.writeTextMessage("close, please"));

      await().atMost(DEADLINE).until(() -> openAtTarget.isEmpty() && openAtClient.isEmpty());
      assertThat(closedByClient).allMatch(client -> client.closed.get());
    }
  }

  @Test
  void closingTheProxyClosesOpenTunnelsOnBothSides() {
    try (ProxyFixture fixture = ProxyFixture.start()) {
      AtomicBoolean closedAtTarget = new AtomicBoolean();
      AtomicBoolean openAtTarget = new AtomicBoolean();
      URI backend =
          fixture.backend(
              new HttpServerOptions(),
              request -> request.response().setStatusCode(404).end(),
              ws -> {
                openAtTarget.set(true);
                ws.closeHandler(v -> closedAtTarget.set(true));
              });
      fixture.routes.put(Route.of("/user/alice", backend));
      AtomicBoolean closedAtClient = new AtomicBoolean();
      WebSocket ws =
          resultOf(fixture.webSocket(new WebSocketConnectOptions().setURI("/user/alice/ws")));
      ws.closeHandler(v -> closedAtClient.set(true));
      await().atMost(DEADLINE).untilTrue(openAtTarget);

      resultOf(fixture.closeProxyHandler());

      await().atMost(DEADLINE).until(() -> closedAtClient.get() && closedAtTarget.get());
    }
  }

  /**
   * A target that answers the upgrade with its {@code 101} and {@code afterHead} in one write, then
   * closes the connection if {@code close}.
   */
  private static URI rawTarget(ProxyFixture fixture, byte[] afterHead, boolean close) {
    NetServer server = fixture.vertx.createNetServer();
    server.connectHandler(
        socket -> {
          StringBuilder request = new StringBuilder();
          AtomicBoolean answered = new AtomicBoolean();
          socket.handler(
              data -> {
                if (answered.get()) {
                  return;
                }
                request.append(data.toString(ISO_8859_1));
                if (request.indexOf("\r\n\r\n") >= 0) {
                  answered.set(true);
                  Buffer answer =
                      Buffer.buffer(
                              ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                      + "Connection: Upgrade\r\nSec-WebSocket-Accept: "
                                      + ProxyWebSocketIT.acceptKey(request.toString())
                                      + "\r\n\r\n")
                                  .getBytes(ISO_8859_1))
                          .appendBytes(afterHead);
                  if (close) {
                    socket.end(answer);
                  } else {
                    socket.write(answer);
                  }
                }
              });
        });
    int port = resultOf(server.listen(0, "127.0.0.1")).actualPort();
    return URI.create("http://127.0.0.1:" + port);
  }

  /** An unmasked (server to client) WebSocket frame with FIN set. */
  private static byte[] frame(int opcode, byte[] payload) {
    Buffer frame = Buffer.buffer().appendByte((byte) (0x80 | opcode));
    if (payload.length < 126) {
      frame.appendByte((byte) payload.length);
    } else if (payload.length < 65536) {
      frame.appendByte((byte) 126).appendUnsignedShort(payload.length);
    } else {
      frame.appendByte((byte) 127).appendLong(payload.length);
    }
    return frame.appendBytes(payload).getBytes();
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  private static void assertSameBytes(byte[] actual, byte[] expected) {
    assertThat(actual.length).as("bytes after the response head").isEqualTo(expected.length);
    assertThat(Arrays.mismatch(actual, expected)).as("index of the first wrong byte").isEqualTo(-1);
  }

  /** A client on a plain TCP connection that sends the upgrade request and records every byte. */
  private static final class RawClient {
    final NetSocket socket;
    final AtomicBoolean closed = new AtomicBoolean();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    RawClient(ProxyFixture fixture) {
      socket = resultOf(fixture.vertx.createNetClient().connect(fixture.proxyPort(), "127.0.0.1"));
      socket.handler(
          data -> {
            synchronized (received) {
              received.writeBytes(data.getBytes());
            }
          });
      socket.exceptionHandler(failure::set);
      socket.closeHandler(v -> closed.set(true));
      socket.write(UPGRADE_REQUEST);
    }

    private byte[] bytes() {
      synchronized (received) {
        return received.toByteArray();
      }
    }

    private int headEnd(byte[] bytes) {
      for (int i = 0; i + 3 < bytes.length; i++) {
        if (bytes[i] == '\r'
            && bytes[i + 1] == '\n'
            && bytes[i + 2] == '\r'
            && bytes[i + 3] == '\n') {
          return i + 4;
        }
      }
      return -1;
    }

    String head() {
      byte[] bytes = bytes();
      int end = headEnd(bytes);
      return end < 0 ? "" : new String(bytes, 0, end, ISO_8859_1);
    }

    byte[] afterHead() {
      byte[] bytes = bytes();
      int end = headEnd(bytes);
      return end < 0 ? new byte[0] : Arrays.copyOfRange(bytes, end, bytes.length);
    }
  }
}
