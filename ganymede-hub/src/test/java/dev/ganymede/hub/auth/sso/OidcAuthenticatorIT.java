package dev.ganymede.hub.auth.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import dev.ganymede.hub.auth.AuthOutcome;
import dev.ganymede.hub.auth.Identity;
import dev.ganymede.hub.auth.LoginAttempt;
import dev.ganymede.hub.config.OidcConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OpenID Connect sign-ins against mock-oauth2-server (a real provider on loopback). */
class OidcAuthenticatorIT {
  private static final String ISSUER_ID = "lab";
  private static final String CLIENT = "ganymede-hub";
  private static final URI CALLBACK = URI.create("http://127.0.0.1:1/hub/oauth_callback");
  private static final URI SIGNED_OUT = URI.create("http://127.0.0.1:1/hub/login?signed_out=1");

  private static MockOAuth2Server provider;

  @BeforeAll
  static void startProvider() {
    provider = new MockOAuth2Server();
    provider.start();
  }

  @AfterAll
  static void stopProvider() {
    provider.shutdown();
  }

  private static URI issuer() {
    return provider.issuerUrl(ISSUER_ID).uri();
  }

  private static OidcConfig config(
      Set<String> allowedGroups,
      Set<String> adminGroups,
      boolean tokensToServer,
      Optional<Duration> refreshAfter) {
    OidcConfig d = OidcConfig.defaults();
    return new OidcConfig(
        Optional.of(issuer()),
        CLIENT,
        Optional.of("secret"),
        d.scopes(),
        d.usernameClaim(),
        d.groupsClaim(),
        allowedGroups,
        adminGroups,
        "Lab",
        true,
        false,
        tokensToServer,
        refreshAfter);
  }

  private static OidcAuthenticator authenticator(Set<String> allowed, Set<String> admins) {
    return authenticator(config(allowed, admins, false, Optional.empty()), SignInTokens.inMemory());
  }

  private static OidcAuthenticator authenticator(OidcConfig config, SignInTokens tokens) {
    return new OidcAuthenticator(
        config,
        CALLBACK,
        SIGNED_OUT,
        new HttpJson(Duration.ofSeconds(5)),
        new OAuthStates(Clock.systemUTC()),
        tokens);
  }

  private static void nextToken(List<String> audience, Map<String, Object> claims, long expiry) {
    provider.enqueueCallback(
        new DefaultOAuth2TokenCallback(ISSUER_ID, "subject-1", "JWT", audience, claims, expiry));
  }

  @Test
  void signsInWithTheUsernameAndGroupsOfTheIdTokenAndMakesAdminGroupsAdmins() {
    nextToken(
        null, Map.of("preferred_username", "Alice", "groups", List.of("staff", "physics")), 3600);

    AuthOutcome outcome = OAuthBrowser.signIn(authenticator(Set.of("physics"), Set.of("staff")));

    assertThat(outcome)
        .isEqualTo(
            new AuthOutcome.Authenticated(
                new Identity("Alice", Set.of("staff", "physics"), Optional.of(true))));
  }

  @Test
  void sendsTheBrowserToTheProviderWithPkceStateAndNonce() {
    AuthOutcome start =
        authenticator(Set.of(), Set.of())
            .authenticate(new LoginAttempt(Map.of(), Map.of(), Map.of(), "127.0.0.1"));

    URI location = ((AuthOutcome.Redirect) start).location();
    assertThat(location.toString()).startsWith(issuer() + "/authorize?");
    assertThat(OAuthBrowser.query(location))
        .containsEntry("response_type", "code")
        .containsEntry("client_id", CLIENT)
        .containsEntry("redirect_uri", CALLBACK.toString())
        .containsEntry("code_challenge_method", "S256")
        .containsKeys("state", "nonce", "code_challenge");
  }

  @Test
  void refusesAnExpiredIdToken() {
    nextToken(null, Map.of("preferred_username", "bob"), -600);

    assertThat(OAuthBrowser.signIn(authenticator(Set.of(), Set.of())))
        .isEqualTo(new AuthOutcome.Rejected("", "token rejected: Expired JWT"));
  }

