package dev.ganymede.proxy.standalone;

import dev.ganymede.proxy.ProxyOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of a standalone proxy ({@code ganymede proxy}), named like configurable-http-proxy's
 * flags.
 *
 * @param ip public address; default {@code 0.0.0.0} (CHP: {@code --ip})
 * @param port public port, 0 for any free port; default 8000
 * @param apiIp address of the route API; default {@code 127.0.0.1}
 * @param apiPort port of the route API, 0 for any free port; default 8001
 * @param authToken the route API's secret ({@code Authorization: token <secret>}); empty means an
 *     unauthenticated API, as with CHP when {@code CONFIGPROXY_AUTH_TOKEN} is unset
 * @param defaultTarget where requests go that match no route (the hub); stored as the root route
 *     {@code /}
 * @param errorTarget base URL of error pages: a failure with status {@code S} is answered with
 *     {@code GET <errorTarget>/S?url=<original url>} (JupyterHub: {@code <hub>/hub/error})
 * @param tls certificate chain and private key (PEM) for the public port
 * @param hubAuthUrl the hub's route authorisation endpoint, used for routes whose data has {@code
 *     "auth": "hub-session"} (see {@link HubSessionAuth})
 * @param authCacheTtl how long an answer of the hub is reused without asking again; default 60 s
 * @param authStaleTtl how long an allowing answer is still used when the hub cannot be reached (a
 *     hub restart); default 1 h
 * @param proxy timeouts and pool sizes of the data plane
 */
public record StandaloneProxyOptions(
    String ip,
    int port,
    String apiIp,
    int apiPort,
    Optional<String> authToken,
    Optional<URI> defaultTarget,
    Optional<URI> errorTarget,
    Optional<Tls> tls,
    Optional<URI> hubAuthUrl,
    Duration authCacheTtl,
    Duration authStaleTtl,
    ProxyOptions proxy) {

  public static final Duration DEFAULT_AUTH_CACHE_TTL = Duration.ofSeconds(60);
  public static final Duration DEFAULT_AUTH_STALE_TTL = Duration.ofHours(1);

  /** Checks every field; a bad value names the field. */
  public StandaloneProxyOptions {
    Objects.requireNonNull(ip, "ip");
    Objects.requireNonNull(apiIp, "apiIp");
    requirePort(port, "port");
    requirePort(apiPort, "apiPort");
    Objects.requireNonNull(authToken, "authToken");
    Objects.requireNonNull(defaultTarget, "defaultTarget")
        .ifPresent(t -> requireHttp(t, "defaultTarget"));
    Objects.requireNonNull(errorTarget, "errorTarget")
        .ifPresent(t -> requireHttp(t, "errorTarget"));
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(hubAuthUrl, "hubAuthUrl").ifPresent(t -> requireHttp(t, "hubAuthUrl"));
    Objects.requireNonNull(authCacheTtl, "authCacheTtl");
    Objects.requireNonNull(authStaleTtl, "authStaleTtl");
    Objects.requireNonNull(proxy, "proxy");
  }

  /** Defaults of every field: public {@code 0.0.0.0:8000}, API {@code 127.0.0.1:8001}. */
  public static StandaloneProxyOptions defaults() {
    return new StandaloneProxyOptions(
        "0.0.0.0",
        8000,
        "127.0.0.1",
        8001,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        DEFAULT_AUTH_CACHE_TTL,
        DEFAULT_AUTH_STALE_TTL,
        ProxyOptions.defaults());
  }

  public StandaloneProxyOptions withPublic(String ip, int port) {
    return new StandaloneProxyOptions(
        ip,
        port,
        apiIp,
        apiPort,
        authToken,
        defaultTarget,
        errorTarget,
        tls,
        hubAuthUrl,
        authCacheTtl,
        authStaleTtl,
        proxy);
  }

  public StandaloneProxyOptions withApi(String apiIp, int apiPort) {
    return new StandaloneProxyOptions(
        ip,
        port,
        apiIp,
        apiPort,
        authToken,
        defaultTarget,
        errorTarget,
        tls,
        hubAuthUrl,
        authCacheTtl,
        authStaleTtl,
        proxy);
  }

  public StandaloneProxyOptions withAuthToken(String token) {
    return new StandaloneProxyOptions(
        ip,
        port,
        apiIp,
        apiPort,
        Optional.of(token),
        defaultTarget,
        errorTarget,
        tls,
        hubAuthUrl,
        authCacheTtl,
        authStaleTtl,
        proxy);
  }

  public StandaloneProxyOptions withDefaultTarget(URI target) {
    return new StandaloneProxyOptions(
        ip,
        port,
        apiIp,
        apiPort,
        authToken,
        Optional.of(target),
        errorTarget,
        tls,
        hubAuthUrl,
        authCacheTtl,
        authStaleTtl,
        proxy);
  }

  public StandaloneProxyOptions withErrorTarget(URI target) {
    return new StandaloneProxyOptions(
        ip,
        port,
        apiIp,
        apiPort,
        authToken,
        defaultTarget,
        Optional.of(target),
        tls,
        hubAuthUrl,
        authCacheTtl,
        authStaleTtl,
        proxy);
  }

  public StandaloneProxyOptions withTls(Tls value) {
    return new StandaloneProxyOptions(
        ip,
        port,
        apiIp,
        apiPort,
        authToken,
        defaultTarget,
        errorTarget,
        Optional.of(value),
        hubAuthUrl,
        authCacheTtl,
        authStaleTtl,
        proxy);
  }

  public StandaloneProxyOptions withHubAuthUrl(URI url) {
    return new StandaloneProxyOptions(
        ip,
        port,
        apiIp,
        apiPort,
        authToken,
        defaultTarget,
        errorTarget,
        tls,
        Optional.of(url),
        authCacheTtl,
        authStaleTtl,
        proxy);
  }

  public StandaloneProxyOptions withAuthCache(Duration ttl, Duration staleTtl) {
    return new StandaloneProxyOptions(
        ip,
        port,
        apiIp,
        apiPort,
        authToken,
        defaultTarget,
        errorTarget,
        tls,
        hubAuthUrl,
        ttl,
        staleTtl,
        proxy);
  }

  public StandaloneProxyOptions withProxy(ProxyOptions value) {
    return new StandaloneProxyOptions(
        ip,
        port,
        apiIp,
        apiPort,
        authToken,
        defaultTarget,
        errorTarget,
        tls,
        hubAuthUrl,
        authCacheTtl,
        authStaleTtl,
        value);
  }

  /** PEM files for TLS on the public port. */
  public record Tls(Path certificate, Path key) {
    public Tls {
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(key, "key");
    }
  }

  private static void requirePort(int port, String name) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + " must be between 0 and 65535, was " + port);
    }
  }

  private static void requireHttp(URI uri, String name) {
    String scheme = uri.getScheme();
    if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null) {
      throw new IllegalArgumentException(name + " must be an http(s) URL, was " + uri);
    }
  }
}
