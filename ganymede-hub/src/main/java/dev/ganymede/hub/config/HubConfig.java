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
 * @param allowNamedServers whether users may run named servers besides their default one ({@code
 *     hub.allowNamedServers}, default false)
 * @param namedServerLimitPerUser how many named servers a user may have; 0 means no limit ({@code
 *     hub.namedServerLimitPerUser}, default 0)
 */
public record HubConfig(
    String ip,
    int port,
    String baseUrl,
    Optional<URI> publicUrl,
    Path dataDir,
    boolean allowNamedServers,
    int namedServerLimitPerUser) {

  public HubConfig {
    Objects.requireNonNull(ip, "ip");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(publicUrl, "publicUrl");
    Objects.requireNonNull(dataDir, "dataDir");
  }

  /** Without named servers (the default). */
  public HubConfig(String ip, int port, String baseUrl, Optional<URI> publicUrl, Path dataDir) {
    this(ip, port, baseUrl, publicUrl, dataDir, false, 0);
  }

  public static HubConfig defaults() {
    return new HubConfig(
        "127.0.0.1", 8000, "/", Optional.empty(), Path.of("ganymede-data"), false, 0);
  }

  public HubConfig withPort(int value) {
    return new HubConfig(
        ip, value, baseUrl, publicUrl, dataDir, allowNamedServers, namedServerLimitPerUser);
  }

  public HubConfig withDataDir(Path value) {
    return new HubConfig(
        ip, port, baseUrl, publicUrl, value, allowNamedServers, namedServerLimitPerUser);
  }

  public HubConfig withNamedServers(boolean allow, int limitPerUser) {
    return new HubConfig(ip, port, baseUrl, publicUrl, dataDir, allow, limitPerUser);
  }
}
