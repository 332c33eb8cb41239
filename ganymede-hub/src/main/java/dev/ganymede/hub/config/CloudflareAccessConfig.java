package dev.ganymede.hub.config;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Section {@code auth.cloudflareAccess}: the hub sits behind Cloudflare Access, which signs each
 * request's {@code Cf-Access-Jwt-Assertion} header.
 *
 * @param teamDomain the team's address, such as {@code https://myteam.cloudflareaccess.com}; its
 *     keys are at {@code <teamDomain>/cdn-cgi/access/certs}
 * @param audience the application's audience tag (AUD)
 * @param usernameClaim the claim that becomes the user name (default {@code email})
 */
public record CloudflareAccessConfig(
    Optional<URI> teamDomain, String audience, String usernameClaim) {

  public CloudflareAccessConfig {
    Objects.requireNonNull(teamDomain, "teamDomain");
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(usernameClaim, "usernameClaim");
  }

  public static CloudflareAccessConfig defaults() {
    return new CloudflareAccessConfig(Optional.empty(), "", "email");
  }
}
