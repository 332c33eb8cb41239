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
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Python virtual environment with JupyterLab for tests that start real Jupyter servers.
 *
 * <p>The environment lives at {@code $GANYMEDE_TEST_VENV}, or by default at {@code
 * ${user.home}/.cache/ganymede/test-venv}, and is created on first use ({@code python3 -m venv},
 * then {@code pip install --retries 0 jupyterlab}; about half a minute from the local package
 * mirror). Creation holds a lock file beside it, so test JVMs running in parallel create it once,
 * and is atomic: the environment is built in a sibling directory and published by renaming a
 * symbolic link onto the environment's path (a virtual environment cannot itself be moved, its
 * scripts hold its absolute path). An existing environment that has {@code bin/jupyter-lab} is used
 * as it is, so {@code GANYMEDE_TEST_VENV} may also point at any JupyterLab installation.
 *
 * <pre>{@code
 * Path jupyterLab = JupyterFixture.jupyterLab();   // blocks until the environment exists
 * new ProcessBuilder(jupyterLab.toString(), "--version").start();
 * }</pre>
 *
 * <p>Thread-safe; every method blocks until the environment is ready and throws {@link
 * IllegalStateException} with pip's output if it cannot be created.
 */
public final class JupyterFixture {
  /** Environment variable naming the environment's directory. */
  public static final String VENV_ENV = "GANYMEDE_TEST_VENV";

  private static final Logger log = LoggerFactory.getLogger(JupyterFixture.class);
  private static Path ready; // guarded by JupyterFixture.class

  private JupyterFixture() {}

  /**
   * The environment's directory (its {@code bin/} holds {@code python} and {@code jupyter-lab}).
   */
  public static synchronized Path venv() {
    if (ready == null) {
      ready = ensure(location());
    }
    return ready;
  }

  /** The environment's {@code bin/jupyter-lab}. */
  public static Path jupyterLab() {
    return venv().resolve("bin").resolve("jupyter-lab");
  }

  /** The environment's {@code bin/} directory. */
  public static Path binDir() {
    return venv().resolve("bin");
  }

  private static Path location() {
    return Optional.ofNullable(System.getenv(VENV_ENV))
        .filter(v -> !v.isBlank())
        .map(Path::of)
        .orElse(Path.of(System.getProperty("user.home"), ".cache", "ganymede", "test-venv"))
        .toAbsolutePath()
        .normalize();
  }

  private static Path ensure(Path venv) {
    if (Files.isExecutable(venv.resolve("bin").resolve("jupyter-lab"))) {
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
        if (Files.isExecutable(venv.resolve("bin").resolve("jupyter-lab"))) {
          return venv;
        }
        if (Files.exists(venv, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(venv)) {
          throw new IllegalStateException(
              venv + " exists but has no bin/jupyter-lab; remove it or set " + VENV_ENV);
        }
        removeLeftovers(parent, name);
        Path build = parent.resolve("." + name + "-" + System.currentTimeMillis());
        boolean published = false;
        try {
          log.info("Creating the JupyterLab test environment {} (about 30 s, once)", venv);
          run(List.of("python3", "-m", "venv", build.toString()));
          run(
              List.of(
                  build.resolve("bin").resolve("pip").toString(),
                  "install",
                  "--retries",
                  "0",
                  "jupyterlab"));
          Path link = parent.resolve("." + name + ".link-" + System.nanoTime());
          Files.createSymbolicLink(link, build.getFileName());
          Files.move(
              link, venv, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          published = true;
          log.info("JupyterLab test environment ready at {}", venv);
          return venv;
        } finally {
          if (!published) {
            deleteTree(build);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the JupyterLab test environment " + venv, e);
    }
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
