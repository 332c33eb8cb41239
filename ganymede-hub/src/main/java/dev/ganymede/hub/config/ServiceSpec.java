package dev.ganymede.hub.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A service from {@code api.services}: a program that uses the REST API (an external idle culler, a
 * grading script) with its own token and scopes.
 *
 * @param apiToken the token the service authenticates with (at least 8 characters; a secret)
 * @param scopes what the service may do (scopes, with filters)
 * @param url where the service runs, if it has a web interface (informational)
 */
public record ServiceSpec(
    String name, Optional<String> apiToken, List<String> scopes, Optional<String> url) {
  public ServiceSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(apiToken, "apiToken");
    scopes = List.copyOf(scopes);
    Objects.requireNonNull(url, "url");
  }

  @Override
  public String toString() {
    return "ServiceSpec[name=" + name + ", scopes=" + scopes + "]";
  }
}
