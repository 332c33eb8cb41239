package dev.ganymede.hub.config;

import java.util.List;
import java.util.Objects;

/**
 * Section {@code auth.trustedHeader}: an authenticating front proxy names the user in a header.
 *
 * @param header the header that carries the user name (default {@code X-Forwarded-User})
 * @param trustedProxies the proxies' addresses as CIDRs ({@code 10.0.0.0/8}, {@code ::1/128}); the
 *     header is believed only from these; required when {@code auth.type} is {@code trusted-header}
 */
public record TrustedHeaderConfig(String header, List<Cidr> trustedProxies) {

  public TrustedHeaderConfig {
    Objects.requireNonNull(header, "header");
    trustedProxies = List.copyOf(trustedProxies);
  }

  public static TrustedHeaderConfig defaults() {
    return new TrustedHeaderConfig("X-Forwarded-User", List.of());
  }
}
