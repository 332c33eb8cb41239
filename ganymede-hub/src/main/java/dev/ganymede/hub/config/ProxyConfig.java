package dev.ganymede.hub.config;

import java.util.Objects;

/**
 * Section {@code proxy}.
 *
 * @param mode {@code in-process} (the default and, for now, the only mode: the proxy runs inside
 *     the hub process and shares its port)
 */
public record ProxyConfig(String mode) {

  public static final String IN_PROCESS = "in-process";

  public ProxyConfig {
    Objects.requireNonNull(mode, "mode");
  }

  public static ProxyConfig defaults() {
    return new ProxyConfig(IN_PROCESS);
  }
}
