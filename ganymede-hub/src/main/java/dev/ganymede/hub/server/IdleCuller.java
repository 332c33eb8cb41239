package dev.ganymede.hub.server;

import dev.ganymede.hub.config.CullerConfig;
import dev.ganymede.hub.event.EventSink;
import dev.ganymede.hub.event.HubEvent;
import dev.ganymede.hub.store.ServerRecord;
import dev.ganymede.hub.store.ServerState;
import dev.ganymede.hub.store.ServerStore;
import dev.ganymede.hub.store.User;
import dev.ganymede.hub.store.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in idle culler, deciding like jupyterhub-idle-culler: a running server whose last
 * activity (or, without any, its start) is at least {@code timeout} ago is stopped; with {@code
 * maxAge}, so is one started at least that long ago; with {@code cullUsers}, users idle for the
 * timeout without a server that may run are deleted (administrators only with {@code
 * cullAdminUsers}); with {@code removeNamedServers}, named servers it stopped are deleted once
 * stopped.
 *
 * <p><b>Model.</b> Level-based: each {@link #cullOnce()} looks at the stored servers and users
 * afresh (after copying the proxy's route activity into the store), so a missed run or a hub
 * restart loses nothing. Stops go through {@link ServerManager#stop}, which serialises them per
 * server; at most {@code concurrency} stop calls are in flight. Each cull publishes a {@code
 * server.cull} (or {@code user.cull}) event by actor {@code culler}.
 *
 * <p><b>Threading.</b> {@link #start()} runs {@link #cullOnce()} every {@code every} on one virtual
 * thread ({@code idle-culler}); {@link #cullOnce()} blocks and may also be called directly (tests,
 * with a fixed clock). {@link #close()} stops the loop.
 */
public final class IdleCuller implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IdleCuller.class);
  public static final String ACTOR = "culler";

  private final CullerConfig config;
  private final ServerManager servers;
  private final ServerStore serverStore;
  private final UserStore users;
  private final Consumer<String> deleteUser;
  private final EventSink events;
  private final Clock clock;
  private final Set<ServerKey> toRemove = ConcurrentHashMap.newKeySet();
  private final Object loopLock = new Object();
  private Optional<Thread> loop = Optional.empty(); // guarded by loopLock

  /**
   * @param deleteUser deletes one user (with its servers' rows), publishing its own event
   */
  public IdleCuller(
      CullerConfig config,
      ServerManager servers,
      ServerStore serverStore,
      UserStore users,
      Consumer<String> deleteUser,
      EventSink events,
      Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.servers = Objects.requireNonNull(servers, "servers");
    this.serverStore = Objects.requireNonNull(serverStore, "serverStore");
    this.users = Objects.requireNonNull(users, "users");
    this.deleteUser = Objects.requireNonNull(deleteUser, "deleteUser");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** What one run did. */
  public record CullReport(List<String> stopped, List<String> removed, List<String> deletedUsers) {
    public CullReport {
      stopped = List.copyOf(stopped);
      removed = List.copyOf(removed);
      deletedUsers = List.copyOf(deletedUsers);
    }
  }

  /** Starts the periodic loop (idempotent). */
  public void start() {
    synchronized (loopLock) {
      if (loop.isPresent()) {
        return;
      }
      Duration every = config.interval();
      loop =
          Optional.of(
              Thread.ofVirtual()
                  .name("idle-culler")
                  .start(
                      () -> {
                        while (true) {
                          try {
                            Thread.sleep(every);
                          } catch (InterruptedException e) {
                            return;
                          }
                          try {
                            cullOnce();
                          } catch (RuntimeException e) {
                            log.error("Idle culler run failed; trying again in {}", every, e);
                          }
                        }
                      }));
      log.info(
          "Idle culler started: timeout {}, every {}, max age {}",
          config.timeout(),
          every,
          config.maxAge().map(Duration::toString).orElse("none"));
    }
  }

  /** One pass over all servers and (with {@code cullUsers}) users. Blocks. */
  public CullReport cullOnce() {
    servers.syncActivity();
    Instant now = clock.instant();
    List<String> stopped = new ArrayList<>();
    List<String> removed = removeStoppedNamedServers();
    List<ServerRecord> rows = serverStore.list();
    Semaphore permits = new Semaphore(config.concurrency());
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (ServerRecord row : rows) {
        if (row.state() != ServerState.RUNNING) {
          continue;
        }
        Optional<String> reason = reason(row, now);
        if (reason.isEmpty()) {
          continue;
        }
        ServerKey key = new ServerKey(row.user(), row.name());
        stopped.add(key.subject());
        if (config.removeNamedServers() && !row.name().isEmpty()) {
          toRemove.add(key);
        }
        permits.acquireUninterruptibly();
        executor.submit(
            () -> {
              try {
                cull(key, reason.get());
              } finally {
                permits.release();
              }
            });
      }
    }
    List<String> deleted = config.cullUsers() ? cullUsers(now) : List.of();
    return new CullReport(stopped, removed, deleted);
  }

  @Override
  public void close() {
    synchronized (loopLock) {
      loop.ifPresent(Thread::interrupt);
      loop = Optional.empty();
    }
  }

  private Optional<String> reason(ServerRecord row, Instant now) {
    Optional<Instant> started = row.startedAt();
    Optional<Instant> active =
        servers.view(row.user(), row.name()).lastActivity().or(() -> row.lastActivity());
    Optional<Instant> since =
        active.isPresent() && started.isPresent()
            ? Optional.of(active.get().isAfter(started.get()) ? active.get() : started.get())
            : active.or(() -> started);
    if (since.isPresent()) {
      Duration idle = Duration.between(since.get(), now);
      if (idle.compareTo(config.timeout()) >= 0) {
        return Optional.of("idle for " + idle.toSeconds() + " s");
      }
    }
    if (config.maxAge().isPresent() && started.isPresent()) {
      Duration age = Duration.between(started.get(), now);
      if (age.compareTo(config.maxAge().get()) >= 0) {
        return Optional.of("running for " + age.toSeconds() + " s");
      }
    }
    return Optional.empty();
  }

  private void cull(ServerKey key, String reason) {
    try {
      log.info("Culling server {}: {}", key.subject(), reason);
      events.publish(
          new HubEvent(
              clock.instant(),
              "server.cull",
              ACTOR,
              key.subject(),
              "",
              "success",
              Map.of("reason", reason)));
      servers.stop(key.user(), key.name());
    } catch (RuntimeException e) {
      log.warn("Culling server {} failed", key.subject(), e);
    }
  }

  private List<String> removeStoppedNamedServers() {
    List<String> removed = new ArrayList<>();
    for (ServerKey key : List.copyOf(toRemove)) {
      ServerState state = servers.view(key.user(), key.name()).state();
      if (!state.mayBeRunning()) {
        serverStore.delete(key.user(), key.name());
        toRemove.remove(key);
        removed.add(key.subject());
        log.info("Removed culled named server {}", key.subject());
      }
    }
    return removed;
  }

  private List<String> cullUsers(Instant now) {
    List<String> deleted = new ArrayList<>();
    for (User user : users.list()) {
      if (user.admin() && !config.cullAdminUsers()) {
        continue;
      }
      boolean mayRun =
          serverStore.listFor(user.name()).stream().anyMatch(s -> s.state().mayBeRunning());
      Instant last = user.lastActivity().orElse(user.createdAt());
      for (ServerRecord s : serverStore.listFor(user.name())) {
        Optional<Instant> serverLast = s.lastActivity();
        if (serverLast.isPresent() && serverLast.get().isAfter(last)) {
          last = serverLast.get();
        }
      }
      if (mayRun || Duration.between(last, now).compareTo(config.timeout()) < 0) {
        continue;
      }
      try {
        log.info("Culling user {}: idle since {}", user.name(), last);
        events.publish(
            new HubEvent(
                clock.instant(),
                "user.cull",
                ACTOR,
                user.name(),
                "",
                "success",
                Map.of("idleSince", last.toString())));
        deleteUser.accept(user.name());
        deleted.add(user.name());
      } catch (RuntimeException e) {
        log.warn("Culling user {} failed", user.name(), e);
      }
    }
    return deleted;
  }
}
