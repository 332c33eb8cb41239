package dev.ganymede.proxy.standalone;

import dev.ganymede.proxy.ProxyOptions;
import io.vertx.core.http.ClientAuth;
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
 * @param apiTls TLS for the route API, optionally asking callers for a client certificate (CHP:
 *     {@code --api-ssl-*}, which JupyterHub passes with {@code internal_ssl})
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
    Optional<ApiTls> apiTls,
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
    Objects.requireNonNull(apiTls, "apiTls");
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
        Optional.empty(),
        DEFAULT_AUTH_CACHE_TTL,
        DEFAULT_AUTH_STALE_TTL,
        ProxyOptions.defaults());
  }

  public StandaloneProxyOptions withPublic(String ip, int port) {
    Copy copy = new Copy(this);
    copy.ip = ip;
    copy.port = port;
    return copy.build();
  }

  public StandaloneProxyOptions withApi(String apiIp, int apiPort) {
    Copy copy = new Copy(this);
    copy.apiIp = apiIp;
    copy.apiPort = apiPort;
    return copy.build();
  }

  public StandaloneProxyOptions withAuthToken(String token) {
    Copy copy = new Copy(this);
    copy.authToken = Optional.of(token);
    return copy.build();
  }

  public StandaloneProxyOptions withDefaultTarget(URI target) {
    Copy copy = new Copy(this);
    copy.defaultTarget = Optional.of(target);
    return copy.build();
  }

  public StandaloneProxyOptions withErrorTarget(URI target) {
    Copy copy = new Copy(this);
    copy.errorTarget = Optional.of(target);
    return copy.build();
  }

  public StandaloneProxyOptions withTls(Tls value) {
    Copy copy = new Copy(this);
    copy.tls = Optional.of(value);
    return copy.build();
  }

  public StandaloneProxyOptions withApiTls(ApiTls value) {
    Copy copy = new Copy(this);
    copy.apiTls = Optional.of(value);
    return copy.build();
  }

  public StandaloneProxyOptions withHubAuthUrl(URI url) {
    Copy copy = new Copy(this);
    copy.hubAuthUrl = Optional.of(url);
    return copy.build();
  }

  public StandaloneProxyOptions withAuthCache(Duration ttl, Duration staleTtl) {
    Copy copy = new Copy(this);
    copy.authCacheTtl = ttl;
    copy.authStaleTtl = staleTtl;
    return copy.build();
  }

  public StandaloneProxyOptions withProxy(ProxyOptions value) {
    Copy copy = new Copy(this);
    copy.proxy = value;
    return copy.build();
  }

  /** The fields of an instance, to change some and build a new one (checked by the constructor). */
  private static final class Copy {
    private String ip;
    private int port;
    private String apiIp;
    private int apiPort;
    private Optional<String> authToken;
    private Optional<URI> defaultTarget;
    private Optional<URI> errorTarget;
    private Optional<Tls> tls;
    private Optional<ApiTls> apiTls;
    private Optional<URI> hubAuthUrl;
    private Duration authCacheTtl;
    private Duration authStaleTtl;
    private ProxyOptions proxy;

    private Copy(StandaloneProxyOptions from) {
      ip = from.ip;
      port = from.port;
      apiIp = from.apiIp;
      apiPort = from.apiPort;
      authToken = from.authToken;
      defaultTarget = from.defaultTarget;
      errorTarget = from.errorTarget;
      tls = from.tls;
      apiTls = from.apiTls;
      hubAuthUrl = from.hubAuthUrl;
      authCacheTtl = from.authCacheTtl;
      authStaleTtl = from.authStaleTtl;
      proxy = from.proxy;
    }

    private StandaloneProxyOptions build() {
      return new StandaloneProxyOptions(
          ip,
          port,
          apiIp,
          apiPort,
          authToken,
          defaultTarget,
          errorTarget,
          tls,
          apiTls,
          hubAuthUrl,
          authCacheTtl,
          authStaleTtl,
          proxy);
    }
  }

  /** PEM files for TLS on the public port. */
  public record Tls(Path certificate, Path key) {
    public Tls {
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(key, "key");
    }
  }

  /**
   * TLS for the route API: its certificate chain and key, and whether callers must present a
   * certificate that {@code clientCertificates} (PEM, the CAs to trust) vouches for.
   *
   * @param tls the API's certificate chain and private key
   * @param clientCertificates CAs whose client certificates are accepted; needed by {@code
   *     clientAuth} other than {@code NONE}
   * @param clientAuth {@code NONE} (no client certificate asked), {@code REQUEST} (asked, the
   *     connection proceeds without one) or {@code REQUIRED} (no valid certificate, no connection)
   */
  public record ApiTls(Tls tls, Optional<Path> clientCertificates, ClientAuth clientAuth) {
    public ApiTls {
      Objects.requireNonNull(tls, "tls");
      Objects.requireNonNull(clientCertificates, "clientCertificates");
      Objects.requireNonNull(clientAuth, "clientAuth");
      if (clientAuth != ClientAuth.NONE && clientCertificates.isEmpty()) {
        throw new IllegalArgumentException(
            "apiTls: asking for client certificates (" + clientAuth + ") needs the CAs to trust");
      }
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