  @Test
  void refusesAnIdTokenForAnotherAudience() {
    // mock-oauth2-server always makes the code flow's ID token for the client, so this token
    // is issued directly and checked by the same verifier the flow uses
    SignedJWT forAnotherApp =
        provider.issueToken(
            ISSUER_ID,
            CLIENT,
            new DefaultOAuth2TokenCallback(
                ISSUER_ID, "s", "JWT", List.of("another-app"), Map.of(), 3600));

    assertThatThrownBy(() -> verifier().verify(forAnotherApp.serialize()))
        .isInstanceOf(SsoException.class)
        .hasMessageContaining("audience rejected");
  }

  private static JwtVerifier verifier() {
    OidcProvider discovered = OidcProvider.discover(new HttpJson(Duration.ofSeconds(5)), issuer());
    return new JwtVerifier(
        discovered.jwksUri(), Optional.of(discovered.issuer()), CLIENT, Set.of("sub"));
  }

  @Test
  void refusesAnIdTokenWithoutTheGroupsClaimWhenGroupsAreRequired() {
    nextToken(null, Map.of("preferred_username", "carol"), 3600);

    assertThat(OAuthBrowser.signIn(authenticator(Set.of("physics"), Set.of())))
        .isEqualTo(new AuthOutcome.Rejected("carol", "ID token has no 'groups' claim"));
  }

  @Test
  void refusesAMemberOfNoAllowedGroup() {
    nextToken(null, Map.of("preferred_username", "dave", "groups", List.of("chemistry")), 3600);

    assertThat(OAuthBrowser.signIn(authenticator(Set.of("physics"), Set.of())))
        .isEqualTo(new AuthOutcome.Rejected("dave", "not in an allowed group"));
  }

  @Test
  void refusesACallbackWhoseStateBelongsToAnotherBrowser() {
    assertThat(OAuthBrowser.signIn(authenticator(Set.of(), Set.of()), "someone-elses-state"))
        .isEqualTo(new AuthOutcome.Rejected("", "state does not belong to this browser"));
  }

  @Test
  void refusesACallbackReplayedAfterItsSignIn() {
    nextToken(null, Map.of("preferred_username", "erin"), 3600);
    OidcAuthenticator authenticator = authenticator(Set.of(), Set.of());
    Map<String, String> callback = OAuthBrowser.toProvider(authenticator);
    LoginAttempt attempt =
        new LoginAttempt(
            Map.of(),
            callback,
            Map.of("cookie", OAuthStates.COOKIE + "=" + callback.get("state")),
            "127.0.0.1");

    assertThat(authenticator.authenticate(attempt)).isInstanceOf(AuthOutcome.Authenticated.class);
    assertThat(authenticator.authenticate(attempt))
        .isEqualTo(new AuthOutcome.Rejected("", "unknown or already used state"));
  }

  @Test
  void reportsTheProvidersErrorOnTheCallback() {
    assertThat(
            authenticator(Set.of(), Set.of())
                .authenticate(
                    new LoginAttempt(
                        Map.of(), Map.of("error", "access_denied"), Map.of(), "127.0.0.1")))
        .isEqualTo(new AuthOutcome.Rejected("", "provider refused: access_denied"));
  }

