package dev.ganymede.hub.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Section {@code proxy}.
 *
 * @param mode {@code in-process} (default: the proxy runs inside the hub process and shares its
 *     port) or {@code external} (a separate {@code ganymede proxy}, or configurable-http-proxy,
 *     driven over its route API, so that users' servers stay reachable while the hub restarts)
 * @param apiUrl the external proxy's route API ({@code proxy.apiUrl}, default {@code
 *     http://127.0.0.1:8001}); only used in {@code external} mode
 * @param authToken the route API's shared secret ({@code proxy.authToken}, env {@code
 *     GANYMEDE_PROXY_AUTH_TOKEN}); required in {@code external} mode; it also authenticates the
 *     proxy's route authorisation requests to the hub
 * @param checkRoutesInterval how often the hub reconciles the external proxy's routes with its
 *     running servers and reads their activity ({@code proxy.checkRoutesInterval}, default 10 s)
 */
public record ProxyConfig(
    String mode, URI apiUrl, Optional<String> authToken, Duration checkRoutesInterval) {

  public static final String IN_PROCESS = "in-process";
  public static final String EXTERNAL = "external";
  public static final URI DEFAULT_API_URL = URI.create("http://127.0.0.1:8001");
  public static final Duration DEFAULT_CHECK_ROUTES_INTERVAL = Duration.ofSeconds(10);

  public ProxyConfig {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(apiUrl, "apiUrl");
    Objects.requireNonNull(authToken, "authToken");
    Objects.requireNonNull(checkRoutesInterval, "checkRoutesInterval");
  }

  public static ProxyConfig defaults() {
    return new ProxyConfig(
        IN_PROCESS, DEFAULT_API_URL, Optional.empty(), DEFAULT_CHECK_ROUTES_INTERVAL);
  }

  /** Whether the hub drives a proxy in another process. */
  public boolean external() {
    return mode.equals(EXTERNAL);
  }

  public ProxyConfig withExternal(URI api, String token, Duration interval) {
    return new ProxyConfig(EXTERNAL, api, Optional.of(token), interval);
  }

  /** Token omitted so the record can be logged. */
  @Override
  public String toString() {
    return "ProxyConfig[mode="
        + mode
        + ", apiUrl="
        + apiUrl
        + ", authToken="
        + (authToken.isPresent() ? "<set>" : "<unset>")
        + ", checkRoutesInterval="
        + checkRoutesInterval
        + "]";
  }
}
