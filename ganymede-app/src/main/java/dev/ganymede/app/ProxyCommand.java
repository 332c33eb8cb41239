package dev.ganymede.app;

import dev.ganymede.proxy.TargetTls;
import dev.ganymede.proxy.standalone.StandaloneProxy;
import dev.ganymede.proxy.standalone.StandaloneProxyOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.transport.Transport;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code ganymede proxy}: the proxy alone, with configurable-http-proxy's flags and route API, so
 * that Ganymede's hub ({@code proxy.mode: external}) or JupyterHub can drive it.
 */
@Command(
    name = "proxy",
    mixinStandardHelpOptions = true,
    description = {
      "Run the proxy alone (a drop-in for configurable-http-proxy).",
      "The route API token comes from --auth-token or the environment variable"
          + " CONFIGPROXY_AUTH_TOKEN."
    })
final class ProxyCommand implements Runnable {
  @Option(names = "--ip", description = "Public address (default: ${DEFAULT-VALUE}).")
  String ip = "0.0.0.0";

  @Option(names = "--port", description = "Public port (default: ${DEFAULT-VALUE}).")
  int port = 8000;

  @Option(names = "--api-ip", description = "Route API address (default: ${DEFAULT-VALUE}).")
  String apiIp = "127.0.0.1";

  @Option(names = "--api-port", description = "Route API port (default: public port + 1).")
  Optional<Integer> apiPort = Optional.empty();

  @Option(
      names = "--auth-token",
      description = "Route API secret (prefer the CONFIGPROXY_AUTH_TOKEN variable).")
  Optional<String> authToken = Optional.empty();

  @Option(names = "--default-target", description = "Where unrouted requests go (the hub).")
  Optional<URI> defaultTarget = Optional.empty();

  @Option(
      names = "--error-target",
      description = "Error pages: GET <error-target>/<status>?url=... (e.g. <hub>/hub/error).")
  Optional<URI> errorTarget = Optional.empty();

  @Option(names = "--ssl-cert", description = "PEM certificate chain for the public port.")
  Optional<Path> sslCert = Optional.empty();

  @Option(names = "--ssl-key", description = "PEM private key for the public port.")
  Optional<Path> sslKey = Optional.empty();

  @Option(
      names = "--api-ssl-cert",
      description = "PEM certificate chain for the route API (TLS on the API port).")
  Optional<Path> apiSslCert = Optional.empty();

  @Option(names = "--api-ssl-key", description = "PEM private key for the route API.")
  Optional<Path> apiSslKey = Optional.empty();

  @Option(
      names = "--api-ssl-ca",
      description = "PEM CAs whose client certificates the route API accepts.")
  Optional<Path> apiSslCa = Optional.empty();

  @Option(
      names = "--api-ssl-request-cert",
      description = "The route API asks callers for a client certificate (needs --api-ssl-ca).")
  boolean apiSslRequestCert;

  @Option(
      names = "--api-ssl-reject-unauthorized",
      description = "With --api-ssl-request-cert: refuse callers without a valid certificate.")
  boolean apiSslRejectUnauthorized;

  @Option(
      names = "--client-ssl-cert",
      description = "PEM certificate chain the proxy presents to https targets that ask for one.")
  Optional<Path> clientSslCert = Optional.empty();

  @Option(names = "--client-ssl-key", description = "PEM private key of --client-ssl-cert.")
  Optional<Path> clientSslKey = Optional.empty();

  @Option(
      names = "--client-ssl-ca",
      description = "PEM CAs to trust for https targets instead of the system's.")
  Optional<Path> clientSslCa = Optional.empty();

  @Option(
      names = "--client-ssl-request-cert",
      description = "Accepted for compatibility with configurable-http-proxy; no effect.")
  boolean clientSslRequestCert;

  @Option(
      names = "--client-ssl-reject-unauthorized",
      description =
          "Accepted for compatibility with configurable-http-proxy: targets' certificates are"
              + " always verified.")
  boolean clientSslRejectUnauthorized;

  @Option(
      names = "--host-routing",
      description =
          "Route by Host, then path: a route /alice.hub.example.org serves"
              + " http://alice.hub.example.org/... (JupyterHub passes it with subdomain_host).")
  boolean hostRouting;

  @Option(
      names = "--hub-auth-url",
      description =
          "Ganymede hub's route check for routes with \"auth\": \"hub-session\""
              + " (default: <default-target>/hub/api/internal/authorize-route).")
  Optional<URI> hubAuthUrl = Optional.empty();

  @Option(
      names = "--auth-cache-ttl",
      description = "Seconds an answer of the hub is reused (default: ${DEFAULT-VALUE}).")
  long authCacheSeconds = StandaloneProxyOptions.DEFAULT_AUTH_CACHE_TTL.toSeconds();

