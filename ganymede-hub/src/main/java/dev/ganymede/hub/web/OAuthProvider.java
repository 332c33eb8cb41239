package dev.ganymede.hub.web;

import dev.ganymede.hub.rbac.IssuedToken;
import dev.ganymede.hub.server.ServerView;
import dev.ganymede.hub.spawner.ClientIds;
import dev.ganymede.hub.store.ApiTokenRecord;
import dev.ganymede.hub.store.ServerRecord;
import dev.ganymede.hub.store.Session;
import dev.ganymede.hub.store.User;
import dev.ganymede.hub.store.UserStatus;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hub's OAuth2 provider for {@code jupyterhub-singleuser} servers (JupyterHub protocol §2).
 *
 * <p>Clients are not stored: a client exists while its server is starting or running (in {@code
 * spawner.mode: singleuser} only); its id is {@code jupyterhub-user-<quoted name>[-<quoted
 * server>]}, its secret the server's API token and its only redirect URI {@code <server
 * prefix>oauth_callback}. Codes live in memory for 5 minutes and are single-use (a hub restart
 * voids pending codes; the browser just signs in again). PKCE ({@code S256} or {@code plain}) is
 * verified when the authorization request carried a challenge. Access tokens are API tokens bound
 * to the client and to the browser's {@code jupyterhub-session-id} cookie; {@code /hub/logout}
 * revokes them, and they stop working when the server they were issued for stops.
 *
 * <p>Threading: handlers run their blocking part on worker threads.
 */
final class OAuthProvider {
  static final String SESSION_ID_COOKIE = "jupyterhub-session-id";
  private static final Duration CODE_LIFETIME = Duration.ofMinutes(5);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final WebContext web;
  private final ApiContext api;
  private final ErrorResponder errors;
  private final Pages pages;
  private final HubPaths paths;
  private final Clock clock = Clock.systemUTC();
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();

  private record Grant(
      String clientId,
      String user,
      String owner,
      String server,
      String redirectUri,
      String sessionId,
      Optional<String> challenge,
      String challengeMethod,
      Instant expires) {}

  private record Client(
      String id, String owner, String server, String secret, String redirectUri) {}

