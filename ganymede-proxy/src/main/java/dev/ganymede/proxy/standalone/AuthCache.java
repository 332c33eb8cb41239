package dev.ganymede.proxy.standalone;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A bounded cache of the hub's answers per (session cookie, route).
 *
 * <p>An answer is reused without asking the hub for {@code ttl} (a refusal for at most {@link
 * #DENY_TTL}, so that a user who just signed in is not kept out). Concurrent requests for the same
 * key share one question to the hub. After {@code ttl}, the hub is asked again; if it cannot be
 * reached, an allowing answer younger than {@code staleTtl} is still used, which keeps users
 * working while the hub restarts. At most {@code maxEntries} keys are kept: when full, expired
 * entries are dropped, and if that is not enough, all of them.
 *
 * <p>Thread-safe; never blocks.
 */
final class AuthCache {
  static final Duration DENY_TTL = Duration.ofSeconds(5);

  private final Clock clock;
  private final long ttlMillis;
  private final long staleMillis;
  private final int maxEntries;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  AuthCache(Clock clock, Duration ttl, Duration staleTtl, int maxEntries) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttlMillis = ttl.toMillis();
    this.staleMillis = Math.max(staleTtl.toMillis(), ttlMillis);
    this.maxEntries = maxEntries;
  }

  /** The answer for (session, route): cached, shared with a pending question, or asked now. */
  Future<AuthAnswer> answer(String session, String route, Supplier<Future<AuthAnswer>> askHub) {
    String key = session + '\u0000' + route;
    long now = clock.millis();
    Entry entry = entries.get(key);
    if (entry != null && now < entry.freshUntil) {
      return entry.answer;
    }
    Future<AuthAnswer> asked = askHub.get();
    if (entries.size() >= maxEntries) {
      entries.values().removeIf(e -> e.staleUntil <= now);
      if (entries.size() >= maxEntries) {
        entries.clear();
      }
    }
    Entry pending = new Entry(asked, now + ttlMillis, now + staleMillis);
    entries.put(key, pending);
    asked.onComplete(
        result -> {
          long done = clock.millis();
          if (result.succeeded()) {
            AuthAnswer answer = result.result();
            long fresh =
                answer.allow() ? done + ttlMillis : done + Math.min(ttlMillis, DENY_TTL.toMillis());
            entries.replace(
                key, pending, new Entry(asked, fresh, answer.allow() ? done + staleMillis : fresh));
          } else if (entry != null && usableWhenHubDown(entry, done)) {
            entries.replace(key, pending, entry);
          } else {
            entries.remove(key, pending);
          }
        });
    if (entry != null && usableWhenHubDown(entry, now)) {
      return asked.recover(e -> entry.answer);
    }
    return asked;
  }

  int size() {
    return entries.size();
  }

  private static boolean usableWhenHubDown(Entry entry, long now) {
    return now < entry.staleUntil && entry.answer.succeeded() && entry.answer.result().allow();
  }

  private record Entry(Future<AuthAnswer> answer, long freshUntil, long staleUntil) {}
}
