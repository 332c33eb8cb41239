package dev.ganymede.hub.server;

import dev.ganymede.hub.store.ServerRecord;
import dev.ganymede.hub.store.ServerState;
import dev.ganymede.hub.store.ServerStore;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The hub's in-memory view of one server and the coordination of its lifecycle: the last saved row,
 * what the user asked for (desired state), the worker thread reconciling it, the current spawn's
 * events and the server's secret.
 *
 * <p>Everything but {@link #token} and {@link #activity} is guarded by this object's monitor. The
 * row is written only through {@link #save}, under the monitor, so a checkpoint from the spawner
 * and a stop request cannot overwrite each other's changes.
 *
 * <p>The slot also keeps its server's share of the {@link SpawnAdmission} counts (pending while the
 * row is {@code STARTING}, active while something may run) in line with the row: every change of
 * the row through {@link #save}, {@link #adopt} or the first read moves the counts.
 */
final class ServerSlot {
  /** What the user last asked for. */
  enum Desired {
    NONE,
    RUNNING,
    STOPPED
  }

  final ServerKey key;
  final String basePath;
  final String routePrefix;
  private final SpawnAdmission admission;

  private boolean loaded;
  private Optional<ServerRecord> record = Optional.empty();
  private Desired desired = Desired.NONE;
  private Optional<Thread> worker = Optional.empty();
  private boolean spawning;
  private Optional<SpawnRun> run = Optional.empty();
  private Map<String, Object> userOptions = Map.of();
  private volatile Optional<String> token = Optional.empty();
  private volatile Optional<Instant> activity = Optional.empty();
  private boolean countedPending;
  private boolean countedActive;

  ServerSlot(ServerKey key, String basePath, SpawnAdmission admission) {
    this.key = Objects.requireNonNull(key, "key");
    this.basePath = Objects.requireNonNull(basePath, "basePath");
    this.routePrefix = UrlPaths.routePrefix(basePath);
    this.admission = Objects.requireNonNull(admission, "admission");
  }

  /** The row as last saved (read from the store on first use). */
  synchronized Optional<ServerRecord> record(ServerStore store) {
    if (!loaded) {
      record = store.find(key.user(), key.name());
      loaded = true;
      recount();
    }
    return record;
  }

  /**
   * Counts this server as pending and active ahead of saving its {@code STARTING} row; call {@link
   * #recount} if that save fails.
   *
   * @throws SpawnRefusedException if a spawn limit is reached (nothing is counted)
   */
  synchronized void admit() {
    if (countedPending || countedActive) {
      throw new IllegalStateException(key.subject() + " is already starting or active");
    }
    admission.admit();
    countedPending = true;
    countedActive = true;
  }

  /** Brings this server's share of the admission counts in line with its row. */
  synchronized void recount() {
    ServerState state = record.map(ServerRecord::state).orElse(ServerState.STOPPED);
    boolean pending = state == ServerState.STARTING;
    boolean active = state.mayBeRunning();
    int pendingDelta = (pending ? 1 : 0) - (countedPending ? 1 : 0);
    int activeDelta = (active ? 1 : 0) - (countedActive ? 1 : 0);
    if (pendingDelta != 0 || activeDelta != 0) {
      admission.adjust(pendingDelta, activeDelta);
    }
    countedPending = pending;
    countedActive = active;
  }

  /** The row as last saved, without reading the store. */
  synchronized Optional<ServerRecord> cachedRecord() {
    return record;
  }

  synchronized ServerState state(ServerStore store) {
    return record(store).map(ServerRecord::state).orElse(ServerState.STOPPED);
  }

  /** Writes {@code next} to the store, then remembers it. */
  synchronized void save(ServerStore store, ServerRecord next) {
    store.save(next);
    record = Optional.of(next);
    loaded = true;
    recount();
  }

  /** Remembers a row read elsewhere (recovery) without writing it. */
  synchronized void adopt(ServerRecord row) {
    record = Optional.of(row);
    loaded = true;
    recount();
  }

  synchronized Desired desired() {
    return desired;
  }

  synchronized void desire(Desired value) {
    desired = value;
  }

  synchronized Optional<SpawnRun> run() {
    return run;
  }

  synchronized void beginRun(SpawnRun value, Map<String, Object> options) {
    run = Optional.of(value);
    userOptions = Map.copyOf(options);
  }

  synchronized Map<String, Object> userOptions() {
    return userOptions;
  }

  synchronized Optional<Thread> worker() {
    return worker;
  }

  synchronized void worker(Optional<Thread> value) {
    worker = value;
  }

  synchronized boolean spawning() {
    return spawning;
  }

  synchronized void spawning(boolean value) {
    spawning = value;
  }

  Optional<String> token() {
    return token;
  }

  void token(Optional<String> value) {
    token = value;
  }

  Optional<Instant> activity() {
    return activity;
  }

  /** Raises the known last activity to {@code at}; true if it moved. */
  synchronized boolean touched(Instant at) {
    if (activity.isPresent() && !at.isAfter(activity.get())) {
      return false;
    }
    activity = Optional.of(at);
    return true;
  }
}
