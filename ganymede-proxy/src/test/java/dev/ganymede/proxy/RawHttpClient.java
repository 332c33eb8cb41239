package dev.ganymede.proxy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection spoken byte by byte, for tests that need control over what goes on the
 * wire: several requests on one connection, pipelining, aborting mid-response, reading framing.
 */
final class RawHttpClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawHttpClient(int port) {
    try {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(15_000);
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code request} as it is (ISO-8859-1). */
  RawHttpClient send(String request) {
    try {
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A GET with only a Host header. */
  RawHttpClient get(String uri) {
    return send("GET " + uri + " HTTP/1.1\r\nHost: proxy.test\r\n\r\n");
  }

  /** Reads one response; {@code head} if it answers a HEAD request (no body whatever it says). */
  RawResponse read(boolean head) {
    try {
      String statusLine = line();
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (String line = line(); !line.isEmpty(); line = line()) {
        int colon = line.indexOf(':');
        headers
            .computeIfAbsent(
                line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(line.substring(colon + 1).trim());
      }
      RawResponse response = new RawResponse(status, headers, "");
      if (head || status == 204 || status == 304 || status < 200) {
        return response;
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      if ("chunked".equalsIgnoreCase(response.header("transfer-encoding"))) {
        for (int size = Integer.parseInt(line().trim(), 16); size > 0; ) {
          body.write(in.readNBytes(size));
          line();
          size = Integer.parseInt(line().trim(), 16);
        }
        line();
      } else if (response.header("content-length") != null) {
        body.write(in.readNBytes(Integer.parseInt(response.header("content-length"))));
      } else {
        body.write(in.readAllBytes());
      }
      return new RawResponse(status, headers, body.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  RawResponse read() {
    return read(false);
  }

  /** Reads the status line and headers only, then leaves the body unread. */
  int readStatus() {
    try {
      int status = Integer.parseInt(line().split(" ")[1]);
      while (!line().isEmpty()) {
        // skip headers
      }
      return status;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the peer closed the connection (end of stream before the read timeout). */
  boolean closedByPeer() {
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  InputStream input() {
    return in;
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c == -1) {
        throw new IOException("connection closed after: " + line);
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  /** A response as read from the wire; header names in lower case. */
  record RawResponse(int status, Map<String, List<String>> headers, String body) {
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : String.join(",", values);
    }
  }
}
