package dev.ganymede.hub;

import dev.ganymede.hub.account.AccountService;
import dev.ganymede.hub.account.SsoGroupSync;
import dev.ganymede.hub.audit.AuditRecorder;
import dev.ganymede.hub.audit.FanOutEventSink;
import dev.ganymede.hub.audit.LoggingEventSink;
import dev.ganymede.hub.auth.AccessPolicy;
import dev.ganymede.hub.auth.Authenticator;
import dev.ganymede.hub.auth.Authenticators;
import dev.ganymede.hub.auth.LoginService;
import dev.ganymede.hub.auth.LoginThrottle;
import dev.ganymede.hub.auth.PasswordHasher;
import dev.ganymede.hub.auth.PasswordPolicy;
import dev.ganymede.hub.auth.SignInListener;
import dev.ganymede.hub.auth.SignInReconfirmation;
import dev.ganymede.hub.auth.sso.SignInTokens;
import dev.ganymede.hub.config.AuthConfig;
import dev.ganymede.hub.config.GanymedeConfig;
import dev.ganymede.hub.config.ProxyConfig;
import dev.ganymede.hub.config.ServiceSpec;
import dev.ganymede.hub.config.SpawnerConfig;
import dev.ganymede.hub.event.EventSink;
import dev.ganymede.hub.jupyter.JupyterInstallation;
import dev.ganymede.hub.metrics.HubMetrics;
import dev.ganymede.hub.metrics.MetricsEventSink;
import dev.ganymede.hub.metrics.TimedRouteTable;
import dev.ganymede.hub.rbac.RoleRegistry;
import dev.ganymede.hub.rbac.TokenService;
import dev.ganymede.hub.server.IdleCuller;
import dev.ganymede.hub.server.RouteChecks;
import dev.ganymede.hub.server.ServerManager;
import dev.ganymede.hub.server.ServerTokens;
import dev.ganymede.hub.session.SessionManager;
import dev.ganymede.hub.spawner.Spawner;
import dev.ganymede.hub.spawner.SpawnerProvider;
import dev.ganymede.hub.spawner.Spawners;
import dev.ganymede.hub.spawner.UserEnvironmentSpawner;
import dev.ganymede.hub.spawner.local.LocalProcessSpawner;
import dev.ganymede.hub.spawner.nullspawner.NullSpawner;
import dev.ganymede.hub.store.Database;
import dev.ganymede.hub.store.HubSecrets;
import dev.ganymede.hub.web.ApiContext;
import dev.ganymede.hub.web.HubRoutes;
import dev.ganymede.hub.web.OpsContext;
import dev.ganymede.hub.web.UserServerGuard;
import dev.ganymede.hub.web.WebContext;
import dev.ganymede.proxy.ChpRouteTable;
import dev.ganymede.proxy.InMemoryRouteTable;
import dev.ganymede.proxy.ProxyHandler;
import dev.ganymede.proxy.RouteTable;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running hub: database, accounts, sessions, the server lifecycle, the in-process proxy and the
 * web pages, wired from one {@link GanymedeConfig}. {@link #start} blocks until the hub serves
 * requests; {@link #close} stops it and leaves users' servers running (the next start reattaches to
 * them).
 */
public final class Hub implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Hub.class);
  private static final Duration SESSION_PURGE_INTERVAL = Duration.ofHours(1);
  private static final int AUDIT_QUEUE = 10_000;

  private final List<AutoCloseable> resources;
  private final URI url;
  private final int port;
  private final AccountService accounts;
  private final ServerManager servers;

  private Hub(
      List<AutoCloseable> resources,
      URI url,
      int port,
      AccountService accounts,
      ServerManager servers) {
    this.resources = resources;
    this.url = url;
    this.port = port;
    this.accounts = accounts;
    this.servers = servers;
  }

  /**
   * Starts a hub. {@code console} receives the lines a person running the hub must see (where it
   * listens, the first admin's one-time password, the managed environment's progress).
   */
  public static Hub start(GanymedeConfig config, Consumer<String> console) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(console, "console");
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      return start(config, console, resources);
    } catch (RuntimeException e) {
      closeAll(resources);
      throw e;
    }
  }

  private static Hub start(
      GanymedeConfig config, Consumer<String> console, List<AutoCloseable> resources) {
    long startBegun = System.nanoTime();
    Clock clock = Clock.systemUTC();
    String version = HubVersion.current();
    try {
      Files.createDirectories(config.hub().dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create the data directory " + config.hub().dataDir(), e);
    }
    Database database = Database.open(config.database(), config.hub().dataDir());
    resources.add(database::close);
    HubSecrets secrets = HubSecrets.load(database.secrets());
    HubMetrics metrics = new HubMetrics();
    AuditRecorder audit = new AuditRecorder(database.audit(), AUDIT_QUEUE, metrics::droppedEvent);
    resources.add(audit);
    EventSink events =
        new FanOutEventSink(List.of(new LoggingEventSink(), audit, new MetricsEventSink(metrics)));

    AuthConfig auth = config.auth();
    SessionManager sessions = new SessionManager(database.sessions(), auth, clock);
    sessions.loadAll();
    PasswordHasher hasher = new PasswordHasher();
    AccountService accounts =
        new AccountService(
            auth,
            database.users(),
            database.groups(),
            sessions,
            hasher,
            new PasswordPolicy(),
            events,
            clock);
    SignInTokens signInTokens =
        config
            .sso()
            .state()
            .key()
            .map(key -> SignInTokens.persistent(database.signInTokens(), key))
            .orElseGet(SignInTokens::inMemory);
    Authenticator authenticator =
        Authenticators.create(config, database.users(), hasher, signInTokens, clock);
    SignInListener signInListener = SignInListener.NONE;
    if (auth.type().equals(AuthConfig.OIDC) && config.sso().oidc().syncGroups()) {
      SsoGroupSync groupSync =
          new SsoGroupSync(accounts, database.groups(), database.groupProperties());
      signInListener = (user, identity) -> groupSync.sync(user, identity.groups());
    }
    if (auth.type().equals(AuthConfig.OIDC)) {
      SignInListener listener = signInListener;
      config
          .sso()
          .oidc()
          .refreshAfter()
          .ifPresent(
              after ->
                  sessions.reconfirmAfter(
                      after, new SignInReconfirmation(authenticator, listener, events, clock)));
    }
    LoginService logins =
        new LoginService(
            authenticator,
            new AccessPolicy(auth),
            new LoginThrottle(auth, clock),
            database.users(),
            sessions,
            events,
            clock,
            signInListener);

    JupyterInstallation jupyter = new JupyterInstallation(config.spawner(), config.hub().dataDir());
    java.util.concurrent.atomic.AtomicReference<URI> hubUrl =
        new java.util.concurrent.atomic.AtomicReference<>();
    Spawner spawner =
        new UserEnvironmentSpawner(
            switch (config.spawner().type()) {
              case SpawnerConfig.LOCAL ->
                  new LocalProcessSpawner(
                      config.spawner(),
                      config.hub().dataDir(),
                      jupyter,
                      () -> java.util.Optional.ofNullable(hubUrl.get()));
              case SpawnerConfig.NULL ->
                  new NullSpawner(config.spawner().nullTarget().orElseThrow());
              default ->
                  Spawners.create(
                      new SpawnerProvider.Environment(config, database.groups()::groupsOf));
            },
            signInTokens::environmentFor);
    resources.add(spawner::close);
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    resources.add(() -> vertx.close().await());
    ProxyConfig proxyConfig = config.proxy();
    InMemoryRouteTable inProcessRoutes = new InMemoryRouteTable();
    RouteTable routes = inProcessRoutes;
    if (proxyConfig.external()) {
      ChpRouteTable remote =
          new ChpRouteTable(
              vertx,
              proxyConfig.apiUrl(),
              proxyConfig.authToken().orElseThrow(),
              proxyConfig.apiTls());
      resources.add(remote);
      routes = remote;
    }
    ServerManager servers =
        new ServerManager(
            spawner,
            database.servers(),
            new TimedRouteTable(routes, metrics),
            new ServerTokens(secrets.serverTokenKey()),
            events,
            config.spawner(),
            config.hub().baseUrl(),
            clock);
    resources.add(servers::close);
    long recoverBegun = System.nanoTime();
    servers.recover();
    metrics.initSpawners(Duration.ofNanos(System.nanoTime() - recoverBegun));
    if (config.culler().enabled()) {
      IdleCuller culler =
          new IdleCuller(
              config.culler(),
              servers,
              database.servers(),
              database.users(),
              name -> accounts.deleteUser(name, IdleCuller.ACTOR),
              events,
              clock);
      resources.add(culler);
      culler.start();
    }

    WebContext web =
        new WebContext(
            config, version, database.users(), sessions, logins, accounts, authenticator, servers);
    TokenService tokens = new TokenService(database.tokens(), clock);
    resources.add(tokens::flushLastUse);
    RoleRegistry roles = new RoleRegistry(config.api());
    for (ServiceSpec service : config.api().services()) {
      service
          .apiToken()
          .ifPresent(token -> tokens.register(token, service.name(), true, service.scopes()));
    }
    List<AutoCloseable> shutdownList = resources;
    ApiContext apiContext =
        new ApiContext(
            tokens,
            database.groups(),
            database.groupProperties(),
            database.servers(),
            routes,
            roles,
            () -> closeAll(new ArrayList<>(shutdownList)));
    Router router =
        new HubRoutes(
                vertx,
                web,
                new OpsContext(metrics, database.audit(), database.groups()),
                java.util.Optional.of(apiContext))
            .router();
    HttpServer server =
        vertx.createHttpServer(
            new HttpServerOptions().setHost(config.hub().ip()).setPort(config.hub().port()));
    if (proxyConfig.external()) {
      server.requestHandler(router);
      RouteChecks checks = new RouteChecks(servers, proxyConfig.checkRoutesInterval());
      checks.start();
      resources.add(checks);
    } else {
      ProxyHandler proxy =
          ProxyHandler.builder(vertx, inProcessRoutes)
              .addInterceptor(new UserServerGuard(sessions, servers, config.hub().baseUrl()))
              .fallback(router)
              .build();
      resources.add(() -> proxy.close().await());
      server.requestHandler(proxy);
    }
    try {
      server.listen().await();
    } catch (RuntimeException e) {
      throw new HubStartException(
          "cannot listen on "
              + config.hub().ip()
              + ":"
              + config.hub().port()
              + ": "
              + e.getMessage(),
          e);
    }
    resources.add(() -> server.close().await());
    int port = server.actualPort();

    vertx.setPeriodic(
        SESSION_PURGE_INTERVAL.toMillis(),
        id ->
            vertx.executeBlocking(
                () -> {
                  sessions.purgeExpired();
                  return null;
                },
                false));

    vertx.setPeriodic(
        TokenService.FLUSH_INTERVAL.toMillis(),
        id -> vertx.executeBlocking(tokens::flushLastUse, false));

    URI url =
        URI.create("http://" + hostForUrl(config.hub().ip()) + ":" + port + config.hub().baseUrl());
    hubUrl.set(url);
    hubUrl.set(url);
    console.accept(
        "Ganymede " + HubVersion.product() + " is running at " + url + " (Ctrl-C stops it)");
    if (AuthConfig.PASSWORD.equals(auth.type())) {
      accounts
          .ensureFirstAdmin()
          .ifPresent(
              password -> {
                String admin =
                    auth.adminUsers().stream()
                        .sorted()
                        .findFirst()
                        .orElse(AccountService.DEFAULT_ADMIN);
                console.accept("");
                console.accept("  First start: sign in at " + url + "hub/login as '" + admin + "'");
                console.accept("  with the one-time password   " + password);
                console.accept(
                    "  (shown only this once; you will choose your own password after signing in;");
                console.accept("   lost it? run: ganymede user reset-password " + admin + ")");
                console.accept("");
              });
    }
    // the local spawner's lab mode needs JupyterLab: prepare it now (first start) with progress
    if (config.spawner().type().equals(SpawnerConfig.LOCAL) && !config.spawner().singleuser()) {
      prepareJupyterInBackground(jupyter, console);
    }
    metrics.hubStartup(Duration.ofNanos(System.nanoTime() - startBegun));
    log.info("hub started at {}", url);
    return new Hub(List.copyOf(resources), url, port, accounts, servers);
  }

  private static void prepareJupyterInBackground(
      JupyterInstallation jupyter, Consumer<String> console) {
    Thread.ofVirtual()
        .name("jupyter-install")
        .start(
            () -> {
              try {
                jupyter.ensureReady(line -> console.accept("  [jupyter] " + line));
              } catch (RuntimeException e) {
                console.accept("  [jupyter] " + e.getMessage());
              }
            });
  }

  private static String hostForUrl(String ip) {
    if (ip.equals("0.0.0.0") || ip.equals("::")) {
      return "127.0.0.1";
    }
    return ip.contains(":") ? "[" + ip + "]" : ip;
  }

  public URI url() {
    return url;
  }

  public int port() {
    return port;
  }

  public AccountService accounts() {
    return accounts;
  }

  public ServerManager servers() {
    return servers;
  }

  /** Stops serving and releases resources; users' servers keep running. */
  @Override
  public void close() {
    closeAll(new ArrayList<>(resources));
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        log.warn("while stopping: {}", e.toString());
      }
    }
  }
}
