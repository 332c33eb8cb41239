package dev.ganymede.proxy;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the reverse proxy, with defaults next to the fields.
 *
 * @param connectTimeout how long to wait for a connection to the target (TCP connect, or a free
 *     pooled connection); afterwards the client gets {@link ProxyFailure#TARGET_UNAVAILABLE}.
 *     Default 5 s.
 * @param responseTimeout how long to wait for the target's response headers once the request
 *     (including its body) has been sent; afterwards the client gets {@link
 *     ProxyFailure#TARGET_TIMEOUT}. Response bodies and WebSocket connections are never cut by this
 *     timeout. Default 5 min (a Jupyter server may take long to save a big notebook).
 * @param maxConnectionsPerTarget bound of the keep-alive connection pool per target ({@code
 *     host:port}); a browser page of JupyterLab opens dozens of parallel requests. WebSocket
 *     connections leave the pool once upgraded and are not counted. Default 64.
 * @param maxWaitQueuePerTarget how many requests may wait for a pooled connection per target before
 *     new ones fail fast with {@link ProxyFailure#TARGET_UNAVAILABLE}. Default 1024.
 * @param keepAliveTimeout how long an idle pooled connection is kept; shorter than the targets' own
 *     idle timeout (tornado's is one hour) so that the proxy, not the target, closes idle
 *     connections and no request races a closing connection. Whole seconds, at least one. Default
 *     60 s.
 * @param xForwardedHeaders whether to append {@code X-Forwarded-For/-Port/-Proto} and set {@code
 *     X-Forwarded-Host} (like configurable-http-proxy unless {@code --no-x-forward}). Default true.
 * @param preserveHost whether the target sees the client's {@code Host} header (true, like
 *     configurable-http-proxy's default) or the target's own {@code host:port} (false, like {@code
 *     --change-origin}). Default true.
 * @param hostRouting whether requests are routed by their {@code Host} then their path, as with
 *     configurable-http-proxy's {@code --host-routing} (see {@link RoutingKey}). Default false.
 * @param targetTls trust and client certificate for {@code https} targets. Default the JVM's trust
 *     store and no client certificate ({@link TargetTls#SYSTEM_TRUST}).
 */
public record ProxyOptions(
    Duration connectTimeout,
    Duration responseTimeout,
    int maxConnectionsPerTarget,
    int maxWaitQueuePerTarget,
    Duration keepAliveTimeout,
    boolean xForwardedHeaders,
    boolean preserveHost,
    boolean hostRouting,
    TargetTls targetTls) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofMinutes(5);
  public static final int DEFAULT_MAX_CONNECTIONS_PER_TARGET = 64;
  public static final int DEFAULT_MAX_WAIT_QUEUE_PER_TARGET = 1024;
  public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration MAX_DURATION = Duration.ofDays(1);

  /** Validates every field; an invalid value names the field and what is allowed. */
  public ProxyOptions {
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(responseTimeout, "responseTimeout");
    requirePositive(keepAliveTimeout, "keepAliveTimeout");
    if (keepAliveTimeout.toSeconds() < 1) {
      throw new IllegalArgumentException(
          "keepAliveTimeout must be at least 1 second, was " + keepAliveTimeout);
    }
    if (maxConnectionsPerTarget < 1) {
      throw new IllegalArgumentException(
          "maxConnectionsPerTarget must be at least 1, was " + maxConnectionsPerTarget);
    }
    Objects.requireNonNull(targetTls, "targetTls");
    if (maxWaitQueuePerTarget < 0) {
      throw new IllegalArgumentException(
          "maxWaitQueuePerTarget must be 0 or more, was " + maxWaitQueuePerTarget);
    }
  }

  /** Every field at its default. */
  public static ProxyOptions defaults() {
    return new ProxyOptions(
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_RESPONSE_TIMEOUT,
        DEFAULT_MAX_CONNECTIONS_PER_TARGET,
        DEFAULT_MAX_WAIT_QUEUE_PER_TARGET,
        DEFAULT_KEEP_ALIVE_TIMEOUT,
        true,
        true,
        false,
        TargetTls.SYSTEM_TRUST);
  }

  public ProxyOptions withConnectTimeout(Duration value) {
    Copy copy = new Copy(this);
    copy.connectTimeout = value;
    return copy.build();
  }

  public ProxyOptions withResponseTimeout(Duration value) {
    Copy copy = new Copy(this);
    copy.responseTimeout = value;
    return copy.build();
  }

  public ProxyOptions withMaxConnectionsPerTarget(int value) {
    Copy copy = new Copy(this);
    copy.maxConnectionsPerTarget = value;
    return copy.build();
  }

  public ProxyOptions withMaxWaitQueuePerTarget(int value) {
    Copy copy = new Copy(this);
    copy.maxWaitQueuePerTarget = value;
    return copy.build();
  }

  public ProxyOptions withKeepAliveTimeout(Duration value) {
    Copy copy = new Copy(this);
    copy.keepAliveTimeout = value;
    return copy.build();
  }

  public ProxyOptions withXForwardedHeaders(boolean value) {
    Copy copy = new Copy(this);
    copy.xForwardedHeaders = value;
    return copy.build();
  }

  public ProxyOptions withPreserveHost(boolean value) {
    Copy copy = new Copy(this);
    copy.preserveHost = value;
    return copy.build();
  }

  public ProxyOptions withHostRouting(boolean value) {
    Copy copy = new Copy(this);
    copy.hostRouting = value;
    return copy.build();
  }

  public ProxyOptions withTargetTls(TargetTls value) {
    Copy copy = new Copy(this);
    copy.targetTls = value;
    return copy.build();
  }

  /** The fields of an instance, to change one and build a new one (checked by the constructor). */
  private static final class Copy {
    private Duration connectTimeout;
    private Duration responseTimeout;
    private int maxConnectionsPerTarget;
    private int maxWaitQueuePerTarget;
    private Duration keepAliveTimeout;
    private boolean xForwardedHeaders;
    private boolean preserveHost;
    private boolean hostRouting;
    private TargetTls targetTls;

    private Copy(ProxyOptions from) {
      connectTimeout = from.connectTimeout;
      responseTimeout = from.responseTimeout;
      maxConnectionsPerTarget = from.maxConnectionsPerTarget;
      maxWaitQueuePerTarget = from.maxWaitQueuePerTarget;
      keepAliveTimeout = from.keepAliveTimeout;
      xForwardedHeaders = from.xForwardedHeaders;
      preserveHost = from.preserveHost;
      hostRouting = from.hostRouting;
      targetTls = from.targetTls;
    }

    private ProxyOptions build() {
      return new ProxyOptions(
          connectTimeout,
          responseTimeout,
          maxConnectionsPerTarget,
          maxWaitQueuePerTarget,
          keepAliveTimeout,
          xForwardedHeaders,
          preserveHost,
          hostRouting,
          targetTls);
    }
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero() || value.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          name + " must be a positive duration of at most " + MAX_DURATION + ", was " + value);
    }
  }
}