  OAuthProvider(
      Vertx vertx,
      WebContext web,
      ApiContext api,
      ErrorResponder errors,
      Pages pages,
      HubPaths paths) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.web = Objects.requireNonNull(web, "web");
    this.api = Objects.requireNonNull(api, "api");
    this.errors = Objects.requireNonNull(errors, "errors");
    this.pages = Objects.requireNonNull(pages, "pages");
    this.paths = Objects.requireNonNull(paths, "paths");
  }

  void mount(Router router, String apiPrefix, String hubPrefix) {
    router
        .route(apiPrefix + "/oauth2/authorize")
        .method(HttpMethod.GET)
        .method(HttpMethod.POST)
        .handler(this::authorize);
    router.post(apiPrefix + "/oauth2/token").handler(this::token);
    router
        .route(hubPrefix + "logout")
        .method(HttpMethod.GET)
        .method(HttpMethod.POST)
        .handler(this::revokeAtLogout);
  }

  /** Before the page handler signs out: revoke this browser session's OAuth tokens. */
  private void revokeAtLogout(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(SESSION_ID_COOKIE);
    if (cookie == null || cookie.getValue().isEmpty()) {
      ctx.next();
      return;
    }
    String sessionId = cookie.getValue();
    ctx.response().addCookie(sessionIdCookie("").setMaxAge(0));
    vertx
        .executeBlocking(() -> api.tokens().revokeSession(sessionId), false)
        .onComplete(done -> ctx.next());
  }

  private void authorize(RoutingContext ctx) {
    vertx
        .executeBlocking(() -> authorizeBlocking(ctx), false)
        .onComplete(
            result -> {
              if (result.failed()) {
                errors.respond(ctx, result.cause());
                return;
              }
              Runnable write = result.result();
              if (write != null) {
                write.run();
              }
            });
  }

  /** Returns what to write (on the event loop). */
  private Runnable authorizeBlocking(RoutingContext ctx) {
    Optional<RequestUser> signedIn = signedIn(ctx);
    if (signedIn.isEmpty()) {
      return () -> redirect(ctx, paths.login(ctx.request().uri()));
    }
    RequestUser user = signedIn.get();
    user.attachTo(ctx);
    String clientId = param(ctx, "client_id");
    Client client =
        resolve(clientId).orElseThrow(() -> HttpError.badRequest("Invalid client: " + clientId));
    String redirectUri = param(ctx, "redirect_uri");
    if (!redirectUri.equals(client.redirectUri())) {
      throw HttpError.badRequest("Mismatching redirect URI");
    }
    String state = param(ctx, "state");
    if (!"code".equals(param(ctx, "response_type"))) {
      return () ->
          redirect(
              ctx,
              redirectUri
                  + "?error=unsupported_response_type&state="
                  + URLEncoder.encode(state, StandardCharsets.UTF_8));
    }
    User account = web.users().find(user.name()).orElseThrow();
    boolean own = user.name().equals(client.owner());
    if (!own
        && !api.roles()
            .forUser(account.name(), account.admin(), api.groups().groupsOf(account.name()))
            .forServer(
                "access:servers",
                client.owner(),
                client.server(),
                api.groups().groupsOf(client.owner()))) {
      throw HttpError.forbidden(
          "You do not have permission to access Server at "
              + web.servers().view(client.owner(), client.server()).basePath());
    }
    if (!own && ctx.request().method() == HttpMethod.GET) {
      String page =
          pages.render(
              ctx,
              "oauth",
              Map.of(
                  "client",
                  "Server at " + web.servers().view(client.owner(), client.server()).basePath(),
                  "scopes",
                  scopes(client),
                  "action",
                  ctx.request().uri()));
      return () -> {
        SecurityHeaders.applyToPage(ctx.response());
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(page);
      };
    }
    if (ctx.request().method() == HttpMethod.POST) {
      Csrf.requireForSession(new HubRequest(ctx, signedIn), user);
    }
    Cookie existing = ctx.request().getCookie(SESSION_ID_COOKIE);
    String sessionId =
        existing != null && existing.getValue().matches("[0-9a-f]{32}")
            ? existing.getValue()
            : HexFormat.of().formatHex(randomBytes(16));
    String code = randomCode();
    String challenge = param(ctx, "code_challenge");
    codes.put(
        code,
        new Grant(
            client.id(),
            user.name(),
            client.owner(),
            client.server(),
            redirectUri,
            sessionId,
            challenge.isEmpty() ? Optional.empty() : Optional.of(challenge),
            param(ctx, "code_challenge_method").isEmpty()
                ? "plain"
                : param(ctx, "code_challenge_method"),
            clock.instant().plus(CODE_LIFETIME)));
    purgeCodes();
    String location =
        redirectUri
            + "?code="
            + code
            + "&state="
            + URLEncoder.encode(state, StandardCharsets.UTF_8);
    return () -> {
      if (existing == null || !existing.getValue().equals(sessionId)) {
        ctx.response().addCookie(sessionIdCookie(sessionId));
      }
      redirect(ctx, location);
    };
  }

  private void token(RoutingContext ctx) {
    vertx
        .executeBlocking(() -> tokenBlocking(ctx), false)
        .onComplete(
            result -> {
              if (result.failed()) {
                errors.respond(ctx, result.cause());
                return;
              }
              JsonObject body = result.result();
              int status = body.containsKey("error") ? 400 : 200;
              ctx.response()
                  .setStatusCode(status)
                  .putHeader("Content-Type", "application/json; charset=utf-8")
                  .putHeader("Cache-Control", "no-store")
                  .putHeader("Pragma", "no-cache")
                  .end(body.encode());
            });
  }

  private JsonObject tokenBlocking(RoutingContext ctx) {
    String clientId = form(ctx, "client_id");
    Optional<Client> client = resolve(clientId);
    if (client.isEmpty()
        || !MessageDigest.isEqual(
            client.get().secret().getBytes(StandardCharsets.UTF_8),
            form(ctx, "client_secret").getBytes(StandardCharsets.UTF_8))) {
      return error("invalid_client", "Client authentication failed.");
    }
    if (!"authorization_code".equals(form(ctx, "grant_type"))) {
      return error("unsupported_grant_type", "Only authorization_code is supported.");
    }
    Grant grant = codes.remove(form(ctx, "code"));
    if (grant == null
        || !grant.clientId().equals(clientId)
        || grant.expires().isBefore(clock.instant())) {
      return error("invalid_grant", "Invalid or expired code.");
    }
    if (!grant.redirectUri().equals(form(ctx, "redirect_uri"))) {
      return error("invalid_grant", "Mismatching redirect URI.");
    }
    if (grant.challenge().isPresent() && !pkceMatches(grant, form(ctx, "code_verifier"))) {
      return error("invalid_grant", "Code verifier does not match the challenge.");
    }
    List<String> scopes = scopes(client.get());
    Duration lifetime = web.config().auth().sessionMaxAge();
    IssuedToken issued =
        api.tokens()
            .createOAuth(grant.user(), scopes, lifetime, clientId, Optional.of(grant.sessionId()));
    return new JsonObject()
        .put("access_token", issued.value())
        .put("token_type", "Bearer")
        .put("expires_in", lifetime.toSeconds())
        .put("scope", String.join(" ", scopes));
  }

  /**
   * Whether an OAuth token may still be used: a server's client must still exist and the token must
   * be from the server's current run (a stopped server's tokens are void, as JupyterHub deletes the
   * client at stop).
   */
  boolean stillValid(ApiTokenRecord token) {
    if (!token.clientId().startsWith(ClientIds.PREFIX)) {
      return true;
    }
    Optional<Client> client = resolve(token.clientId());
    if (client.isEmpty()) {
      return false;
    }
    Optional<Instant> started =
        api.serverRows()
            .find(client.get().owner(), client.get().server())
            .flatMap(ServerRecord::startedAt);
    return started.map(s -> !token.createdAt().isBefore(s.minusSeconds(1))).orElse(true);
  }

  private static List<String> scopes(Client client) {
    return List.of(
        "access:servers!server=" + client.owner() + "/" + client.server(),
        "read:users:groups!user",
        "read:users:name!user");
  }

  private static boolean pkceMatches(Grant grant, String verifier) {
    if (verifier.isEmpty()) {
      return false;
    }
    String expected = grant.challenge().orElseThrow();
    String computed;
    if ("S256".equals(grant.challengeMethod())) {
      try {
        byte[] hash =
            MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII));
        computed = Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    } else {
      computed = verifier;
    }
    return MessageDigest.isEqual(
        computed.getBytes(StandardCharsets.US_ASCII), expected.getBytes(StandardCharsets.US_ASCII));
  }

  /** The running (or starting) server whose client id this is. */
  private Optional<Client> resolve(String clientId) {
    if (!clientId.startsWith(ClientIds.PREFIX) || !web.config().spawner().singleuser()) {
      return Optional.empty();
    }
    String rest = clientId.substring(ClientIds.PREFIX.length());
    for (int i = rest.length(); i > 0; i = rest.lastIndexOf('-', i - 1)) {
      String user = URLDecoder.decode(rest.substring(0, i), StandardCharsets.UTF_8);
      String server =
          i == rest.length()
              ? ""
              : URLDecoder.decode(rest.substring(i + 1), StandardCharsets.UTF_8);
      if (!ClientIds.of(user, server).equals(clientId)) {
        continue;
      }
      Optional<String> secret = web.servers().serverToken(user, server);
      if (secret.isPresent()) {
        ServerView view = web.servers().view(user, server);
        return Optional.of(
            new Client(clientId, user, server, secret.get(), view.basePath() + "oauth_callback"));
      }
      if (i == 0) {
        break;
      }
    }
    return Optional.empty();
  }

  private Optional<RequestUser> signedIn(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(SessionCookie.NAME);
    if (cookie == null || cookie.getValue().isEmpty()) {
      return Optional.empty();
    }
    Optional<Session> session = web.sessions().lookup(cookie.getValue());
    if (session.isEmpty()) {
      return Optional.empty();
    }
    return web.users()
        .find(session.get().user())
        .filter(u -> u.status() == UserStatus.ACTIVE)
        .map(u -> new RequestUser(u.name(), u.admin(), u.passwordMustChange(), session.get()));
  }

  private Cookie sessionIdCookie(String value) {
    return Cookie.cookie(SESSION_ID_COOKIE, value)
        .setPath(web.config().hub().baseUrl())
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.LAX)
        .setSecure(
            web.config().hub().publicUrl().map(u -> "https".equals(u.getScheme())).orElse(false));
  }

  private void purgeCodes() {
    Instant now = clock.instant();
    codes.values().removeIf(g -> g.expires().isBefore(now));
  }

  private static JsonObject error(String error, String description) {
    return new JsonObject().put("error", error).put("error_description", description);
  }

  private static void redirect(RoutingContext ctx, String location) {
    ctx.response()
        .setStatusCode(302)
        .putHeader("Location", location)
        .putHeader("Cache-Control", "no-store")
        .end();
  }

  private static String param(RoutingContext ctx, String name) {
    String value = ctx.request().getParam(name);
    return value == null ? "" : value;
  }

  private static String form(RoutingContext ctx, String name) {
    String value = ctx.request().getFormAttribute(name);
    return value == null ? "" : value;
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static String randomCode() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder code = new StringBuilder(30);
    for (int i = 0; i < 30; i++) {
      code.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return code.toString();
  }
}
