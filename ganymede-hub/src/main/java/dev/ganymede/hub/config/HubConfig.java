package dev.ganymede.hub.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Section {@code hub}: where the hub listens and keeps its data.
 *
 * @param ip address to listen on ({@code hub.ip}, default {@code 127.0.0.1})
 * @param port port to listen on ({@code hub.port}, default 8000; 0 picks a free port)
 * @param baseUrl URL path prefix of the whole deployment ({@code hub.baseUrl}, default {@code /};
 *     always starts and ends with {@code /})
 * @param publicUrl the URL browsers use, when the hub is behind a TLS-terminating proxy ({@code
 *     hub.publicUrl}); cookies get {@code Secure} when it is {@code https}
 * @param dataDir directory for the SQLite database, user working directories, server logs and the
 *     managed Python environment ({@code hub.dataDir}, default {@code ./ganymede-data})
 */
public record HubConfig(
    String ip, int port, String baseUrl, Optional<URI> publicUrl, Path dataDir) {

  public HubConfig {
    Objects.requireNonNull(ip, "ip");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(publicUrl, "publicUrl");
    Objects.requireNonNull(dataDir, "dataDir");
  }

  public static HubConfig defaults() {
    return new HubConfig("127.0.0.1", 8000, "/", Optional.empty(), Path.of("ganymede-data"));
  }

  public HubConfig withPort(int value) {
    return new HubConfig(ip, value, baseUrl, publicUrl, dataDir);
  }

  public HubConfig withDataDir(Path value) {
    return new HubConfig(ip, port, baseUrl, publicUrl, value);
  }
}
