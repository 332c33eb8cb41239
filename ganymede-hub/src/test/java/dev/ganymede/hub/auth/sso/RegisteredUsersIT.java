package dev.ganymede.hub.auth.sso;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ganymede.hub.auth.AuthOutcome;
import dev.ganymede.hub.auth.Authenticator;
import dev.ganymede.hub.auth.Identity;
import dev.ganymede.hub.auth.LoginAttempt;
import dev.ganymede.hub.config.RegisteredUsersConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registered-users check against a fake registry that answers like DANDI's user search ({@code
 * GET /api/users/search/?username=NAME}: 200 with a JSON list of matching users, each with {@code
 * username}; token in {@code Authorization: token ...}) and a second registry that answers 404 for
 * unknown users and 200 {@code {"user":{"login":...}}} for known ones.
 */
class RegisteredUsersIT {
  private static final String TOKEN = "token s3cret";
  private static FakeHttpServer registry;

  @BeforeAll
  static void startRegistry() {
    registry =
        new FakeHttpServer()
            .on(
                "/api/users/search/",
                exchange -> {
                  if (!TOKEN.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    FakeHttpServer.json(exchange, 401, "{\"detail\":\"no token\"}");
                    return;
                  }
                  String query = exchange.getRequestURI().getQuery();
                  String body =
                      query.equals("username=alice")
                          ? "[{\"username\":\"Alice\",\"name\":\"A\"},{\"username\":\"alice2\"}]"
                          : query.equals("username=alic")
                              ? "[{\"username\":\"alice\"}]" // search is by prefix
                              : "[]";
                  FakeHttpServer.json(exchange, 200, body);
                })
            .on(
                "/second/",
                exchange -> {
                  if (exchange.getRequestURI().getPath().equals("/second/bob")) {
                    FakeHttpServer.json(exchange, 200, "{\"user\":{\"login\":\"bob\"}}");
                  } else {
                    FakeHttpServer.status(exchange, 404);
                  }
                })
            .on("/broken/", exchange -> FakeHttpServer.status(exchange, 503));
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  private static Authenticator checked(List<String> paths, String jsonPath) {
    Authenticator provider =
        new Authenticator() {
          @Override
          public String kind() {
            return "test";
          }

          @Override
          public boolean usesPasswordForm() {
            return false;
          }

          @Override
          public AuthOutcome authenticate(LoginAttempt attempt) {
            return new AuthOutcome.Authenticated(Identity.of(attempt.parameter("user")));
          }
        };
    RegisteredUsersConfig config =
        new RegisteredUsersConfig(
            paths.stream().map(p -> registry.url() + p).toList(),
            "Authorization",
            Optional.of(TOKEN),
            jsonPath,
            Duration.ofSeconds(5));
    return new RegisteredUsersAuthenticator(
        provider, new RegisteredUsers(config, new HttpJson(config.timeout())), Set.of("root"));
  }

  private static AuthOutcome signIn(Authenticator authenticator, String user) {
    return authenticator.authenticate(
        new LoginAttempt(Map.of(), Map.of("user", user), Map.of(), "127.0.0.1"));
  }

  @Test
  void admitsAUserTheRegistryNamesIgnoringCase() {
    assertThat(
            signIn(checked(List.of("/api/users/search/?username={username}"), "username"), "alice"))
        .isEqualTo(new AuthOutcome.Authenticated(Identity.of("alice")));
  }

  @Test
  void refusesAUserWhoseNameOnlyResemblesARegisteredOne() {
    assertThat(
            signIn(checked(List.of("/api/users/search/?username={username}"), "username"), "alic"))
        .isEqualTo(new AuthOutcome.Rejected("alic", "not a registered user"));
  }

  @Test
  void asksTheNextRegistryWhenTheFirstDoesNotKnowTheUser() {
    Authenticator authenticator =
        checked(
            List.of("/api/users/search/?username={username}", "/second/{username}"), "user.login");
    assertThat(signIn(authenticator, "bob"))
        .isEqualTo(new AuthOutcome.Authenticated(Identity.of("bob")));
    assertThat(signIn(authenticator, "mallory"))
        .isEqualTo(new AuthOutcome.Rejected("mallory", "not a registered user"));
  }

  @Test
  void refusesWhenARegistryFailsOrCannotBeReached() {
    AuthOutcome broken = signIn(checked(List.of("/broken/{username}"), "username"), "alice");
    assertThat(broken)
        .isEqualTo(
            new AuthOutcome.Rejected(
                "alice",
                "registered-users check failed: " + registry.url() + " answered HTTP 503"));

    RegisteredUsersConfig unreachable =
        new RegisteredUsersConfig(
            List.of("http://127.0.0.1:1/{username}"),
            "Authorization",
            Optional.empty(),
            "username",
            Duration.ofSeconds(2));
    AuthOutcome outcome =
        new RegisteredUsers(unreachable, new HttpJson(unreachable.timeout()))
                .check("alice")
                .registered()
            ? new AuthOutcome.Authenticated(Identity.of("alice"))
            : new AuthOutcome.Rejected("alice", "refused");
    assertThat(outcome).isInstanceOf(AuthOutcome.Rejected.class);
  }

  @Test
  void configuredAdminsSkipTheCheck() {
    assertThat(signIn(checked(List.of("/broken/{username}"), "username"), "Root"))
        .isEqualTo(new AuthOutcome.Authenticated(Identity.of("Root")));
  }

  @Test
  void sendsTheConfiguredTokenAndTheEncodedName() {
    signIn(checked(List.of("/api/users/search/?username={username}"), "username"), "a b&c");
    assertThat(registry.received())
        .anySatisfy(
            r -> {
              assertThat(r.query()).isEqualTo("username=a+b%26c");
              assertThat(r.authorization()).isEqualTo(TOKEN);
            });
  }
}
