package dev.ganymede.hub.spawner.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finding and ending a server process and everything it started.
 *
 * <p>Kernels are started by Jupyter in new sessions, so a process group does not hold them; they
 * are found as descendants of the server while it lives, and, on Linux, by the spawn marker every
 * process of one server inherits in its environment ({@code GANYMEDE_SPAWN_ID}), which also finds
 * kernels orphaned by a server that crashed.
 */
final class ProcessTree {
  static final String MARKER_ENV = "GANYMEDE_SPAWN_ID";
  private static final Logger log = LoggerFactory.getLogger(ProcessTree.class);
  private static final Path PROC = Path.of("/proc");
  private static final Duration START_TOLERANCE = Duration.ofSeconds(2);
  private static final Duration STRAY_GRACE = Duration.ofSeconds(3);

  private ProcessTree() {}

  /**
   * The live process with this pid, if it is the one that was recorded: same start time (exact
   * clock ticks where {@code /proc} tells them, else the start instant within two seconds). Guards
   * against a pid that was reused by another process.
   */
  static Optional<ProcessHandle> find(long pid, long startTicks, long startMillis) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (handle.isEmpty()) {
      return Optional.empty();
    }
    Optional<Long> ticks = startTicks(pid);
    if (startTicks > 0 && ticks.isPresent()) {
      return ticks.get() == startTicks ? handle : Optional.empty();
    }
    if (startMillis > 0) {
      Optional<Instant> started = handle.get().info().startInstant();
      if (started.isPresent()
          && Math.abs(started.get().toEpochMilli() - startMillis) > START_TOLERANCE.toMillis()) {
        return Optional.empty();
      }
    }
    return handle;
  }

  /** Start time of a process in clock ticks since boot (field 22 of {@code /proc/<pid>/stat}). */
  static Optional<Long> startTicks(long pid) {
    try {
      String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
      // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Optional.of(Long.parseLong(fields[19]));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Ends {@code root} (if present) and every process of the same server: SIGTERM to the server,
   * SIGKILL after {@code grace}; then SIGTERM, and SIGKILL a few seconds later, to its former
   * descendants and to every process marked with {@code spawnId} that is still alive.
   */
  static void terminate(Optional<ProcessHandle> root, String spawnId, Duration grace) {
    Set<ProcessHandle> others = new LinkedHashSet<>();
    root.ifPresent(r -> others.addAll(r.descendants().toList()));
    if (root.isPresent()) {
      ProcessHandle server = root.get();
      server.destroy();
      if (!awaitExit(List.of(server), grace)) {
        log.info("Server process {} did not exit within {}; killing it", server.pid(), grace);
        server.destroyForcibly();
        awaitExit(List.of(server), STRAY_GRACE);
      }
    }
    if (!spawnId.isEmpty()) {
      others.addAll(marked(spawnId));
    }
    root.ifPresent(others::remove);
    List<ProcessHandle> alive = others.stream().filter(ProcessHandle::isAlive).toList();
    if (alive.isEmpty()) {
      return;
    }
    log.info("Ending {} remaining processes of the server: {}", alive.size(), pids(alive));
    alive.forEach(ProcessHandle::destroy);
    if (!awaitExit(alive, STRAY_GRACE)) {
      alive.forEach(ProcessHandle::destroyForcibly);
      awaitExit(alive, STRAY_GRACE);
    }
  }

  /** Live processes whose environment holds {@code GANYMEDE_SPAWN_ID=<spawnId>} (Linux only). */
  static List<ProcessHandle> marked(String spawnId) {
    if (!Files.isDirectory(PROC)) {
      return List.of();
    }
    byte[] needle = (MARKER_ENV + "=" + spawnId + "\0").getBytes(StandardCharsets.UTF_8);
    long self = ProcessHandle.current().pid();
    List<ProcessHandle> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path entry : entries) {
        long pid;
        try {
          pid = Long.parseLong(entry.getFileName().toString());
        } catch (NumberFormatException e) {
          continue;
        }
        if (pid != self && environContains(entry.resolve("environ"), needle)) {
          ProcessHandle.of(pid).ifPresent(found::add);
        }
      }
    } catch (IOException e) {
      log.debug("Cannot list {}", PROC, e);
    }
    return found;
  }

  private static boolean environContains(Path environ, byte[] needle) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(environ);
    } catch (IOException | RuntimeException e) {
      return false; // gone, or another user's process
    }
    outer:
    for (int start = 0; start + needle.length <= bytes.length; start++) {
      if (start > 0 && bytes[start - 1] != 0) {
        continue;
      }
      for (int i = 0; i < needle.length; i++) {
        if (bytes[start + i] != needle[i]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** Waits until every process has exited or {@code timeout} passed; true if all exited. */
  private static boolean awaitExit(List<ProcessHandle> processes, Duration timeout) {
    CompletableFuture<?>[] exits =
        processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(exits).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return processes.stream().noneMatch(ProcessHandle::isAlive);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return processes.stream().noneMatch(ProcessHandle::isAlive);
    } catch (ExecutionException e) {
      return processes.stream().noneMatch(ProcessHandle::isAlive);
    }
  }

  private static List<Long> pids(List<ProcessHandle> processes) {
    return processes.stream().map(ProcessHandle::pid).toList();
  }
}
