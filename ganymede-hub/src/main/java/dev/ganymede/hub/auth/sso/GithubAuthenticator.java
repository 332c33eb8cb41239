package dev.ganymede.hub.auth.sso;

import dev.ganymede.hub.auth.AuthOutcome;
import dev.ganymede.hub.auth.Authenticator;
import dev.ganymede.hub.auth.Identity;
import dev.ganymede.hub.auth.LoginAttempt;
import dev.ganymede.hub.config.AuthConfig;
import dev.ganymede.hub.config.GithubConfig;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Sign-in with a GitHub OAuth app: {@code <url>/login/oauth/authorize} with {@code state} and PKCE,
 * the code exchanged at {@code <url>/login/oauth/access_token}, the login name from {@code
 * <apiUrl>/user}. With {@code allowedOrganizations}, membership is asked per entry: {@code org}
 * with {@code GET /orgs/{org}/members/{login}} (204 = member) and {@code org:team} with {@code GET
 * /orgs/{org}/teams/{team}/memberships/{login}} (200 with {@code state: active}); the entries that
 * match become the identity's groups. Any unexpected answer refuses. Thread-safe; blocks.
 */
final class GithubAuthenticator implements Authenticator {
  private final GithubConfig config;
  private final URI callback;
  private final HttpJson http;
  private final OAuthStates states;
  private final SignInTokens tokens;

  GithubAuthenticator(
      GithubConfig config, URI callback, HttpJson http, OAuthStates states, SignInTokens tokens) {
    this.config = Objects.requireNonNull(config, "config");
    this.callback = Objects.requireNonNull(callback, "callback");
    this.http = Objects.requireNonNull(http, "http");
    this.states = Objects.requireNonNull(states, "states");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
  }

  @Override
  public String kind() {
    return AuthConfig.GITHUB;
  }

  @Override
  public boolean usesPasswordForm() {
    return false;
  }

  @Override
  public String providerName() {
    return "GitHub";
  }

  @Override
  public AuthOutcome authenticate(LoginAttempt attempt) {
    Objects.requireNonNull(attempt, "attempt");
    if (!attempt.parameter("error").isEmpty()) {
      return new AuthOutcome.Rejected(
          "", "GitHub refused: " + OidcAuthenticator.code(attempt, "error"));
    }
    if (attempt.parameter("code").isEmpty()) {
      OAuthStates.Pending pending = states.start();
      Map<String, String> query = new LinkedHashMap<>();
      query.put("client_id", config.clientId());
      query.put("redirect_uri", callback.toString());
      query.put("scope", config.allowedOrganizations().isEmpty() ? "" : "read:org");
      query.put("state", pending.state());
      query.put("code_challenge", pending.challenge());
      query.put("code_challenge_method", "S256");
      return new AuthOutcome.Redirect(
          OidcAuthenticator.withQuery(api(config.url(), "/login/oauth/authorize"), query));
    }
    StringBuilder problem = new StringBuilder();
    Optional<OAuthStates.Pending> pending = states.finish(attempt, problem);
    if (pending.isEmpty()) {
      return new AuthOutcome.Rejected("", problem.toString());
    }
    try {
      String token = exchange(attempt.parameter("code"), pending.get());
      String login = login(token);
      Set<String> memberships = new LinkedHashSet<>();
      for (String entry : config.allowedOrganizations()) {
        if (isMember(token, entry, login)) {
          memberships.add(entry);
        }
      }
      if (!config.allowedOrganizations().isEmpty() && memberships.isEmpty()) {
        return new AuthOutcome.Rejected(login, "not in an allowed organization or team");
      }
      if (config.tokenToServer()) {
        tokens.put(login, Map.of("GITHUB_TOKEN", token));
      }
      return new AuthOutcome.Authenticated(new Identity(login, memberships, Optional.empty()));
    } catch (SsoException e) {
      return new AuthOutcome.Rejected("", e.getMessage());
    }
  }

  private String exchange(String code, OAuthStates.Pending pending) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("client_id", config.clientId());
    form.put("client_secret", config.clientSecret().orElse(""));
    form.put("code", code);
    form.put("redirect_uri", callback.toString());
    form.put("code_verifier", pending.verifier());
    HttpJson.Answer answer = http.postForm(api(config.url(), "/login/oauth/access_token"), form);
    String token = answer.body().path("access_token").asText("");
    if (answer.status() != 200 || token.isEmpty()) {
      throw new SsoException(
          "GitHub token exchange failed: HTTP "
              + answer.status()
              + " "
              + answer.body().path("error").asText(""));
    }
    return token;
  }

  private String login(String token) {
    HttpJson.Answer answer = http.get(api(config.apiUrl(), "/user"), authorization(token));
    String login = answer.body().path("login").asText("");
    if (answer.status() != 200 || login.isEmpty()) {
      throw new SsoException("GitHub /user answered HTTP " + answer.status());
    }
    return login;
  }

  private boolean isMember(String token, String entry, String login) {
    int colon = entry.indexOf(':');
    if (colon < 0) {
      String path = "/orgs/" + HttpJson.encode(entry) + "/members/" + HttpJson.encode(login);
      HttpJson.Answer answer = http.get(api(config.apiUrl(), path), authorization(token));
      return switch (answer.status()) {
        case 204 -> true;
        case 302, 404 -> false;
        default -> throw new SsoException("GitHub " + path + " answered HTTP " + answer.status());
      };
    }
    String path =
        "/orgs/"
            + HttpJson.encode(entry.substring(0, colon))
            + "/teams/"
            + HttpJson.encode(entry.substring(colon + 1))
            + "/memberships/"
            + HttpJson.encode(login);
    HttpJson.Answer answer = http.get(api(config.apiUrl(), path), authorization(token));
    return switch (answer.status()) {
      case 200 -> "active".equals(answer.body().path("state").asText(""));
      case 404 -> false;
      default -> throw new SsoException("GitHub " + path + " answered HTTP " + answer.status());
    };
  }

  private static String[] authorization(String token) {
    return new String[] {"Authorization", "Bearer " + token, "X-GitHub-Api-Version", "2022-11-28"};
  }

  private static URI api(URI base, String path) {
    String b = base.toString();
    return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
  }
}
