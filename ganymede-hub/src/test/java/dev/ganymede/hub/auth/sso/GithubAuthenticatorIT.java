package dev.ganymede.hub.auth.sso;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ganymede.hub.auth.AuthOutcome;
import dev.ganymede.hub.auth.Identity;
import dev.ganymede.hub.config.GithubConfig;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GitHub sign-in against a fake GitHub that answers like github.com and api.github.com: {@code GET
 * /login/oauth/authorize} redirects back at once with {@code code} and {@code state} (as for a user
 * who already authorised the app); {@code POST /login/oauth/access_token} answers 200 JSON {@code
 * access_token} (or 200 {@code {"error":"bad_verification_code"}}); {@code GET /api/user} answers
 * {@code login}; {@code /api/orgs/ORG/members/LOGIN} 204 or 404; {@code
 * /api/orgs/ORG/teams/TEAM/memberships/LOGIN} 200 {@code {"state":"active"}} or 404.
 */
class GithubAuthenticatorIT {
  private static final URI CALLBACK = URI.create("http://127.0.0.1:1/hub/oauth_callback");
  private static final Map<String, String> LOGIN_BY_CODE = new ConcurrentHashMap<>();
  private static FakeHttpServer github;
  private static volatile String nextLogin; // the user who "signs in" at the fake GitHub

  @BeforeAll
  static void startGithub() {
    github =
        new FakeHttpServer()
            .on(
                "/login/oauth/authorize",
                exchange -> {
                  Map<String, String> q = OAuthBrowser.query(exchange.getRequestURI());
                  String code = "code-" + q.get("state").substring(0, 8);
                  LOGIN_BY_CODE.put(code, nextLogin);
                  exchange
                      .getResponseHeaders()
                      .set(
                          "Location",
                          q.get("redirect_uri") + "?code=" + code + "&state=" + q.get("state"));
                  FakeHttpServer.status(exchange, 302);
                })
            .on(
                "/login/oauth/access_token",
                exchange -> {
                  String form = github.received().getLast().body();
                  String code = OAuthBrowser.query(URI.create("x:/?" + form)).get("code");
                  String login = LOGIN_BY_CODE.remove(code);
                  FakeHttpServer.json(
                      exchange,
                      200,
                      login == null || !form.contains("client_secret=app-secret")
                          ? "{\"error\":\"bad_verification_code\"}"
                          : "{\"access_token\":\"gho_" + login + "\",\"token_type\":\"bearer\"}");
                })
            .on(
                "/api/user",
                exchange -> {
                  String auth = exchange.getRequestHeaders().getFirst("Authorization");
                  FakeHttpServer.json(
                      exchange,
                      200,
                      "{\"login\":\"" + auth.substring("Bearer gho_".length()) + "\"}");
                })
            .on(
                "/api/orgs/",
                exchange -> {
                  String path = exchange.getRequestURI().getPath();
                  switch (path) {
                    case "/api/orgs/lab/members/octocat" -> FakeHttpServer.status(exchange, 204);
                    case "/api/orgs/uni/teams/staff/memberships/hubot" ->
                        FakeHttpServer.json(
                            exchange, 200, "{\"state\":\"active\",\"role\":\"member\"}");
                    case "/api/orgs/uni/teams/staff/memberships/newbie" ->
                        FakeHttpServer.json(exchange, 200, "{\"state\":\"pending\"}");
                    default -> FakeHttpServer.json(exchange, 404, "{\"message\":\"Not Found\"}");
                  }
                });
  }

  @AfterAll
  static void stopGithub() {
    github.close();
  }

  private static GithubAuthenticator authenticator(Set<String> orgs, SignInTokens tokens) {
    return new GithubAuthenticator(
        new GithubConfig(
            "app-id",
            Optional.of("app-secret"),
            github.url(),
            URI.create(github.url() + "/api"),
            orgs,
            true),
        CALLBACK,
        new HttpJson(Duration.ofSeconds(5)),
        new OAuthStates(Clock.systemUTC()),
        tokens);
  }

  private static AuthOutcome signInAs(String login, GithubAuthenticator authenticator) {
    LOGIN_BY_CODE.clear();
    nextLogin = login;
    return OAuthBrowser.signIn(authenticator);
  }

  @Test
  void signsInAMemberOfAnAllowedOrganizationAndKeepsTheTokenForTheirServer() {
    SignInTokens tokens = SignInTokens.inMemory();

    AuthOutcome outcome = signInAs("octocat", authenticator(Set.of("lab", "uni:staff"), tokens));

    assertThat(outcome)
        .isEqualTo(
            new AuthOutcome.Authenticated(
                new Identity("octocat", Set.of("lab"), Optional.empty())));
    assertThat(tokens.environmentFor("octocat"))
        .containsExactly(Map.entry("GITHUB_TOKEN", "gho_octocat"));
    assertThat(tokens.environmentFor("hubot")).isEmpty();
  }

  @Test
  void signsInAnActiveTeamMember() {
    assertThat(signInAs("hubot", authenticator(Set.of("uni:staff"), SignInTokens.inMemory())))
        .isEqualTo(
            new AuthOutcome.Authenticated(
                new Identity("hubot", Set.of("uni:staff"), Optional.empty())));
  }

  @Test
  void refusesSomeoneInNoAllowedOrganizationOrOnlyInvitedToTheTeam() {
    assertThat(
            signInAs(
                "stranger", authenticator(Set.of("lab", "uni:staff"), SignInTokens.inMemory())))
        .isEqualTo(new AuthOutcome.Rejected("stranger", "not in an allowed organization or team"));
    assertThat(signInAs("newbie", authenticator(Set.of("uni:staff"), SignInTokens.inMemory())))
        .isEqualTo(new AuthOutcome.Rejected("newbie", "not in an allowed organization or team"));
  }

  @Test
  void withoutAllowedOrganizationsAnyGithubUserSignsIn() {
    assertThat(signInAs("anyone", authenticator(Set.of(), SignInTokens.inMemory())))
        .isEqualTo(new AuthOutcome.Authenticated(Identity.of("anyone")));
  }
}
