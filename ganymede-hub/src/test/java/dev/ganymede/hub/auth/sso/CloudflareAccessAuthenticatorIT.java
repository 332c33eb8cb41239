package dev.ganymede.hub.auth.sso;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.ganymede.hub.auth.AuthOutcome;
import dev.ganymede.hub.auth.Identity;
import dev.ganymede.hub.auth.LoginAttempt;
import dev.ganymede.hub.config.CloudflareAccessConfig;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cloudflare Access assertions against a fake team domain that serves its keys the way Cloudflare
 * does: a JWKS at {@code /cdn-cgi/access/certs}; tokens are RS256 with {@code iss} = the team
 * domain, {@code aud} = [the application's AUD tag], {@code email}, {@code exp}.
 */
class CloudflareAccessAuthenticatorIT {
  private static final String AUD =
      "4714c1358e65fe4b408ad6d432a5f878f08194bdb4752441fd56faefa9b2b6f2";

  private static RSAKey teamKey;
  private static RSAKey strangerKey;
  private static FakeHttpServer team;
  private static CloudflareAccessAuthenticator authenticator;

  @BeforeAll
  static void startTeamDomain() throws Exception {
    teamKey = new RSAKeyGenerator(2048).keyID("team-1").generate();
    strangerKey = new RSAKeyGenerator(2048).keyID("stranger").generate();
    String jwks = new JWKSet(teamKey.toPublicJWK()).toString();
    team =
        new FakeHttpServer()
            .on("/cdn-cgi/access/certs", exchange -> FakeHttpServer.json(exchange, 200, jwks));
    authenticator =
        new CloudflareAccessAuthenticator(
            new CloudflareAccessConfig(Optional.of(team.url()), AUD, "email"));
  }

  @AfterAll
  static void stopTeamDomain() {
    team.close();
  }

  private static String token(RSAKey key, String audience, Instant expiry) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            new JWTClaimsSet.Builder()
                .issuer(team.url().toString())
                .audience(audience)
                .subject("7335d417-61da-459d-899c-0a01c76a2f94")
                .claim("email", "Ada@Example.org")
                .issueTime(new Date())
                .expirationTime(Date.from(expiry))
                .build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static AuthOutcome present(String token) {
    return authenticator.authenticate(
        new LoginAttempt(
            Map.of(), Map.of(), Map.of("Cf-Access-Jwt-Assertion", token), "203.0.113.7"));
  }

  @Test
  void aValidAssertionSignsInAsItsEmail() throws Exception {
    assertThat(present(token(teamKey, AUD, Instant.now().plusSeconds(600))))
        .isEqualTo(new AuthOutcome.Authenticated(Identity.of("Ada@Example.org")));
  }

  @Test
  void anExpiredAssertionIsRefused() throws Exception {
    assertThat(present(token(teamKey, AUD, Instant.now().minusSeconds(600))))
        .isEqualTo(new AuthOutcome.Rejected("", "token rejected: Expired JWT"));
  }

  @Test
  void anAssertionForAnotherApplicationIsRefused() throws Exception {
    AuthOutcome outcome = present(token(teamKey, "another-app", Instant.now().plusSeconds(600)));

    assertThat(outcome).isInstanceOf(AuthOutcome.Rejected.class);
    assertThat(((AuthOutcome.Rejected) outcome).reason()).contains("audience rejected");
  }

  @Test
  void anAssertionSignedWithAnotherKeyIsRefused() throws Exception {
    AuthOutcome outcome = present(token(strangerKey, AUD, Instant.now().plusSeconds(600)));

    assertThat(outcome).isInstanceOf(AuthOutcome.Rejected.class);
    assertThat(((AuthOutcome.Rejected) outcome).reason()).startsWith("token rejected");
  }

  @Test
  void aRequestWithoutTheHeaderIsRefused() {
    assertThat(
            authenticator.authenticate(
                new LoginAttempt(Map.of(), Map.of(), Map.of(), "203.0.113.7")))
        .isEqualTo(new AuthOutcome.Rejected("", "no Cf-Access-Jwt-Assertion header"));
  }
}
