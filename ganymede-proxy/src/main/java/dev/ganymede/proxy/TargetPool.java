package dev.ganymede.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Keep-alive HTTP/1.1 connections from one event loop to one target, for the Netty path ({@link
 * FastExchange}); the counterpart of Vert.x's client pool in {@link Upstream}, with the same bounds
 * from {@link ProxyOptions}:
 *
 * <ul>
 *   <li>at most {@code maxConnectionsPerTarget} connections (connecting, busy or idle);
 *   <li>beyond that, up to {@code maxWaitQueuePerTarget} requests wait for a connection, each at
 *       most {@code connectTimeout}; more fail at once;
 *   <li>connections idle longer than {@code keepAliveTimeout} are closed (checked when taken and by
 *       a sweep while any are idle); a connection the target closed is dropped when its close is
 *       seen, and never handed out while it is known closed.
 * </ul>
 *
 * <p>A pool without connections or waiters removes itself from its event loop's map. Idle
 * connections are taken last-in first-out, so a few warm connections serve light traffic and the
 * rest expire. Threading: used on its event loop only (channels connect on it too).
 */
final class TargetPool {
  /** As Vert.x's client allows on the other path: 64 KiB of headers and the status line. */
  private static final int MAX_RESPONSE_HEAD_BYTES = 64 * 1024 + 4096;

  /** Who asked for a connection; told exactly once, on the event loop. */
  interface Lease {
    /** A connection, freshly connected ({@code reused} false) or taken from the pool. */
    void acquired(PooledConnection connection, boolean reused);

    /** No connection: connect failure or timeout, or pool and wait queue full. */
    void unavailable(String reason);
  }

  private final EventLoop loop;
  private final Map<TargetAddress, TargetPool> owner;
  private final TargetAddress address;
  private final ProxyOptions options;
  private final Bootstrap bootstrap;
  private final long keepAliveNanos;
  private final long responseTimeoutNanos;
  private final ArrayDeque<PooledConnection> idle = new ArrayDeque<>();
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private int open;
  private final long connectTimeoutNanos;
  private ScheduledFuture<?> sweep;
  private ScheduledFuture<?> waiterTimer;

