package dev.ganymede.hub.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Section {@code culler}: the built-in idle culler, configured like jupyterhub-idle-culler.
 *
 * @param enabled whether idle servers are stopped at all (default false)
 * @param timeout a server idle this long is stopped ({@code --timeout}, default 600 s)
 * @param every how often to look ({@code --cull-every}; empty means half the timeout)
 * @param maxAge servers older than this are stopped even if active ({@code --max-age}; empty means
 *     no limit)
 * @param concurrency how many servers are stopped at the same time ({@code --concurrency}, default
 *     10)
 * @param cullUsers also delete users that are idle for the timeout and have no running server
 *     ({@code --cull-users}, default false)
 * @param removeNamedServers delete named servers rather than only stopping them ({@code
 *     --remove-named-servers}, default false)
 * @param cullAdminUsers whether {@code cullUsers} applies to administrators ({@code
 *     --cull-admin-users}, default true)
 */
public record CullerConfig(
    boolean enabled,
    Duration timeout,
    Optional<Duration> every,
    Optional<Duration> maxAge,
    int concurrency,
    boolean cullUsers,
    boolean removeNamedServers,
    boolean cullAdminUsers) {

  public CullerConfig {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(every, "every");
    Objects.requireNonNull(maxAge, "maxAge");
  }

  public static CullerConfig defaults() {
    return new CullerConfig(
        false, Duration.ofMinutes(10), Optional.empty(), Optional.empty(), 10, false, false, true);
  }

  /** The check interval: {@link #every} or half the timeout. */
  public Duration interval() {
    return every.orElse(timeout.dividedBy(2));
  }

  public CullerConfig withEnabled(boolean value) {
    return new CullerConfig(
        value, timeout, every, maxAge, concurrency, cullUsers, removeNamedServers, cullAdminUsers);
  }
}
