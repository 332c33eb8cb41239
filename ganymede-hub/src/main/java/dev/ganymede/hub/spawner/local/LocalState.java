package dev.ganymede.hub.spawner.local;

import dev.ganymede.hub.spawner.SpawnerState;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link LocalProcessSpawner} stores about one server process, so that a restarted hub can
 * find it: its pid, when it started (clock ticks since boot from {@code /proc} where available, and
 * epoch milliseconds), its port, the spawn id that also marks the environment of every process it
 * starts (kernels included), and its log file.
 */
record LocalState(
    long pid, long startTicks, long startMillis, int port, String spawnId, Path logFile) {

  static final String PID = "pid";
  static final String START_TICKS = "startTicks";
  static final String START_MILLIS = "startMillis";
  static final String PORT = "port";
  static final String SPAWN_ID = "spawnId";
  static final String LOG = "log";

  SpawnerState toSpawnerState() {
    return new SpawnerState(
        Map.of(
            PID, pid,
            START_TICKS, startTicks,
            START_MILLIS, startMillis,
            PORT, port,
            SPAWN_ID, spawnId,
            LOG, logFile.toString()));
  }

  /** Empty if the state holds no pid (nothing was started, or the state is another spawner's). */
  static Optional<LocalState> from(SpawnerState state) {
    Optional<Long> pid = state.number(PID);
    if (pid.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new LocalState(
            pid.get(),
            state.number(START_TICKS).orElse(0L),
            state.number(START_MILLIS).orElse(0L),
            state.number(PORT).orElse(0L).intValue(),
            state.string(SPAWN_ID).orElse(""),
            Path.of(state.string(LOG).orElse(""))));
  }
}
