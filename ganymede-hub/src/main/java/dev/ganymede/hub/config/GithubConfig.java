package dev.ganymede.hub.config;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Section {@code auth.github}: sign-in with a GitHub OAuth app.
 *
 * @param clientId the OAuth app's client id; required when {@code auth.type} is {@code github}
 * @param clientSecret the OAuth app's client secret; required with {@code github}
 * @param url GitHub's web address (GitHub Enterprise: your server)
 * @param apiUrl GitHub's REST API (GitHub Enterprise: {@code https://HOST/api/v3})
 * @param allowedOrganizations if non-empty, only members of one of these organizations ({@code
 *     org}) or teams ({@code org:team-slug}) may sign in
 * @param tokenToServer whether the user's GitHub token reaches their server as {@code GITHUB_TOKEN}
 */
public record GithubConfig(
    String clientId,
    Optional<String> clientSecret,
    URI url,
    URI apiUrl,
    Set<String> allowedOrganizations,
    boolean tokenToServer) {

  public GithubConfig {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(apiUrl, "apiUrl");
    allowedOrganizations = Set.copyOf(allowedOrganizations);
  }

  public static GithubConfig defaults() {
    return new GithubConfig(
        "",
        Optional.empty(),
        URI.create("https://github.com"),
        URI.create("https://api.github.com"),
        Set.of(),
        false);
  }

  @Override
  public String toString() {
    return "GithubConfig[clientId="
        + clientId
        + ", clientSecret="
        + (clientSecret.isPresent() ? "<set>" : "<unset>")
        + ", url="
        + url
        + "]";
  }
}
