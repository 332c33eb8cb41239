package dev.ganymede.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetResponseParserTest {
  private static final int MAX_HEAD = 1024;

  private final TargetResponseParser parser =
      new TargetResponseParser(UnpooledByteBufAllocator.DEFAULT, MAX_HEAD);
  private final Recorder sink = new Recorder();

  @Test
  void relaysAHeadOfKnownLengthWithoutHopByHopHeadersAndItsBodyAsItIs() {
    parser.expect(false, false);
    read(
        "HTTP/1.1 200 OK\r\n"
            + "Server: nginx\r\n"
            + "Connection: keep-alive, X-Secret\r\n"
            + "Keep-Alive: timeout=5\r\n"
            + "x-secret: s\r\n"
            + "Proxy-Authenticate: Basic\r\n"
            + "TE: trailers\r\n"
            + "Trailer: X-Sum\r\n"
            + "Upgrade: h2c\r\n"
            + "Content-Type: text/plain\r\n"
            + "Content-Length: 5\r\n"
            + "\r\n"
            + "hello");

    assertThat(sink.head)
        .isEqualTo(
            "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/plain\r\n"
                + "Content-Length: 5\r\n\r\n");
    assertThat(sink.body()).isEqualTo("hello");
    assertThat(sink.ends).containsExactly(true);
  }

  @Test
  void keepsWhatTheVertxPathRelaysAndHonoursEveryTokenOfEveryConnectionHeader() {
    String[] response = {
      "Connection", "close ,x-one,,  X-TWO",
      "Connection", "Proxy-Thing, keep-alive",
      "X-One", "1",
      "x-two", "2",
      "Close", "a reserved name, listed",
      "Proxy-Thing", "4",
      "Keep-Alive", "timeout=5",
      "Expect", "stays on a response",
      "Set-Cookie", "a=1",
      "Content-Type", "text/plain",
      "Content-Length", "0"
    };
    StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\n");
    MultiMap serverHeaders = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < response.length; i += 2) {
      head.append(response[i]).append(": ").append(response[i + 1]).append("\r\n");
      serverHeaders.add(response[i], response[i + 1]);
    }
    parser.expect(false, false);
    read(head.append("\r\n").toString());

    MultiMap vertxPath = MultiMap.caseInsensitiveMultiMap();
    ProxyHeaders.toClient(serverHeaders, vertxPath, false, Set.of());
    List<String> expected = new ArrayList<>();
    vertxPath.forEach(header -> expected.add(header.getKey()));
    List<String> names = new ArrayList<>();
    for (String line : sink.head.split("\r\n")) {
      if (line.indexOf(':') > 0) {
        names.add(line.substring(0, line.indexOf(':')));
      }
    }
    assertThat(names)
        .containsExactlyElementsOf(expected)
        .containsExactly("Expect", "Set-Cookie", "Content-Type", "Content-Length");
    assertThat(sink.ends).containsExactly(false); // Connection: close
  }

  @Test
  void reframesAChunkedBodyWithoutExtensionsTrailersOrAContentLengthBesideIt() {
    String response =
        "HTTP/1.1 201 Created\r\n"
            + "Transfer-Encoding: gzip, chunked\r\n"
            + "Content-Length: 99\r\n"
            + "\r\n"
            + "5;name=value\r\nhello\r\n"
            + "0A\r\n0123456789\r\n"
            + "0\r\nX-Sum: 1\r\n\r\n";
    for (int piece = 1; piece <= response.length(); piece++) {
      Recorder recorder = new Recorder();
      parser.expect(false, false);
      readInPieces(response, piece, recorder);

      assertThat(recorder.head)
          .as("in pieces of %d bytes", piece)
          .isEqualTo("HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n");
      assertThat(dechunk(recorder.body()))
          .as("in pieces of %d", piece)
          .isEqualTo("hello0123456789");
      assertThat(recorder.ends).as("in pieces of %d", piece).containsExactly(true);
    }
  }

  @Test
  void framesABodyThatLastsUntilTheTargetClosesAsChunksAndDoesNotReuseTheConnection() {
    parser.expect(false, false);
    read("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nfirst ");
    read("second");

    assertThat(sink.ends).isEmpty();
    assertThat(parser.targetClosed(sink)).isTrue();
    assertThat(sink.head)
        .isEqualTo(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n");
    assertThat(dechunk(sink.body())).isEqualTo("first second");
    assertThat(sink.ends).containsExactly(false);
  }

  @Test
  void aResponseCutShortByTheCloseIsNotEndedButReportedToTheCaller() {
    parser.expect(false, false);
    read("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf");

    assertThat(parser.targetClosed(sink)).isFalse();
    assertThat(sink.ends).isEmpty();
    assertThat(parser.begun()).isTrue();
  }

  @Test
  void responsesToHeadAnd204And304HaveNoBodyWhateverTheirHeadersSay() {
    parser.expect(true, false);
    read("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n");
    assertThat(sink.head).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n");
    assertThat(sink.ends).containsExactly(true);

    for (String status : List.of("204 No Content", "304 Not Modified")) {
      Recorder recorder = new Recorder();
      parser.expect(false, false);
      readInPieces("HTTP/1.1 " + status + "\r\nTransfer-Encoding: chunked\r\n\r\n", 1000, recorder);
      assertThat(recorder.head).isEqualTo("HTTP/1.1 " + status + "\r\n\r\n");
      assertThat(recorder.ends).containsExactly(true);
    }
  }

  @Test
  void skipsInterimResponsesAndRelaysTheFinalOne() {
    parser.expect(false, false);
    read(
        "HTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");

    assertThat(sink.head).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n");
    assertThat(sink.body()).isEqualTo("ok");
  }

  @Test
  void tellsTheClientTheConnectionClosesWhenItAskedForThat() {
    parser.expect(false, true);
    read("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");

    assertThat(sink.head)
        .isEqualTo("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  }

  @Test
  void reusesTheConnectionAsTheTargetSays() {
    assertThat(reusable("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")).isTrue();
    assertThat(reusable("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"))
        .isFalse();
    assertThat(reusable("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok")).isFalse();
    assertThat(reusable("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok"))
        .isTrue();
  }

  @Test
  void bytesBeyondTheResponseMakeTheConnectionUnfitForAnotherExchange() {
    assertThat(reusable("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n"))
        .isFalse();
    assertThat(
            reusable("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\nX"))
        .isFalse();
  }

  @Test
  void keepsRepeatedHeadersAndOneContentLengthOfAListOfTheSameNumber() {
    parser.expect(false, false);
    read(
        "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 2, 2\r\n"
            + "Content-Length: 2\r\n\r\nok");

    assertThat(sink.head)
        .isEqualTo(
            "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 2\r\n\r\n");
    assertThat(sink.body()).isEqualTo("ok");
  }

  @Test
  void acceptsBareLineFeedsInTheHeadAndEmptyLinesBeforeIt() {
    parser.expect(false, false);
    read("\r\nHTTP/1.1 200\nX-A:  spaced value \nContent-Length: 0\n\n");

    assertThat(sink.head)
        .isEqualTo("HTTP/1.1 200\r\nX-A:  spaced value\r\nContent-Length: 0\r\n\r\n");
  }

  @Test
  void readsAHeadThatArrivesInPieces() {
    String response =
        "HTTP/1.1 200 OK\r\nX-Long: " + "v".repeat(300) + "\r\nContent-Length: 1\r\n\r\n!";
    for (int piece = 1; piece < response.length(); piece += 7) {
      Recorder recorder = new Recorder();
      parser.expect(false, false);
      readInPieces(response, piece, recorder);
      assertThat(recorder.head)
          .as("in pieces of %d", piece)
          .startsWith("HTTP/1.1 200 OK\r\nX-Long");
      assertThat(recorder.body()).isEqualTo("!");
      assertThat(recorder.ends).containsExactly(true);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "HTTP/2.0 200 OK\r\n\r\n",
        "HTTP/1.1 2000 OK\r\n\r\n",
        "HTTP/1.1 20 OK\r\n\r\n",
        "ICY 200 OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-A : 1\r\n\r\n",
        "HTTP/1.1 200 OK\r\nno colon\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-A: a\u0000b\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nContent-Length: -2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nContent-Length: 1e3\r\n\r\nok",
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokay\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\nok\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1000000000000000\r\n",
      })
  void failsAMalformedResponseAndReadsNoFurther(String response) {
    parser.expect(false, false);
    read(response + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");

    assertThat(sink.malformed).hasSize(1);
    assertThat(sink.ends).isEmpty();
    assertThat(parser.isIdle()).isTrue();
  }

  @Test
  void failsAHeadLargerThanTheLimitWithoutWaitingForItsEnd() {
    parser.expect(false, false);
    read("HTTP/1.1 200 OK\r\nX-Big: " + "b".repeat(MAX_HEAD));

    assertThat(sink.malformed).singleElement().asString().contains("larger than");
  }

  @Test
  void bytesNobodyAskedForAreNotRead() {
    ByteBuf unasked = ascii("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    parser.read(unasked, sink);

    assertThat(parser.isIdle()).isTrue();
    assertThat(sink.head).isNull();
    assertThat(unasked.refCnt()).isZero();
  }

  @Test
  void knowsWhetherAResponseHasBegun() {
    parser.expect(false, false);
    assertThat(parser.begun()).isFalse();
    read("HTTP/1.1 2");
    assertThat(parser.begun()).isTrue();
    assertThat(sink.head).isNull();
  }

  private boolean reusable(String response) {
    Recorder recorder = new Recorder();
    parser.expect(false, false);
    readInPieces(response, response.length(), recorder);
    assertThat(recorder.ends).as(response).hasSize(1);
    return recorder.ends.get(0);
  }

  private void read(String bytes) {
    readInPieces(bytes, bytes.length(), sink);
  }

  private void readInPieces(String bytes, int pieceLength, Recorder recorder) {
    for (int from = 0; from < bytes.length(); from += pieceLength) {
      ByteBuf in = ascii(bytes.substring(from, Math.min(bytes.length(), from + pieceLength)));
      parser.read(in, recorder);
      assertThat(in.refCnt()).as("the parser releases what it reads").isZero();
    }
  }

  private static ByteBuf ascii(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
  }

  /** The data of a chunked body, checking its framing and that it ends with the last chunk. */
  private static String dechunk(String chunked) {
    StringBuilder data = new StringBuilder();
    int at = 0;
    while (true) {
      int lineEnd = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, lineEnd), 16);
      at = lineEnd + 2;
      if (size == 0) {
        assertThat(chunked.substring(at)).as("after the last chunk").isEqualTo("\r\n");
        return data.toString();
      }
      data.append(chunked, at, at + size);
      assertThat(chunked.substring(at + size, at + size + 2)).isEqualTo("\r\n");
      at += size + 2;
    }
  }

  /** Records what the parser hands on, releasing every buffer. */
  private static final class Recorder implements TargetResponseParser.Sink {
    String head;
    final StringBuilder body = new StringBuilder();
    final List<Boolean> ends = new ArrayList<>();
    final List<String> malformed = new ArrayList<>();

    @Override
    public void responseHead(ByteBuf proxyToClientHead) {
      head = take(proxyToClientHead);
    }

    @Override
    public void responseBody(ByteBuf piece) {
      body.append(take(piece));
    }

    @Override
    public void responseEnd(ByteBuf last, boolean reusable) {
      body.append(take(last));
      ends.add(reusable);
    }

    @Override
    public void responseMalformed(String reason) {
      malformed.add(reason);
    }

    String body() {
      return body.toString();
    }

    private static String take(ByteBuf buf) {
      String text = buf.toString(StandardCharsets.ISO_8859_1);
      buf.release();
      return text;
    }
  }
}
