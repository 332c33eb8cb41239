package dev.ganymede.hub.auth.sso;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.ganymede.hub.auth.AuthOutcome;
import dev.ganymede.hub.auth.Authenticator;
import dev.ganymede.hub.auth.Identity;
import dev.ganymede.hub.auth.LoginAttempt;
import dev.ganymede.hub.config.AuthConfig;
import dev.ganymede.hub.config.CloudflareAccessConfig;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Sign-in behind Cloudflare Access: the {@code Cf-Access-Jwt-Assertion} header must be a JWT signed
 * by one of the team's keys ({@code <teamDomain>/cdn-cgi/access/certs}), issued by the team domain,
 * for the application's audience tag and not expired; its email claim becomes the user name.
 * Thread-safe.
 */
final class CloudflareAccessAuthenticator implements Authenticator {
  static final String HEADER = "Cf-Access-Jwt-Assertion";

  private final CloudflareAccessConfig config;
  private final JwtVerifier verifier;

  CloudflareAccessAuthenticator(CloudflareAccessConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    String team =
        config
            .teamDomain()
            .orElseThrow(
                () -> new IllegalArgumentException("auth.cloudflareAccess.teamDomain is required"))
            .toString();
    team = team.endsWith("/") ? team.substring(0, team.length() - 1) : team;
    this.verifier =
        new JwtVerifier(
            URI.create(team + "/cdn-cgi/access/certs"),
            Optional.of(team),
            config.audience(),
            Set.of("exp", config.usernameClaim()));
  }

  @Override
  public String kind() {
    return AuthConfig.CLOUDFLARE_ACCESS;
  }

  @Override
  public boolean usesPasswordForm() {
    return false;
  }

  @Override
  public Entry entry() {
    return Entry.REQUEST;
  }

  @Override
  public String providerName() {
    return "Cloudflare Access";
  }

  @Override
  public AuthOutcome authenticate(LoginAttempt attempt) {
    Objects.requireNonNull(attempt, "attempt");
    String token = attempt.header(HEADER);
    if (token.isEmpty()) {
      return new AuthOutcome.Rejected("", "no " + HEADER + " header");
    }
    try {
      JWTClaimsSet claims = verifier.verify(token);
      Object name = claims.getClaim(config.usernameClaim());
      if (!(name instanceof String username) || username.isBlank()) {
        return new AuthOutcome.Rejected("", "no text claim '" + config.usernameClaim() + "'");
      }
      return new AuthOutcome.Authenticated(Identity.of(username));
    } catch (SsoException e) {
      return new AuthOutcome.Rejected("", e.getMessage());
    }
  }
}
