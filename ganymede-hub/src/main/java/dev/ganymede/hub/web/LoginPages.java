package dev.ganymede.hub.web;

import dev.ganymede.hub.auth.LoginAttempt;
import dev.ganymede.hub.auth.LoginResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code /hub/login} and {@code /hub/logout}. */
final class LoginPages {
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
      case LoginResult.Throttled throttled ->
          Reply.page(
              429,
              "login",
              model(
                  next,
                  username,
                  "Too many failed sign-ins. Try again in "
                      + Math.max(1, (throttled.retryAfter().toSeconds() + 59) / 60)
                      + " minute(s).",
                  ""));
      case LoginResult.Redirect redirect -> Reply.redirect(redirect.location().toString());
    };
  }

  Reply logout(HubRequest request) {
    request
        .cookie(SessionCookie.NAME)
        .ifPresent(id -> web.logins().logout(id, request.clientAddress()));
    return new Reply.Redirect(
        paths.hub("login") + "?signed_out=1",
        List.of(cookies.clearSession(request.context().request())));
  }

  private Map<String, Object> model(String next, String username, String error, String notice) {
    Map<String, Object> model = new HashMap<>();
    model.put("next", next);
    model.put("username", username);
    model.put("error", error);
    model.put("notice", notice);
    model.put("passwordForm", web.authenticator().usesPasswordForm());
    model.put("signup", web.config().auth().allowSignup());
    return model;
  }
}
