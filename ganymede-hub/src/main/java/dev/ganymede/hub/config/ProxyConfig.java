package dev.ganymede.hub.config;

import dev.ganymede.proxy.TargetTls;
import java.net.URI;
import java.nio.file.Path;
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
 * @param apiCa PEM file of the CAs to trust for an {@code https} route API instead of the JVM's
 *     trust store ({@code proxy.apiCa})
 * @param apiClientCert PEM certificate chain the hub presents to a route API that asks for one
 *     ({@code proxy.apiClientCert}, with {@code apiClientKey})
 * @param apiClientKey PEM private key of {@code apiClientCert} ({@code proxy.apiClientKey})
 */
public record ProxyConfig(
    String mode,
    URI apiUrl,
    Optional<String> authToken,
    Duration checkRoutesInterval,
    Optional<Path> apiCa,
    Optional<Path> apiClientCert,
    Optional<Path> apiClientKey) {

  public static final String IN_PROCESS = "in-process";
  public static final String EXTERNAL = "external";
  public static final URI DEFAULT_API_URL = URI.create("http://127.0.0.1:8001");
  public static final Duration DEFAULT_CHECK_ROUTES_INTERVAL = Duration.ofSeconds(10);

  public ProxyConfig {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(apiUrl, "apiUrl");
    Objects.requireNonNull(authToken, "authToken");
    Objects.requireNonNull(checkRoutesInterval, "checkRoutesInterval");
    Objects.requireNonNull(apiCa, "apiCa");
    Objects.requireNonNull(apiClientCert, "apiClientCert");
    Objects.requireNonNull(apiClientKey, "apiClientKey");
  }

  public static ProxyConfig defaults() {
    return new ProxyConfig(
        IN_PROCESS,
        DEFAULT_API_URL,
        Optional.empty(),
        DEFAULT_CHECK_ROUTES_INTERVAL,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** Whether the hub drives a proxy in another process. */
  public boolean external() {
    return mode.equals(EXTERNAL);
  }

  public ProxyConfig withExternal(URI api, String token, Duration interval) {
    return new ProxyConfig(
        EXTERNAL, api, Optional.of(token), interval, apiCa, apiClientCert, apiClientKey);
  }

  /**
   * How the hub speaks TLS to an {@code https} route API: the trust and client certificate given
   * (checked to go together by the loader's rules).
   */
  public TargetTls apiTls() {
    TargetTls tls = apiCa.map(TargetTls.SYSTEM_TRUST::trusting).orElse(TargetTls.SYSTEM_TRUST);
    if (apiClientCert.isPresent() && apiClientKey.isPresent()) {
      tls = tls.presenting(apiClientCert.get(), apiClientKey.get());
    }
    return tls;
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
        + ", apiCa="
        + apiCa
        + ", apiClientCert="
        + apiClientCert
        + ", apiClientKey="
        + apiClientKey
        + "]";
  }
}
