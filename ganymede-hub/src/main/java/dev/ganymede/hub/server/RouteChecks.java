package dev.ganymede.hub.server;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconcile loop for an external proxy: runs {@link ServerManager#reconcileRoutes()} at start
 * and then every {@code interval} on one virtual thread, so that a restarted proxy gets its routes
 * back within one interval and route activity reaches the store. A proxy that cannot be reached is
 * logged once per outage and retried at the next tick; servers are never stopped over it.
 */
public final class RouteChecks implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RouteChecks.class);

  private final ServerManager servers;
  private final Duration interval;
  private volatile Optional<Thread> thread = Optional.empty();
  private volatile boolean closed;

  public RouteChecks(ServerManager servers, Duration interval) {
    this.servers = Objects.requireNonNull(servers, "servers");
    this.interval = Objects.requireNonNull(interval, "interval");
  }

  /** Starts the loop; its first check runs at once. */
  public synchronized void start() {
    if (thread.isPresent() || closed) {
      return;
    }
    thread = Optional.of(Thread.ofVirtual().name("proxy-route-checks").start(this::loop));
  }

  private void loop() {
    boolean reachable = true;
    while (!closed) {
      Optional<Integer> changed = servers.reconcileRoutes();
      if (changed.isEmpty() && reachable) {
        log.warn("The proxy's route API cannot be reached; retrying every {}", interval);
      } else if (changed.isPresent() && !reachable) {
        log.info("The proxy's route API is reachable again");
      }
      reachable = changed.isPresent();
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    thread.ifPresent(Thread::interrupt);
  }
}
