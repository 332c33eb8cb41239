package dev.ganymede.hub.config;

/**
 * Section {@code metrics}: the Prometheus endpoint {@code <base>hub/metrics}.
 *
 * @param authenticated whether a scrape needs read access to metrics (default true, like
 *     JupyterHub's {@code authenticate_prometheus}); false lets anyone who reaches the hub scrape
 */
public record MetricsConfig(boolean authenticated) {

  public static MetricsConfig defaults() {
    return new MetricsConfig(true);
  }
}
