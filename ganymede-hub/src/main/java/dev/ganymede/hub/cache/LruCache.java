package dev.ganymede.hub.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A bounded map that forgets its least recently used entry beyond {@code capacity}, and every entry
 * older than {@code maxAge}. Thread-safe (one lock; every operation is a few map steps).
 *
 * <p>Coherence with a source of truth: {@link #getOrLoad} reads the source outside the lock and
 * keeps the result only if no {@link #remove}, {@link #removeIf} or {@link #clear} ran meanwhile,
 * so a writer that changes the source and then invalidates can never be overtaken by a reader that
 * loaded the old value:
 *
 * <pre>{@code
 * Optional<User> user = cache.getOrLoad(name, () -> store.find(name)); // readers
 * store.setAdmin(name, false); cache.remove(name);                     // writers: source first
 * }</pre>
 *
 * <p>A capacity of 0 turns the cache off: nothing is kept, every lookup loads.
 */
public final class LruCache<K, V> {
  private final int capacity;
  private final long maxAgeNanos;
  private final LongSupplier clock;
  private final LinkedHashMap<K, Slot<V>> map;
  private long generation;

  private record Slot<V>(V value, long loadedAt) {}

  /**
   * @param capacity most entries kept, 0 or more
   * @param maxAge how long an entry may be served after it was loaded
   */
  public LruCache(int capacity, Duration maxAge) {
    this(capacity, maxAge, System::nanoTime);
  }

  LruCache(int capacity, Duration maxAge, LongSupplier nanoClock) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be 0 or more, got " + capacity);
    }
    this.capacity = capacity;
    this.maxAgeNanos = Objects.requireNonNull(maxAge, "maxAge").toNanos();
    this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.map =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, Slot<V>> eldest) {
            return size() > LruCache.this.capacity;
          }
        };
  }

  /** The cached value, if present and young enough. */
  public synchronized Optional<V> get(K key) {
    Slot<V> entry = map.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (clock.getAsLong() - entry.loadedAt() > maxAgeNanos) {
      map.remove(key);
      return Optional.empty();
    }
    return Optional.of(entry.value());
  }

  /**
   * The cached value, else what {@code loader} reads (blocking, outside the lock); a present result
   * is kept unless the cache was invalidated while it loaded. Empty results are not kept.
   */
  public Optional<V> getOrLoad(K key, Supplier<Optional<V>> loader) {
    long ticket;
    synchronized (this) {
      Optional<V> cached = get(key);
      if (cached.isPresent()) {
        return cached;
      }
      ticket = generation;
    }
    Optional<V> loaded = loader.get();
    loaded.ifPresent(value -> putIfUnchanged(ticket, key, value));
    return loaded;
  }

  /**
   * The values of {@code keys}: the cached ones, and the others from one call of {@code loader}
   * with the keys it lacks (blocking, outside the lock); a key the loader's answer leaves out gets
   * {@code absent}. Loaded values are kept as {@link #getOrLoad} keeps them: unless the cache was
   * invalidated while they loaded. Returns a new mutable map.
   */
  public Map<K, V> getAllOrLoad(Collection<K> keys, Function<List<K>, Map<K, V>> loader, V absent) {
    Map<K, V> values = new HashMap<>();
    List<K> missing = new ArrayList<>();
    for (K key : keys) {
      Optional<V> cached = get(key);
      if (cached.isPresent()) {
        values.put(key, cached.get());
      } else {
        missing.add(key);
      }
    }
    if (!missing.isEmpty()) {
      long ticket = ticket();
      Map<K, V> loaded = loader.apply(missing);
      for (K key : missing) {
        V value = loaded.getOrDefault(key, absent);
        putIfUnchanged(ticket, key, value);
        values.put(key, value);
      }
    }
    return values;
  }

  /** A ticket for {@link #putIfUnchanged}: take it before reading the source. */
  public synchronized long ticket() {
    return generation;
  }

  /** Keeps {@code value} unless the cache was invalidated since {@code ticket} was taken. */
  public synchronized void putIfUnchanged(long ticket, K key, V value) {
    if (ticket == generation && capacity > 0) {
      map.put(Objects.requireNonNull(key, "key"), new Slot<>(value, clock.getAsLong()));
    }
  }

  /** Keeps {@code value} (for memos whose key is every input, which need no invalidation). */
  public synchronized void put(K key, V value) {
    if (capacity > 0) {
      map.put(Objects.requireNonNull(key, "key"), new Slot<>(value, clock.getAsLong()));
    }
  }

  public synchronized void remove(K key) {
    generation++;
    map.remove(key);
  }

  /** Removes every entry that {@code matches}. */
  public synchronized void removeIf(BiPredicate<K, V> matches) {
    generation++;
    for (Iterator<Map.Entry<K, Slot<V>>> it = map.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<K, Slot<V>> e = it.next();
      if (matches.test(e.getKey(), e.getValue().value())) {
        it.remove();
      }
    }
  }

  public synchronized void clear() {
    generation++;
    map.clear();
  }

  public synchronized int size() {
    return map.size();
  }
}
