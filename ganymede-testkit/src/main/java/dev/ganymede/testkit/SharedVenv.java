package dev.ganymede.testkit;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Python virtual environment shared by test JVMs: created once, on first use, and published
 * atomically. Creation holds a lock file beside the environment, so JVMs running in parallel create
 * it once; it is built in a sibling directory and published by renaming a symbolic link onto the
 * environment's path (a virtual environment cannot itself be moved: its scripts hold its absolute
 * path). A failed build leaves nothing behind, and leftovers of an interrupted one are removed by
 * the next. An existing environment that passes the completeness check is used as it is.
 *
 * <pre>{@code
 * SharedVenv venv = new SharedVenv("JupyterLab",
 *     SharedVenv.location("GANYMEDE_TEST_VENV", "test-venv"),
 *     dir -> Files.isExecutable(dir.resolve("bin/jupyter-lab")),
 *     build -> List.of(List.of("python3", "-m", "venv", build.toString()), ...));
 * Path ready = venv.ensure();
 * }</pre>
 */
final class SharedVenv {
  private static final Logger log = LoggerFactory.getLogger(SharedVenv.class);

  private final String label;
  private final Path location;
  private final Predicate<Path> complete;
  private final Function<Path, List<List<String>>> buildCommands;
  private Path ready; // guarded by this

  /**
   * @param label what the environment is for, in log lines and errors
   * @param location its directory (see {@link #location(String, String)})
   * @param complete whether a directory holds a usable environment
   * @param buildCommands the commands that create the environment in the given directory
   */
  SharedVenv(
      String label,
      Path location,
      Predicate<Path> complete,
      Function<Path, List<List<String>>> buildCommands) {
    this.label = label;
    this.location = location;
    this.complete = complete;
    this.buildCommands = buildCommands;
  }

  /**
   * The environment's directory; creates it first if needed (blocks while another thread or JVM
   * does). Once ready, the answer is remembered.
   */
  synchronized Path ensure() {
    if (ready == null) {
      ready = create();
    }
    return ready;
  }

  private Path create() {
    Path venv = location;
    if (complete.test(venv)) {
      return venv;
    }
    Path parent = venv.getParent();
    String name = venv.getFileName().toString();
    try {
      Files.createDirectories(parent);
      try (FileChannel channel =
              FileChannel.open(
                  parent.resolve("." + name + ".lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        if (complete.test(venv)) {
          return venv;
        }
        if (Files.exists(venv, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(venv)) {
          throw new IllegalStateException(
              venv
                  + " exists but is not a complete "
                  + label
                  + " environment; remove it or choose another directory");
        }
        removeLeftovers(parent, name);
        return build(venv, parent.resolve("." + name + "-" + System.currentTimeMillis()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the " + label + " environment " + venv, e);
    }
  }

  private Path build(Path venv, Path build) throws IOException {
    boolean published = false;
    try {
      log.info("Creating the {} test environment {} (about 30 s, once)", label, venv);
      for (List<String> command : buildCommands.apply(build)) {
        run(command);
      }
      Path link = venv.resolveSibling("." + venv.getFileName() + ".link-" + System.nanoTime());
      Files.createSymbolicLink(link, build.getFileName());
      Files.move(link, venv, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      published = true;
      log.info("{} test environment ready at {}", label, venv);
      return venv;
    } finally {
      if (!published) {
        deleteTree(build);
      }
    }
  }

  /**
   * The directory named by the environment variable {@code locationEnv}, or {@code
   * ${user.home}/.cache/ganymede/<defaultName>}.
   */
  static Path location(String locationEnv, String defaultName) {
    return Optional.ofNullable(System.getenv(locationEnv))
        .filter(v -> !v.isBlank())
        .map(Path::of)
        .orElse(Path.of(System.getProperty("user.home"), ".cache", "ganymede", defaultName))
        .toAbsolutePath()
        .normalize();
  }

  private static void run(List<String> command) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().put("PIP_RETRIES", "0");
    builder.environment().put("PIP_DISABLE_PIP_VERSION_CHECK", "1");
    Process process = builder.start();
    Deque<String> tail = new ArrayDeque<>();
    try (BufferedReader reader = process.inputReader()) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (tail.size() == 20) {
          tail.removeFirst();
        }
        tail.addLast(line);
      }
      int exit = process.waitFor();
      if (exit != 0) {
        throw new IllegalStateException(
            String.join(" ", command)
                + " failed with exit code "
                + exit
                + ":\n"
                + String.join("\n", tail));
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    }
  }

  private static void removeLeftovers(Path parent, String name) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, "." + name + "-*")) {
      for (Path entry : entries) {
        deleteTree(entry);
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
