package dev.ganymede.hub.web;

import dev.ganymede.hub.auth.Authenticator;
import dev.ganymede.hub.auth.LoginAttempt;
import dev.ganymede.hub.auth.LoginResult;
import dev.ganymede.hub.auth.sso.OAuthStates;
import io.vertx.core.http.Cookie;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /hub/login}, {@code /hub/logout}, and single sign-on's {@code /hub/oauth_login} (start at
 * the provider) and {@code /hub/oauth_callback} (back from it).
 *
 * <p>An OAuth sign-in is bound to the browser that started it: the {@code state} of the redirect to
 * the provider is set as the cookie {@link OAuthStates#COOKIE}, and the callback must carry both.
 */
final class LoginPages {
  static final String NEXT_COOKIE = "ganymede-oauth-next";

  private final WebContext web;
  private final HubPaths paths;
  private final SessionCookie cookies;

  LoginPages(WebContext web, HubPaths paths, SessionCookie cookies) {
    this.web = web;
    this.paths = paths;
    this.cookies = cookies;
  }

  Reply form(HubRequest request) {
    String next = request.query("next");
    if (request.user().isPresent()) {
      return Reply.redirect(paths.safeNext(next));
    }
    if (web.authenticator().entry() == Authenticator.Entry.REQUEST
        && request.query("signed_out").isEmpty()) {
      return finish(request, web.logins().login(attempt(request, Map.of())), next, List.of());
    }
    String notice = request.query("signed_out").isEmpty() ? "" : "You have signed out.";
    return Reply.page("login", model(next, "", "", notice));
  }

  Reply submit(HubRequest request) {
    Csrf.requireAnonymous(request);
    String username = request.form("username");
    String next = request.form("next");
    LoginAttempt attempt =
        new LoginAttempt(
            Map.of("username", username, "password", request.form("password")),
            Map.of(),
            request.clientAddress());
    return switch (web.logins().login(attempt)) {
      case LoginResult.Success success ->
          new Reply.Redirect(
              success.mustChangePassword() ? paths.hub("change-password") : paths.safeNext(next),
              List.of(
                  cookies.session(success.session().cookieValue(), request.context().request())));
      case LoginResult.Failure failure ->
          Reply.page(403, "login", model(next, username, failure.userMessage(), ""));
      case LoginResult.Throttled throttled -> throttled(next, username, throttled);
      case LoginResult.Redirect redirect -> Reply.redirect(redirect.location().toString());
    };
  }

  /** {@code GET /hub/oauth_login}: off to the identity provider. */
  Reply oauthLogin(HubRequest request) {
    String next = request.query("next");
    if (request.user().isPresent()) {
      return Reply.redirect(paths.safeNext(next));
    }
    if (web.authenticator().entry() != Authenticator.Entry.PROVIDER_BUTTON) {
      return Reply.redirect(paths.hub("login"));
    }
    LoginResult result = web.logins().login(attempt(request, Map.of()));
    if (result instanceof LoginResult.Redirect redirect) {
      List<Cookie> set = new ArrayList<>();
      queryParameter(redirect.location(), "state")
          .ifPresent(
              state ->
                  set.add(cookies.oauth(OAuthStates.COOKIE, state, request.context().request())));
      if (!next.isEmpty()) {
        set.add(cookies.oauth(NEXT_COOKIE, next, request.context().request()));
      }
      return new Reply.Redirect(redirect.location().toString(), set);
    }
    return finish(request, result, next, List.of());
  }

  /** {@code GET /hub/oauth_callback}: back from the identity provider. */
  Reply oauthCallback(HubRequest request) {
    Map<String, String> query = new HashMap<>();
    for (String name : List.of("code", "state", "error")) {
      String value = request.query(name);
      if (!value.isEmpty()) {
        query.put(name, value);
      }
    }
    String next = request.cookie(NEXT_COOKIE).orElse("");
    List<Cookie> clear =
        List.of(
            cookies.clear(OAuthStates.COOKIE, request.context().request()),
            cookies.clear(NEXT_COOKIE, request.context().request()));
    return finish(request, web.logins().login(attempt(request, query)), next, clear);
  }

  Reply logout(HubRequest request) {
    request
        .cookie(SessionCookie.NAME)
        .ifPresent(id -> web.logins().logout(id, request.clientAddress()));
    String target =
        web.authenticator()
            .signOutLocation()
            .map(URI::toString)
            .orElse(paths.hub("login") + "?signed_out=1");
    return new Reply.Redirect(target, List.of(cookies.clearSession(request.context().request())));
  }

  private LoginAttempt attempt(HubRequest request, Map<String, String> query) {
    return new LoginAttempt(Map.of(), query, request.headers(), request.clientAddress());
  }

  private Reply finish(HubRequest request, LoginResult result, String next, List<Cookie> extra) {
    return switch (result) {
      case LoginResult.Success success -> {
        List<Cookie> set = new ArrayList<>(extra);
        set.add(cookies.session(success.session().cookieValue(), request.context().request()));
        yield new Reply.Redirect(paths.safeNext(next), set);
      }
      case LoginResult.Failure failure ->
          new Reply.Page(403, "login", model(next, "", failure.userMessage(), ""), extra);
      case LoginResult.Throttled throttled -> throttled(next, "", throttled);
      case LoginResult.Redirect redirect ->
          new Reply.Redirect(redirect.location().toString(), extra);
    };
  }

  private Reply throttled(String next, String username, LoginResult.Throttled throttled) {
    return Reply.page(
        429,
        "login",
        model(
            next,
            username,
            "Too many failed sign-ins. Try again in "
                + Math.max(1, (throttled.retryAfter().toSeconds() + 59) / 60)
                + " minute(s).",
            ""));
  }

  private static Optional<String> queryParameter(URI uri, String name) {
    String query = uri.getRawQuery();
    if (query == null) {
      return Optional.empty();
    }
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0 && pair.substring(0, equals).equals(name)) {
        return Optional.of(URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  private Map<String, Object> model(String next, String username, String error, String notice) {
    Map<String, Object> model = new HashMap<>();
    model.put("next", next);
    model.put("username", username);
    model.put("error", error);
    model.put("notice", notice);
    model.put("passwordForm", web.authenticator().usesPasswordForm());
    model.put("providerButton", web.authenticator().entry() == Authenticator.Entry.PROVIDER_BUTTON);
    model.put("provider", web.authenticator().providerName());
    model.put("signup", web.config().auth().allowSignup());
    return model;
  }
}