  @Test
  void refusesAnIdTokenSignedWithAnotherKeyOrAlteredAfterSigning() throws Exception {
    OidcProvider discovered = OidcProvider.discover(new HttpJson(Duration.ofSeconds(5)), issuer());
    JwtVerifier verifier =
        new JwtVerifier(
            discovered.jwksUri(), Optional.of(discovered.issuer()), CLIENT, Set.of("sub"));
    SignedJWT genuine =
        provider.issueToken(
            ISSUER_ID,
            CLIENT,
            new DefaultOAuth2TokenCallback(ISSUER_ID, "s", "JWT", List.of(CLIENT), Map.of(), 3600));
    assertThat(verifier.verify(genuine.serialize()).getSubject()).isEqualTo("s");

    String[] parts = genuine.serialize().split("\\.");
    String altered =
        parts[0]
            + "."
            + Base64URL.encode(
                genuine
                    .getPayload()
                    .toString()
                    .replace("\"sub\":\"s\"", "\"sub\":\"admin\"")
                    .getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    assertThatThrownBy(() -> verifier.verify(altered))
        .isInstanceOf(SsoException.class)
        .hasMessageContaining("Invalid signature");

    MockOAuth2Server other = new MockOAuth2Server();
    other.start();
    try {
      SignedJWT foreign =
          other.issueToken(
              ISSUER_ID,
              CLIENT,
              new DefaultOAuth2TokenCallback(
                  ISSUER_ID, "s", "JWT", List.of(CLIENT), Map.of(), 3600));
      assertThatThrownBy(() -> verifier.verify(foreign.serialize()))
          .isInstanceOf(SsoException.class)
          .hasMessageContaining("token rejected");
    } finally {
      other.shutdown();
    }
  }

  @Test
  void signsOutThroughTheProvidersEndSessionEndpoint() {
    Optional<URI> location = authenticator(Set.of(), Set.of()).signOutLocation();

    assertThat(location).isPresent();
    assertThat(location.get().toString()).startsWith(issuer() + "/endsession?");
    assertThat(OAuthBrowser.query(location.get()))
        .containsEntry("client_id", CLIENT)
        .containsEntry("post_logout_redirect_uri", SIGNED_OUT.toString());
  }

  @Test
  void keepsTheProvidersTokensForTheUsersServerWhenConfigured() {
    SignInTokens tokens = SignInTokens.inMemory();
    nextToken(null, Map.of("preferred_username", "Carol"), 3600);

    AuthOutcome outcome =
        OAuthBrowser.signIn(
            authenticator(config(Set.of(), Set.of(), true, Optional.empty()), tokens));

    assertThat(outcome).isInstanceOf(AuthOutcome.Authenticated.class);
    Map<String, String> environment = tokens.environmentFor("carol");
    assertThat(environment).containsKeys("OIDC_ACCESS_TOKEN", "OIDC_ID_TOKEN");
    assertThat(environment.get("OIDC_ID_TOKEN").split("\\.")).hasSize(3);
    assertThat(environment.keySet()).allMatch(name -> name.startsWith("OIDC_"));
  }

  @Test
  void keepsNoTokensForServersByDefault() {
    SignInTokens tokens = SignInTokens.inMemory();
    nextToken(null, Map.of("preferred_username", "dave"), 3600);

    OAuthBrowser.signIn(
        authenticator(
            config(Set.of(), Set.of(), false, Optional.of(Duration.ofMinutes(5))), tokens));

    assertThat(tokens.environmentFor("dave")).isEmpty();
  }

  @Test
  void reconfirmsASignInWithTheRefreshTokenAndRechecksTheGroups() {
    SignInTokens tokens = SignInTokens.inMemory();
    OidcAuthenticator authenticator =
        authenticator(
            config(Set.of("physics"), Set.of(), false, Optional.of(Duration.ofMinutes(5))), tokens);
    nextToken(null, Map.of("preferred_username", "erin", "groups", List.of("physics")), 3600);
    assertThat(OAuthBrowser.signIn(authenticator)).isInstanceOf(AuthOutcome.Authenticated.class);

    assertThat(authenticator.reconfirm("erin"))
        .hasValueSatisfying(identity -> assertThat(identity.groups()).containsExactly("physics"));
    assertThat(authenticator.reconfirm("someone-else")).isEmpty();
  }

  @Test
  void aRefreshReportingNoAllowedGroupDoesNotReconfirmTheSignIn() {
    SignInTokens tokens = SignInTokens.inMemory();
    OidcAuthenticator authenticator =
        authenticator(
            config(Set.of("physics"), Set.of(), false, Optional.of(Duration.ofMinutes(5))), tokens);
    nextToken(null, Map.of("preferred_username", "frank", "groups", List.of("physics")), 3600);
    assertThat(OAuthBrowser.signIn(authenticator)).isInstanceOf(AuthOutcome.Authenticated.class);

    nextToken(null, Map.of("preferred_username", "frank", "groups", List.of("chemistry")), 3600);

    assertThat(authenticator.reconfirm("frank")).isEmpty();
  }

  @Test
  void aRefreshTokenTheProviderRefusesDoesNotReconfirmTheSignIn() {
    SignInTokens tokens = SignInTokens.inMemory();
    tokens.put("gina", Map.of(SignInTokens.OIDC_REFRESH, "a-token-the-provider-never-issued"));

    assertThat(
            authenticator(
                    config(Set.of(), Set.of(), false, Optional.of(Duration.ofMinutes(5))), tokens)
                .reconfirm("gina"))
        .isEmpty();
  }
}