  TargetPool(
      EventLoop loop,
      ChannelFactory<? extends Channel> channels,
      TargetAddress address,
      ProxyOptions options,
      Map<TargetAddress, TargetPool> owner) {
    this.loop = loop;
    this.owner = owner;
    this.address = address;
    this.options = options;
    this.keepAliveNanos = options.keepAliveTimeout().toNanos();
    this.responseTimeoutNanos = options.responseTimeout().toNanos();
    this.connectTimeoutNanos = options.connectTimeout().toNanos();
    this.bootstrap =
        new Bootstrap()
            .group(loop)
            .channelFactory(channels)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                Math.toIntExact(options.connectTimeout().toMillis()))
            .handler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    channel
                        .pipeline()
                        .addLast(
                            "connection",
                            new PooledConnection(
                                TargetPool.this,
                                channel,
                                MAX_RESPONSE_HEAD_BYTES,
                                responseTimeoutNanos));
                  }
                });
  }

  /** Hands {@code lease} a connection: an idle one if {@code mayReuse}, else a new one. */
  void acquire(Lease lease, boolean mayReuse) {
    if (mayReuse) {
      long now = System.nanoTime();
      for (PooledConnection connection = idle.pollLast();
          connection != null;
          connection = idle.pollLast()) {
        if (connection.isActive() && now - connection.idleSinceNanos() < keepAliveNanos) {
          lease.acquired(connection, true);
          return;
        }
        connection.close();
      }
    }
    if (open < options.maxConnectionsPerTarget()) {
      connect(lease);
    } else if (waiters.size() < options.maxWaitQueuePerTarget()) {
      waiters.add(new Waiter(lease, System.nanoTime() + connectTimeoutNanos));
      if (waiterTimer == null) {
        armWaiterTimer(connectTimeoutNanos);
      }
    } else {
      lease.unavailable("connection pool and wait queue full");
    }
  }

  /**
   * Takes back a connection after an exchange: to the first waiter, or idle in the pool; closed
   * instead unless {@code reusable} (response complete, keep-alive, request fully sent).
   */
  void release(PooledConnection connection, boolean reusable) {
    connection.unbind();
    if (!reusable || !connection.isActive()) {
      connection.close();
      return;
    }
    Waiter waiter = waiters.poll();
    if (waiter != null) {
      waiter.lease.acquired(connection, true);
      return;
    }
    connection.markIdle(System.nanoTime());
    idle.addLast(connection);
    if (sweep == null) {
      sweep = loop.schedule(this::sweepIdle, keepAliveNanos, TimeUnit.NANOSECONDS);
    }
  }

  /** Called by a connection whose channel closed. */
  void closed(PooledConnection connection) {
    open--;
    idle.remove(connection);
    serveWaiter();
    leaveOwnerIfEmpty();
  }

  /**
   * An empty pool leaves its event loop's map (targets come and go with users' servers); an
   * exchange still holding it may use it on, and the next request builds a new one.
   */
  private void leaveOwnerIfEmpty() {
    if (open == 0 && waiters.isEmpty()) {
      owner.remove(address, this);
    }
  }

  private void connect(Lease lease) {
    open++;
    ChannelFuture connecting = bootstrap.connect(address.host(), address.port());
    connecting.addListener(
        f -> {
          if (f.isSuccess()) {
            lease.acquired(connecting.channel().pipeline().get(PooledConnection.class), false);
          } else {
            open--;
            lease.unavailable(String.valueOf(f.cause()));
            serveWaiter();
            leaveOwnerIfEmpty();
          }
        });
  }

  private void serveWaiter() {
    if (open < options.maxConnectionsPerTarget()) {
      Waiter waiter = waiters.poll();
      if (waiter != null) {
        connect(waiter.lease);
      }
    }
  }

  private void sweepIdle() {
    sweep = null;
    long now = System.nanoTime();
    long next = keepAliveNanos;
    for (PooledConnection connection : idle.toArray(PooledConnection[]::new)) {
      long idleFor = now - connection.idleSinceNanos();
      if (idleFor >= keepAliveNanos) {
        idle.remove(connection);
        connection.close();
      } else {
        next = Math.min(next, keepAliveNanos - idleFor);
      }
    }
    if (!idle.isEmpty()) {
      sweep = loop.schedule(this::sweepIdle, next, TimeUnit.NANOSECONDS);
    }
  }

  /** Closes every idle connection and fails the waiters (the proxy is closing). */
  void close() {
    for (PooledConnection connection = idle.poll(); connection != null; connection = idle.poll()) {
      connection.close();
    }
    for (Waiter waiter = waiters.poll(); waiter != null; waiter = waiters.poll()) {
      waiter.lease.unavailable("proxy closing");
    }
    if (waiterTimer != null) {
      waiterTimer.cancel(false);
      waiterTimer = null;
    }
    if (sweep != null) {
      sweep.cancel(false);
      sweep = null;
    }
  }

  /**
   * Expires the waiters whose time is up. Waiters queue in arrival order with the same timeout, so
   * their deadlines are ordered too: one timer, set for the oldest, serves them all.
   */
  private void expireWaiters() {
    waiterTimer = null;
    long now = System.nanoTime();
    for (Waiter waiter = waiters.peek(); waiter != null; waiter = waiters.peek()) {
      if (waiter.deadlineNanos - now > 0) {
        armWaiterTimer(waiter.deadlineNanos - now);
        return;
      }
      waiters.poll();
      waiter.lease.unavailable("no free connection within " + options.connectTimeout());
    }
  }

  private void armWaiterTimer(long delayNanos) {
    waiterTimer = loop.schedule(this::expireWaiters, delayNanos, TimeUnit.NANOSECONDS);
  }

  private record Waiter(Lease lease, long deadlineNanos) {}
}
