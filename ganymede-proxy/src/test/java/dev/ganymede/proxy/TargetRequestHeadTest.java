package dev.ganymede.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.MultiMap;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetRequestHeadTest {
  private static final TargetRequestHead.Forwarded FROM_ALICE =
      new TargetRequestHead.Forwarded("10.0.0.7", "8000", false);

  @Test
  void writesTheRequestLineForTheTargetAndTheClientsHeadersInTheirOrder() {
    HttpRequest clientHead =
        request(HttpMethod.GET, "Host", "hub.example.org", "Accept", "*/*", "Cookie", "a=1");

    String head =
        write(clientHead, "/prefix/user/alice/x?q=1", "", TargetRequestHead.Forwarded.NONE);

    assertThat(head)
        .isEqualTo(
            "GET /prefix/user/alice/x?q=1 HTTP/1.1\r\nHost: hub.example.org\r\nAccept: */*\r\n"
                + "Cookie: a=1\r\n\r\n");
  }

  @Test
  void keepsWhatTheVertxPathForwardsAndNothingElse() {
    String[] client = {
      "Host", "hub.example.org",
      "Connection", "keep-alive, X-Private",
      "X-Private", "drop",
      "Keep-Alive", "timeout=5",
      "Expect", "100-continue",
      "TE", "trailers",
      "Trailer", "X-Sum",
      "Upgrade", "h2c",
      "Proxy-Authorization", "secret",
      "Proxy-Connection", "keep-alive",
      "Transfer-Encoding", "chunked",
      "Content-Length", "12",
      "Cookie", "a=1",
      "Cookie", "b=2"
    };

    List<String> names =
        names(write(request(HttpMethod.POST, client), "/", "", TargetRequestHead.Forwarded.NONE));

    MultiMap vertxPath = ProxyHeaders.forServer(multiMap(client), false, true);
    List<String> expected = new ArrayList<>();
    vertxPath.forEach(header -> expected.add(header.getKey()));
    expected.add("Transfer-Encoding"); // the body goes on in chunks
    assertThat(names).containsExactlyElementsOf(expected);
  }

  @Test
  void dropsEveryHeaderNamedInAnyConnectionHeader() {
    String head =
        write(
            request(
                HttpMethod.GET,
                "Host",
                "h",
                "Connection",
                "close ,x-one,,  X-TWO",
                "Connection",
                "Proxy-Thing, keep-alive",
                "X-One",
                "1",
                "x-two",
                "2",
                "Close",
                "a reserved name, listed",
                "Proxy-Thing",
                "4",
                "X-Three",
                "3"),
            "/",
            "",
            TargetRequestHead.Forwarded.NONE);

    assertThat(names(head)).containsExactly("Host", "X-Three");
  }

  @Test
  void appendsForwardedValuesToTheClientsAndKeepsItsForwardedHost() {
    String head =
        write(
            request(
                HttpMethod.GET,
                "Host",
                "hub.example.org:8000",
                "X-Forwarded-For",
                "192.0.2.1",
                "X-Forwarded-For",
                "192.0.2.2",
                "X-Forwarded-Proto",
                "https",
                "X-Forwarded-Host",
                "outer.example.org"),
            "/",
            "",
            FROM_ALICE);

    assertThat(head)
        .isEqualTo(
            "GET / HTTP/1.1\r\nHost: hub.example.org:8000\r\nX-Forwarded-Host: outer.example.org\r\n"
                + "X-Forwarded-For: 192.0.2.1,192.0.2.2,10.0.0.7\r\nX-Forwarded-Port: 8000\r\n"
                + "X-Forwarded-Proto: https,http\r\n\r\n");
  }

  @Test
  void sendsTheTargetsHostWhenTheClientsIsNotPreserved() {
    String head =
        write(request(HttpMethod.GET, "Host", "hub.example.org"), "/", "10.0.0.9:8888", FROM_ALICE);

    assertThat(head)
        .isEqualTo(
            "GET / HTTP/1.1\r\nHost: 10.0.0.9:8888\r\nX-Forwarded-For: 10.0.0.7\r\n"
                + "X-Forwarded-Port: 8000\r\nX-Forwarded-Proto: http\r\n"
                + "X-Forwarded-Host: hub.example.org\r\n\r\n");
  }

  @Test
  void framesABodyInChunksOnlyWhenItsLengthIsUnknown() {
    assertThat(TargetRequestHead.chunked(headers("Content-Length", "5"))).isFalse();
    assertThat(TargetRequestHead.chunked(headers("Content-Length", "0"))).isFalse();
    assertThat(TargetRequestHead.chunked(headers())).isFalse();
    assertThat(TargetRequestHead.chunked(headers("Transfer-Encoding", "chunked"))).isTrue();
    assertThat(
            TargetRequestHead.chunked(
                headers("Transfer-Encoding", "chunked", "Content-Length", "5")))
        .isTrue();
  }

  private static String write(
      HttpRequest clientHead,
      String targetUri,
      String targetHost,
      TargetRequestHead.Forwarded forwarded) {
    ByteBuf head =
        TargetRequestHead.write(
            UnpooledByteBufAllocator.DEFAULT,
            clientHead,
            targetUri,
            targetHost,
            forwarded,
            TargetRequestHead.chunked(clientHead.headers()));
    try {
      return head.toString(StandardCharsets.ISO_8859_1);
    } finally {
      head.release();
    }
  }

  private static List<String> names(String head) {
    List<String> lines = new ArrayList<>(Arrays.asList(head.split("\r\n")));
    lines.remove(0);
    return lines.stream().map(line -> line.substring(0, line.indexOf(':'))).toList();
  }

  /** A head as the public port's decoder (Vert.x's) hands it over. */
  private static HttpRequest request(HttpMethod method, String... namesAndValues) {
    return new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, "/", headers(namesAndValues));
  }

  private static io.netty.handler.codec.http.HttpHeaders headers(String... namesAndValues) {
    HeadersMultiMap headers = HeadersMultiMap.httpHeaders();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }

  private static MultiMap multiMap(String... namesAndValues) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }
}
