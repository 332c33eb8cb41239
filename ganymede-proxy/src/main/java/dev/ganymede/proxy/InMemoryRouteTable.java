package dev.ganymede.proxy;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The route table of a proxy running in this process: a trie of path segments with lock-free reads,
 * matched by longest prefix on whole segments like configurable-http-proxy's trie.
 *
 * <p>Matching rules: {@code /user/alice} matches {@code /user/alice}, {@code /user/alice/} and
 * {@code /user/alice/lab?x}, but not {@code /user/alicexyz}. The query string and fragment are
 * ignored. Segments are compared after percent-decoding (except {@code %2F}, which never becomes a
 * segment boundary), so {@code /user/a%40b} and {@code /user/a@b} are the same route. Empty
 * segments count: {@code /user//alice} does not match {@code /user/alice}. The root route {@code
 * /}, if present, matches every path.
 *
 * <p>Thread-safety: {@link #match}, {@link #get} and {@link #list} never lock and may run on any
 * thread, concurrently with writes; {@link #put} and {@link #remove} serialise among themselves on
 * a private lock and are visible to the next {@code match} that starts after they return. Every
 * {@link RouteTable} method completes its future before returning.
 *
 * <pre>{@code
 * InMemoryRouteTable routes = new InMemoryRouteTable();
 * routes.put(Route.of("/user/alice", URI.create("http://127.0.0.1:51234")));
 * routes.match("/user/alice/lab?reset").ifPresent(RouteMatch::recordActivity);
 * }</pre>
 */
public final class InMemoryRouteTable implements RouteTable {
  private final Clock clock;
  private final Node root = new Node(null, "");
  private final ConcurrentHashMap<String, RouteMatch> byCanonicalPrefix = new ConcurrentHashMap<>();
  private final Object writeLock = new Object();

  /** A table whose activity timestamps come from the system clock. */
  public InMemoryRouteTable() {
    this(Clock.systemUTC());
  }

  /** A table whose activity timestamps come from {@code clock} (tests use a fixed clock). */
  public InMemoryRouteTable(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Future<Void> put(Route route) {
    Objects.requireNonNull(route, "route");
    RouteMatch match = new RouteMatch(route, clock);
    synchronized (writeLock) {
      Node node = root;
      String prefix = route.prefix();
      if (!prefix.equals("/")) {
        int start = 1;
        while (start <= prefix.length()) {
          int end = segmentEnd(prefix, start, prefix.length());
          node = node.childOrCreate(PathSegments.segment(prefix, start, end));
          start = end + 1;
        }
      }
      node.match = match;
      byCanonicalPrefix.put(PathSegments.canonical(prefix), match);
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Boolean> remove(String prefix) {
    String canonical = PathSegments.canonical(Route.normalizePrefix(prefix));
    synchronized (writeLock) {
      RouteMatch removed = byCanonicalPrefix.remove(canonical);
      if (removed == null) {
        return Future.succeededFuture(false);
      }
      Node node = find(removed.route().prefix());
      if (node != null && node.match == removed) {
        node.match = null;
        prune(node);
      }
      return Future.succeededFuture(true);
    }
  }

  /** Every route, sorted by prefix, with its last activity; never locks. */
  @Override
  public Future<Map<String, RouteEntry>> list() {
    TreeMap<String, RouteEntry> all = new TreeMap<>();
    for (RouteMatch match : byCanonicalPrefix.values()) {
      all.put(match.route().prefix(), match.toEntry());
    }
    return Future.succeededFuture(Collections.unmodifiableMap(all));
  }

  /** The route stored under exactly this prefix (after normalisation), if any. */
  public Optional<RouteEntry> get(String prefix) {
    String canonical = PathSegments.canonical(Route.normalizePrefix(prefix));
    return Optional.ofNullable(byCanonicalPrefix.get(canonical)).map(RouteMatch::toEntry);
  }

  /**
   * The route with the longest prefix that matches {@code path} on whole segments, if any. This is
   * the hot path: no lock, and no allocation beyond one string per path segment that the trie
   * knows.
   *
   * @param path a request path, optionally with query string (as in an HTTP request target)
   */
  public Optional<RouteMatch> match(String path) {
    Objects.requireNonNull(path, "path");
    int end = PathSegments.pathEnd(path);
    RouteMatch best = root.match;
    Node node = root;
    if (end == 0) {
      return Optional.ofNullable(best);
    }
    int start = path.charAt(0) == '/' ? 1 : 0;
    while (start <= end) {
      ConcurrentHashMap<String, Node> children = node.children;
      if (children == null) {
        break;
      }
      int segmentEnd = segmentEnd(path, start, end);
      Node child = children.get(PathSegments.segment(path, start, segmentEnd));
      if (child == null) {
        break;
      }
      node = child;
      RouteMatch match = child.match;
      if (match != null) {
        best = match;
      }
      start = segmentEnd + 1;
    }
    return Optional.ofNullable(best);
  }

  /** How many routes the table holds. */
  public int size() {
    return byCanonicalPrefix.size();
  }

  private Node find(String prefix) {
    if (prefix.equals("/")) {
      return root;
    }
    Node node = root;
    int start = 1;
    while (start <= prefix.length()) {
      int end = segmentEnd(prefix, start, prefix.length());
      ConcurrentHashMap<String, Node> children = node.children;
      node = children == null ? null : children.get(PathSegments.segment(prefix, start, end));
      if (node == null) {
        return null;
      }
      start = end + 1;
    }
    return node;
  }

  /** Drops nodes that hold neither a route nor children, walking up; caller holds the lock. */
  private void prune(Node node) {
    Node current = node;
    while (current.parent != null && current.match == null && current.isLeaf()) {
      current.parent.children.remove(current.segment, current);
      current = current.parent;
    }
  }

  private static int segmentEnd(String path, int start, int end) {
    int slash = path.indexOf('/', start);
    return slash < 0 || slash > end ? end : slash;
  }

  /** One trie node; children are created lazily because most nodes (user routes) are leaves. */
  private static final class Node {
    final Node parent;
    final String segment;
    volatile ConcurrentHashMap<String, Node> children;
    volatile RouteMatch match;

    Node(Node parent, String segment) {
      this.parent = parent;
      this.segment = segment;
    }

    /** Caller holds the write lock. */
    Node childOrCreate(String childSegment) {
      ConcurrentHashMap<String, Node> map = children;
      if (map == null) {
        map = new ConcurrentHashMap<>(4);
        children = map;
      }
      return map.computeIfAbsent(childSegment, s -> new Node(this, s));
    }

    boolean isLeaf() {
      ConcurrentHashMap<String, Node> map = children;
      return map == null || map.isEmpty();
    }
  }
}
