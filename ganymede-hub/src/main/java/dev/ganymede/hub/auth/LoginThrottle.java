package dev.ganymede.hub.auth;

import dev.ganymede.hub.config.AuthConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Refuses sign-ins after too many failures: at most {@link AuthConfig#throttleMaxFailures()} failed
 * attempts per user name, and at most {@link AuthConfig#throttleMaxFailuresPerAddress()} per client
 * address (a higher limit, for classrooms behind one address), within a sliding {@link
 * AuthConfig#throttleWindow()}. Further attempts are refused until the oldest failure in the window
 * has aged out; a refused attempt does not count as a failure.
 *
 * <p>Thread-safe; in memory only (a restart forgets all failures). Memory is bounded: each key
 * keeps at most its limit of timestamps, and each of the two tables keeps at most {@value
 * #DEFAULT_MAX_KEYS} keys by default, forgetting the key whose last failure is oldest.
 *
 * <pre>{@code
 * Optional<Duration> wait = throttle.blockedFor(name, address);
 * if (wait.isPresent()) return tooManyAttempts(wait.get());
 * if (passwordIsRight) throttle.recordSuccess(name, address); else throttle.recordFailure(name, address);
 * }</pre>
 */
public final class LoginThrottle {

  static final int DEFAULT_MAX_KEYS = 10_000;

  private final Duration window;
  private final Clock clock;
  private final Failures byUser;
  private final Failures byAddress;

  public LoginThrottle(AuthConfig config, Clock clock) {
    this(config, clock, DEFAULT_MAX_KEYS);
  }

  LoginThrottle(AuthConfig config, Clock clock, int maxKeys) {
    Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (config.throttleMaxFailures() < 1) {
      throw new IllegalArgumentException("auth.throttleMaxFailures must be at least 1");
    }
    if (config.throttleWindow().isNegative() || config.throttleWindow().isZero()) {
      throw new IllegalArgumentException("auth.throttleWindow must be positive");
    }
    if (config.throttleMaxFailuresPerAddress() < 1) {
      throw new IllegalArgumentException("auth.throttleMaxFailuresPerAddress must be at least 1");
    }
    this.window = config.throttleWindow();
    this.byUser = new Failures(maxKeys, config.throttleMaxFailures());
    this.byAddress = new Failures(maxKeys, config.throttleMaxFailuresPerAddress());
  }

  /** How long the caller must wait before another attempt, or empty if it may try now. */
  public Optional<Duration> blockedFor(String username, String clientAddress) {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Instant now = clock.instant();
    Duration wait = max(byUser.wait(key(username), now), byAddress.wait(clientAddress, now));
    return wait.isZero() ? Optional.empty() : Optional.of(wait);
  }

  /** Counts one failed attempt against the name and the address. */
  public void recordFailure(String username, String clientAddress) {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Instant now = clock.instant();
    byUser.add(key(username), now);
    byAddress.add(clientAddress, now);
  }

  /**
   * Forgets the name's failures. The address's failures stay: one good account must not reset the
   * count of someone guessing other accounts from the same address.
   */
  public void recordSuccess(String username, String clientAddress) {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(clientAddress, "clientAddress");
    byUser.clear(key(username));
  }

  /** How many names and addresses are remembered (for tests of the memory bound). */
  int trackedKeys() {
    return byUser.size() + byAddress.size();
  }

  private static String key(String username) {
    return UserNames.normalize(username);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** Recent failure times per key, least recently failed key first. Guarded by itself. */
  private final class Failures {
    private final LinkedHashMap<String, Deque<Instant>> times;
    private final int maxFailures;

    Failures(int maxKeys, int maxFailures) {
      this.maxFailures = maxFailures;
      this.times =
          new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
              return size() > maxKeys;
            }
          };
    }

    synchronized Duration wait(String key, Instant now) {
      Deque<Instant> recent = times.get(key);
      if (recent == null) {
        return Duration.ZERO;
      }
      dropExpired(recent, now);
      if (recent.isEmpty()) {
        times.remove(key);
        return Duration.ZERO;
      }
      if (recent.size() < maxFailures) {
        return Duration.ZERO;
      }
      return Duration.between(now, recent.peekFirst().plus(window));
    }

    synchronized void add(String key, Instant now) {
      Deque<Instant> recent = times.remove(key); // re-inserted below: most recent failure last
      if (recent == null) {
        recent = new ArrayDeque<>(Math.min(maxFailures, 16));
      }
      dropExpired(recent, now);
      if (recent.size() == maxFailures) {
        recent.removeFirst();
      }
      recent.addLast(now);
      times.put(key, recent);
    }

    synchronized void clear(String key) {
      times.remove(key);
    }

    synchronized int size() {
      return times.size();
    }

    private void dropExpired(Deque<Instant> recent, Instant now) {
      while (!recent.isEmpty() && !recent.peekFirst().plus(window).isAfter(now)) {
        recent.removeFirst();
      }
    }
  }
}