  @Option(
      names = "--event-loops",
      description =
          "Threads serving the public port (default: the number of CPUs, ${DEFAULT-VALUE}).")
  int eventLoops = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--transport",
      description =
          "Network transport: auto (io_uring, else epoll, else nio), io_uring, epoll or nio"
              + " (default: auto).",
      converter = TransportConverter.class)
  NetworkTransport transport = NetworkTransport.AUTO;

  @Option(
      names = "--log-level",
      description = "Accepted for compatibility with configurable-http-proxy; ignored.")
  Optional<String> logLevel = Optional.empty();

  @Override
  public void run() {
    StandaloneProxyOptions options =
        StandaloneProxyOptions.defaults()
            .withPublic(ip, port)
            .withApi(apiIp, apiPort.orElse(port == 0 ? 0 : port + 1))
            .withAuthCache(
                Duration.ofSeconds(authCacheSeconds),
                StandaloneProxyOptions.DEFAULT_AUTH_STALE_TTL);
    Optional<String> token =
        authToken.or(
            () ->
                Optional.ofNullable(System.getenv("CONFIGPROXY_AUTH_TOKEN"))
                    .filter(t -> !t.isEmpty()));
    if (token.isPresent()) {
      options = options.withAuthToken(token.get());
    }
    if (defaultTarget.isPresent()) {
      options = options.withDefaultTarget(defaultTarget.get());
    }
    if (errorTarget.isPresent()) {
      options = options.withErrorTarget(errorTarget.get());
    }
    if (sslCert.isPresent() != sslKey.isPresent()) {
      throw new CliException("--ssl-cert and --ssl-key go together");
    }
    if (sslCert.isPresent()) {
      options =
          options.withTls(
              new StandaloneProxyOptions.Tls(
                  PemFiles.certificates(sslCert.get(), "--ssl-cert"),
                  PemFiles.privateKey(sslKey.get(), "--ssl-key")));
    }
    options = withApiTls(options);
    options =
        options.withProxy(options.proxy().withTargetTls(targetTls()).withHostRouting(hostRouting));
    Optional<URI> authUrl =
        hubAuthUrl.or(
            () ->
                defaultTarget.map(
                    t ->
                        URI.create(
                            t.toString().replaceAll("/+$", "")
                                + "/hub/api/internal/authorize-route")));
    if (authUrl.isPresent() && token.isPresent()) {
      options = options.withHubAuthUrl(authUrl.get());
    }
    if (eventLoops < 1) {
      throw new CliException("--event-loops must be at least 1, was " + eventLoops);
    }
    Transport chosen = transport.resolve();
    Vertx vertx =
        Vertx.builder()
            .with(new VertxOptions().setEventLoopPoolSize(eventLoops))
            .withTransport(chosen)
            .build();
    StandaloneProxy proxy;
    try {
      proxy = StandaloneProxy.start(vertx, options, eventLoops);
    } catch (RuntimeException e) {
      vertx.close();
      throw new CliException("cannot start the proxy: " + e.getMessage());
    }
    System.out.println(
        "Ganymede proxy on "
            + ip
            + ":"
            + proxy.port()
            + ", route API on "
            + apiIp
            + ":"
            + proxy.apiPort()
            + " ("
            + chosen.name()
            + transport.fallbackNote().map(note -> "; " + note).orElse("")
            + ")");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  proxy.close();
                  vertx.close().await();
                  stopped.countDown();
                },
                "ganymede-proxy-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private StandaloneProxyOptions withApiTls(StandaloneProxyOptions options) {
    if (apiSslCert.isPresent() != apiSslKey.isPresent()) {
      throw new CliException("--api-ssl-cert and --api-ssl-key go together");
    }
    if (apiSslCert.isEmpty()) {
      if (apiSslCa.isPresent() || apiSslRequestCert || apiSslRejectUnauthorized) {
        throw new CliException(
            "--api-ssl-ca, --api-ssl-request-cert and --api-ssl-reject-unauthorized need"
                + " --api-ssl-cert and --api-ssl-key");
      }
      return options;
    }
    if (apiSslRequestCert && apiSslCa.isEmpty()) {
      throw new CliException("--api-ssl-request-cert needs --api-ssl-ca (the CAs to trust)");
    }
    ClientAuth clientAuth =
        !apiSslRequestCert
            ? ClientAuth.NONE
            : apiSslRejectUnauthorized ? ClientAuth.REQUIRED : ClientAuth.REQUEST;
    return options.withApiTls(
        new StandaloneProxyOptions.ApiTls(
            new StandaloneProxyOptions.Tls(
                PemFiles.certificates(apiSslCert.get(), "--api-ssl-cert"),
                PemFiles.privateKey(apiSslKey.get(), "--api-ssl-key")),
            apiSslCa.map(ca -> PemFiles.certificates(ca, "--api-ssl-ca")),
            clientAuth));
  }

  private TargetTls targetTls() {
    if (clientSslCert.isPresent() != clientSslKey.isPresent()) {
      throw new CliException("--client-ssl-cert and --client-ssl-key go together");
    }
    TargetTls tls = TargetTls.SYSTEM_TRUST;
    if (clientSslCa.isPresent()) {
      tls = tls.trusting(PemFiles.certificates(clientSslCa.get(), "--client-ssl-ca"));
    }
    if (clientSslCert.isPresent()) {
      tls =
          tls.presenting(
              PemFiles.certificates(clientSslCert.get(), "--client-ssl-cert"),
              PemFiles.privateKey(clientSslKey.get(), "--client-ssl-key"));
    }
    return tls;
  }

  /** Reads {@code --transport} values as users type them ({@code io_uring}, {@code EPOLL}, ...). */
  static final class TransportConverter implements ITypeConverter<NetworkTransport> {
    @Override
    public NetworkTransport convert(String value) {
      return Arrays.stream(NetworkTransport.values())
          .filter(t -> t.label().equals(value.toLowerCase(Locale.ROOT)))
          .findFirst()
          .orElseThrow(
              () ->
                  new TypeConversionException(
                      "expected one of auto, io_uring, epoll, nio but was '" + value + "'"));
    }
  }
}
